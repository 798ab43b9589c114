using System.Globalization;
using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;

namespace TutorBot.Delivery;

/// <summary>
/// One thing to do for one recipient (CC's per-recipient delivery row): a reminder, a card to the other side of a
/// change, an edit of an earlier card, an invitation, a calendar booking. While pending it lives in
/// <see cref="OutboxStore.Table"/>, partitioned by due minute plus a small shard, keyed by what it is; once finished
/// it moves to <see cref="OutboxStore.DoneTable"/>, partitioned by finish day.
/// </summary>
public sealed class OutboxRow : ITableEntity
{
    /// <summary>Shards per due minute: a busy minute spreads over this many partitions.</summary>
    public const int Shards = 8;

    public string PartitionKey { get; set; } = "";

    /// <summary>The escaped <see cref="Key"/> (pending); the escaped key and the finish time (done).</summary>
    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>Which handler runs it (a feature's <c>const string</c>).</summary>
    public string Kind { get; set; } = "";

    /// <summary>What it is, e.g. <c>session/42/hourBefore/student</c>: planning the same thing again is an upsert.</summary>
    public string Key { get; set; } = "";

    public DateTimeOffset DueUtc { get; set; }

    /// <summary>When the worker may next look at it: the due time, a retry's time, or the end of a lease.</summary>
    public DateTimeOffset NextUtc { get; set; }

    public string? TenantId { get; set; }

    /// <summary>The one recipient (a programme person id or a Teams user id, as the kind's handler expects).</summary>
    public string? RecipientId { get; set; }

    /// <summary>The conversation it goes to when known: the per-conversation limit counts by it.</summary>
    public string? ConversationId { get; set; }

    /// <summary>Small JSON the handler reads: ids, never card bodies or names.</summary>
    public string? Payload { get; set; }

    public int Attempts { get; set; }

    public string? Owner { get; set; }

    public DateTimeOffset? LeaseUntilUtc { get; set; }

    /// <summary>Empty while pending; the final state (<see cref="DeliveryStates"/>) once finished.</summary>
    public string Outcome { get; set; } = "";

    /// <summary>The last try's state (a <c>Later</c> while retrying) and its reason: ids and codes, no free text.</summary>
    public string? LastOutcome { get; set; }

    public string? Reason { get; set; }

    public string? ActivityId { get; set; }

    public DateTimeOffset? FinishedUtc { get; set; }

    /// <summary>
    /// Set on claim: a previous run claimed this row and never recorded an outcome (its instance stopped mid-row),
    /// so a send may already have happened; the handler decides.
    /// </summary>
    [IgnoreDataMember]
    public bool WasInterrupted { get; set; }

    /// <summary>
    /// A row to plan. <paramref name="group"/> picks the shard instead of the key, so the rows of one thing (a
    /// session's messages due the same minute) share a partition and can be written in one transaction.
    /// </summary>
    public static OutboxRow Create(
        string kind,
        string key,
        DateTimeOffset dueUtc,
        string? tenantId,
        string? recipientId,
        string? payload = null,
        string? conversationId = null,
        string? group = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new OutboxRow
        {
            PartitionKey = PendingPartition(dueUtc, group ?? key),
            RowKey = Escape(key),
            Kind = kind,
            Key = key,
            DueUtc = dueUtc,
            NextUtc = dueUtc,
            TenantId = tenantId,
            RecipientId = recipientId,
            ConversationId = conversationId,
            Payload = payload,
        };
    }

    internal OutboxRow Copy() => (OutboxRow)MemberwiseClone();

    /// <summary><c>yyyyMMddHHmm-s</c>: sorts by due minute, so <c>PartitionKey le '&lt;now&gt;~'</c> reads due minutes only.</summary>
    public static string PendingPartition(DateTimeOffset dueUtc, string shardBy) =>
        Bucket(dueUtc) + "-" + Shard(shardBy).ToString(CultureInfo.InvariantCulture);

    /// <summary>Every pending partition whose minute has come sorts at or before this.</summary>
    public static string DueUpTo(DateTimeOffset nowUtc) => Bucket(nowUtc) + "~";

    public static string DonePartition(DateTimeOffset finishedUtc) => finishedUtc.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Escape(string key) => Uri.EscapeDataString(key);

    private static string Bucket(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    /// <summary>FNV-1a: stable across processes and runtimes, unlike <c>string.GetHashCode</c>.</summary>
    private static int Shard(string value)
    {
        var hash = 2166136261u;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Shards);
    }
}

/// <summary>Named states of a row (the <c>LastOutcome</c> of a try, the <c>Outcome</c> of a finished row).</summary>
public static class DeliveryStates
{
    /// <summary>Done: the activity went out (its id is kept).</summary>
    public const string Sent = "Sent";

    /// <summary>Not done yet, certainly not sent (429, 503, a timeout before sending): tried again after a backoff.</summary>
    public const string Later = "Later";

    /// <summary>Will never succeed (blocked bot, unknown user, a permanent 4xx, attempts exhausted): kept for the coordinator.</summary>
    public const string Never = "Never";

    /// <summary>The send may have happened (a timeout or 500/502/504 after the POST left): not tried again blindly.</summary>
    public const string Uncertain = "Uncertain";

    /// <summary>No longer wanted: checked against current state, the change it served lost its race or moved on.</summary>
    public const string Dropped = "Dropped";
}

/// <summary>What a handler says about one row.</summary>
public sealed record DeliveryOutcome(string State, string? Reason = null, string? ActivityId = null, TimeSpan? RetryAfter = null)
{
    public static DeliveryOutcome Sent(string? activityId = null) => new(DeliveryStates.Sent, ActivityId: activityId);

    public static DeliveryOutcome Later(string reason, TimeSpan? retryAfter = null) => new(DeliveryStates.Later, reason, RetryAfter: retryAfter);

    public static DeliveryOutcome Never(string reason) => new(DeliveryStates.Never, reason);

    public static DeliveryOutcome Uncertain(string reason) => new(DeliveryStates.Uncertain, reason);

    public static DeliveryOutcome Dropped(string reason) => new(DeliveryStates.Dropped, reason);
}

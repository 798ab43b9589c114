using Azure;
using Azure.Data.Tables;

namespace TutorBot.Features.Waves;

/// <summary>Where one recipient's card stands. Empty is queued; <see cref="Sending"/> is the mark written just before the POST.</summary>
public static class RecipientStates
{
    public const string Queued = "";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Unreachable = "unreachable";
    public const string Failed = "failed";

    /// <summary>The POST may have reached Teams (a mark with no outcome, or a timeout after the request left): never sent again.</summary>
    public const string Uncertain = "uncertain";

    /// <summary>The wave was cancelled before this card went out.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Settled: nothing more will be sent for it (a nudge state uses the same names, plus <see cref="Skipped"/>).</summary>
    public static bool IsFinal(string? state) => state is Sent or Unreachable or Failed or Uncertain or Cancelled or Skipped;

    /// <summary>A nudge not needed: the person answered, or never got the first card.</summary>
    public const string Skipped = "skipped";
}

/// <summary>
/// One recipient of a wave, in the wave's partition (<c>w|{waveId}</c>, row <c>r|{personId}</c>): the recipient's
/// role and school (for the coordinator's CSV), the card's state and reason, the answer, the nudge's state. The
/// counts of a wave are derived from these rows, so every instance sees the same progress.
/// </summary>
public sealed class WaveRecipient : ITableEntity
{
    public const string Prefix = "r|";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Role { get; set; } = "";

    public string? SchoolId { get; set; }

    /// <summary>The roster partition of someone the bot has not heard from yet (what a proactive installation needs).</summary>
    public string? Roster { get; set; }

    /// <summary>Which group of the plan its outbox rows share a partition with: a resume re-plans the same rows.</summary>
    public int Chunk { get; set; }

    public string State { get; set; } = RecipientStates.Queued;

    /// <summary>Why it is not sent: a code (status, "not installed"), never free text.</summary>
    public string? Reason { get; set; }

    public DateTimeOffset? SendingUtc { get; set; }

    public DateTimeOffset? SentUtc { get; set; }

    public string? ActivityId { get; set; }

    /// <summary>The chosen answer's index (0..2), null until answered.</summary>
    public int? Answer { get; set; }

    public DateTimeOffset? AnsweredUtc { get; set; }

    public string NudgeState { get; set; } = RecipientStates.Queued;

    public DateTimeOffset? NudgedUtc { get; set; }

    public string PersonId => RowKey[Prefix.Length..];

    public static string Partition(string waveId) => "w|" + waveId;

    public static string Row(string personId) => Prefix + Conversation.ConversationStore.Key(personId);

    public static WaveRecipient For(string waveId, WaveCandidate c, int chunk) => new()
    {
        PartitionKey = Partition(waveId),
        RowKey = Row(c.Id),
        Role = c.Role,
        SchoolId = c.SchoolId,
        Roster = c.RosterPartition,
        Chunk = chunk,
    };

    /// <summary>The card may go out (nothing recorded yet); a mark left by a run that stopped is not this.</summary>
    public bool AwaitsCard => State == RecipientStates.Queued;

    /// <summary>A nudge is for someone who got the card, has not answered and was not nudged.</summary>
    public bool AwaitsNudge => State == RecipientStates.Sent && Answer is null && NudgeState == RecipientStates.Queued;
}

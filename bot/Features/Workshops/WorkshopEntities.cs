using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;

namespace TutorBot.Features.Workshops;

/// <summary>A student's registration (inscription) to a workshop or visit, in the workshop's partition.</summary>
public sealed class Registration : ITableEntity
{
    public const string Prefix = "reg:";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string PersonId { get; set; } = "";

    public string Status { get; set; } = RegistrationStatus.Confirmed;

    /// <summary>Arrival number, given in the sign-up's transaction: the waiting list is served in this order.</summary>
    public long Seq { get; set; }

    public DateTimeOffset SignedUpUtc { get; set; }

    public DateTimeOffset? PromotedUtc { get; set; }

    public DateTimeOffset? CancelledUtc { get; set; }

    [IgnoreDataMember]
    public bool IsActive => RegistrationStatus.IsActive(Status);

    /// <summary>Whether this registration is the one a promotion notice (of arrival number <paramref name="seq"/>) is about.</summary>
    public bool WasPromoted(long seq) => Status == RegistrationStatus.Confirmed && PromotedUtc is not null && Seq == seq;

    public static string Key(string personId) => Prefix + personId;
}

/// <summary>
/// One student's presence at a workshop or visit, its own row in the workshop's partition: two people marking
/// different students at once write different rows.
/// </summary>
public sealed class Presence : ITableEntity
{
    public const string Prefix = "att:";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string PersonId { get; set; } = "";

    public bool Present { get; set; }

    /// <summary>Who marked it (a person id).</summary>
    public string By { get; set; } = "";

    public DateTimeOffset MarkedUtc { get; set; }

    public static string Key(string personId) => Prefix + personId;
}

/// <summary>A tutor or partner employee who offered to speak at a workshop (intervenant), and the coordinator's decision.</summary>
public sealed class Speaker : ITableEntity
{
    public const string Prefix = "spk:";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string PersonId { get; set; } = "";

    public bool English { get; set; }

    /// <summary>A <see cref="SpeakerStatus"/> value; rows written before requests existed were added directly, so approved.</summary>
    public string Status { get; set; } = SpeakerStatus.Approved;

    public DateTimeOffset SignedUpUtc { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? DecidedUtc { get; set; }

    public static string Key(string personId) => Prefix + personId;
}

public static class SentCardStatus
{
    /// <summary>Claimed by the outbox row sending it: the POST may be under way, or may have left before a crash.</summary>
    public const string Sending = "sending";
    public const string Sent = "sent";

    /// <summary>403 MessageWritesBlocked, or no chat with the bot that could be opened.</summary>
    public const string Unreachable = "unreachable";
}

/// <summary>
/// A card sent to one person about this workshop ("sent:invite:{person}"), in the workshop's partition. The outbox
/// runs one row once, but the same card may be planned again after its row finished (a repeated publish, a notice
/// planned before its change and again after it): this row, added before the send, makes the second one a no-op.
/// </summary>
public sealed class SentCard : ITableEntity
{
    public const string Prefix = "sent:";

    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Status { get; set; } = SentCardStatus.Sending;

    public string? ActivityId { get; set; }

    public DateTimeOffset ClaimedUtc { get; set; }

    /// <summary>"invite/student-tom" → "sent:invite:student-tom" (a row key has no '/').</summary>
    public static string Key(string what) => Prefix + what.Replace('/', ':');
}

using Azure;
using Azure.Data.Tables;

namespace TutorBot.Features.Tutoring;

public static class SessionStatus
{
    public const string Proposed = "proposed";
    public const string Confirmed = "confirmed";
    public const string Declined = "declined";

    /// <summary>The student asked for another time.</summary>
    public const string CounterProposed = "counterProposed";
}

public static class Places
{
    public const string Teams = "teams";
    public const string Company = "company";
    public const string School = "school";

    public static readonly string[] All = [Teams, Company, School];
}

/// <summary>
/// A tutoring session (séance de tutorat) of one pair. Partition = the student (one tutor per student), so a
/// pair's history is one partition read. Times are UTC; cards show them in Europe/Paris.
/// </summary>
public sealed class TutoringSession : ITableEntity
{
    /// <summary>The student's person id.</summary>
    public string PartitionKey { get; set; } = "";

    /// <summary>The session id.</summary>
    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string TutorId { get; set; } = "";

    public DateTimeOffset StartUtc { get; set; }

    public int DurationMinutes { get; set; }

    public string Place { get; set; } = Places.Teams;

    public string? PlaceDetail { get; set; }

    public string Status { get; set; } = SessionStatus.Proposed;

    public DateTimeOffset CreatedUtc { get; set; }

    public DateTimeOffset? AnsweredUtc { get; set; }

    public DateTimeOffset? CounterStartUtc { get; set; }

    /// <summary>The tutor's card, updated in place when the student answers.</summary>
    public string? TutorCardActivityId { get; set; }

    public string? TutorConversationId { get; set; }

    public string? TutorServiceUrl { get; set; }

    /// <summary>The student's card; null while the invitation has not reached them.</summary>
    public string? StudentCardActivityId { get; set; }

    public string? StudentConversationId { get; set; }

    public string? StudentServiceUrl { get; set; }

    public string StudentId => PartitionKey;

    public string Id => RowKey;
}

using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;

namespace TutorBot.Features.Workshops;

/// <summary>
/// The workshop catalogue (ateliers), from the agreements. <see cref="CpgeOnly"/> types are for 2nd-year CPGE
/// classes; <see cref="International"/> ones need English-speaking speakers.
/// </summary>
public static class WorkshopTypes
{
    public const string Paths = "paths";
    public const string CompanyJobs = "companyJobs";
    public const string Oral = "oral";
    public const string OralRehearsal = "oralRehearsal";
    public const string GrandesEcoles = "grandesEcoles";
    public const string Financing = "financing";
    public const string Jobs = "jobs";
    public const string Internship = "internship";
    public const string JobsForum = "jobsForum";
    public const string International = "international";

    public static readonly string[] All = [Paths, CompanyJobs, Oral, OralRehearsal, GrandesEcoles, Financing, Jobs, Internship, JobsForum, International];

    /// <summary>Oral-exam rehearsal and the financing workshop are held in 2nd-year CPGE.</summary>
    public static readonly string[] CpgeOnly = [OralRehearsal, Financing];

    public const string CpgeStream = "CPGE";
}

public static class WorkshopKinds
{
    public const string Workshop = "workshop";

    /// <summary>A partner company's site visit (visite de site).</summary>
    public const string Visit = "visit";
}

public static class WorkshopStatus
{
    /// <summary>A visit offered by a company, not yet matched to schools by a coordinator.</summary>
    public const string Offered = "offered";
    public const string Published = "published";
}

public static class RegistrationStatus
{
    public const string Confirmed = "confirmed";
    public const string Waiting = "waiting";
    public const string Cancelled = "cancelled";

    /// <summary>Cancelled less than 24 hours before the start: recorded, and the place is not given to anyone else.</summary>
    public const string LateCancelled = "lateCancelled";

    public static bool IsActive(string status) => status is Confirmed or Waiting;
}

/// <summary>An offer to speak is a request: a coordinator approves it (within the speakers wanted) or declines it.</summary>
public static class SpeakerStatus
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Declined = "declined";
}

/// <summary>
/// A workshop or a site visit. Its partition holds this row ("meta"), the registrations ("reg:{person}"), the
/// speakers ("spk:{person}") and each student's presence ("att:{person}"), so a sign-up and the place count (or an
/// approval and the speaker count) change in one entity-group transaction.
/// </summary>
public sealed class Workshop : ITableEntity
{
    public const string MetaRow = "meta";

    /// <summary>The workshop id.</summary>
    public string PartitionKey { get; set; } = "";

    public string RowKey { get; set; } = MetaRow;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Kind { get; set; } = WorkshopKinds.Workshop;

    /// <summary>A <see cref="WorkshopTypes"/> value; "visit" for a site visit.</summary>
    public string Type { get; set; } = "";

    public string Status { get; set; } = WorkshopStatus.Published;

    /// <summary>Comma-separated school ids.</summary>
    public string SchoolIds { get; set; } = "";

    /// <summary>Comma-separated class ids: only their students may sign up.</summary>
    public string ClassIds { get; set; } = "";

    public DateTimeOffset StartUtc { get; set; }

    public int DurationMinutes { get; set; }

    public string Place { get; set; } = "";

    public int Capacity { get; set; }

    public int SpeakersWanted { get; set; }

    /// <summary>Places taken (confirmed registrations, late cancellations included).</summary>
    public int Confirmed { get; set; }

    public int Waiting { get; set; }

    /// <summary>The last arrival number given: each sign-up takes the next one in its own transaction.</summary>
    public long LastSeq { get; set; }

    /// <summary>Approved speakers (pending requests are not counted).</summary>
    public int Speakers { get; set; }

    public string? CreatedBy { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    /// <summary>Where proactive cards for this workshop go out (the publisher's channel service) and as which bot.</summary>
    public string? ServiceUrl { get; set; }

    public string? BotId { get; set; }

    public string TenantId { get; set; } = "";

    // Site visits only.
    public string? OrganisationId { get; set; }

    public string? Site { get; set; }

    public string? Address { get; set; }

    public string? City { get; set; }

    /// <summary>The stored person whose calendar holds the visit: the employee who offered it, or a colleague the coordinator chose.</summary>
    public string? HostId { get; set; }

    /// <summary>The host's stored mailbox, copied when the event is created (later updates go to the same calendar).</summary>
    public string? HostMailbox { get; set; }

    public string? CalendarEventId { get; set; }

    /// <summary>Grows with each calendar change: the .ics SEQUENCE.</summary>
    public int CalendarSequence { get; set; }

    /// <summary>Graph's status when it refused the host's calendar for good (404 unknown mailbox, 403 access denied); not retried.</summary>
    public string? CalendarFailure { get; set; }

    [IgnoreDataMember]
    public string Id => PartitionKey;

    [IgnoreDataMember]
    public IReadOnlyList<string> Schools => Split(SchoolIds);

    [IgnoreDataMember]
    public IReadOnlyList<string> Classes => Split(ClassIds);

    [IgnoreDataMember]
    public DateTimeOffset EndUtc => StartUtc.AddMinutes(DurationMinutes);

    /// <summary>Attendance is taken from an hour before the start...</summary>
    [IgnoreDataMember]
    public DateTimeOffset AttendanceOpensUtc => StartUtc.AddHours(-1);

    /// <summary>...to 48 hours after the end.</summary>
    [IgnoreDataMember]
    public DateTimeOffset AttendanceClosesUtc => EndUtc.AddHours(48);

    [IgnoreDataMember]
    public bool LacksSpeakers => Kind == WorkshopKinds.Workshop && Speakers < SpeakersWanted;

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

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

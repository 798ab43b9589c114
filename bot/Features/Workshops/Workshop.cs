using System.Runtime.Serialization;
using Azure;
using Azure.Data.Tables;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>
/// A workshop or a site visit. Its partition holds this row ("meta"), the registrations ("reg:{person}"), the
/// speakers ("spk:{person}") and each student's presence ("att:{person}"), so a sign-up and the place count (or an
/// approval and the speaker count) change in one entity-group transaction.
/// </summary>
public sealed class Workshop : ITableEntity
{
    public const string MetaRow = "meta";

    /// <summary>Cancelling less than this before the start is late: recorded, and the place is given to nobody.</summary>
    public static readonly TimeSpan LateCancellation = TimeSpan.FromHours(24);

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

    /// <summary>When it was opened to students (published, or a visit matched): the invitations' due time, so planning them again is an upsert.</summary>
    public DateTimeOffset? PublishedUtc { get; set; }

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
    public bool LacksSpeakers => Kind == WorkshopKinds.Workshop && WantsSpeakers;

    /// <summary>The id of its booking in a calendar (and in the .ics files).</summary>
    [IgnoreDataMember]
    public string BookingId => BookingIdOf(Id);

    public static string BookingIdOf(string id) => "visit-" + id;

    public bool HasStarted(DateTimeOffset now) => StartUtc <= now;

    /// <summary>Less than 24 hours before the start (exactly 24 hours is still in time).</summary>
    public bool IsLateCancellation(DateTimeOffset now) => StartUtc - now < LateCancellation;

    public bool IsAttendanceOpen(DateTimeOffset now) => now >= AttendanceOpensUtc && now <= AttendanceClosesUtc;

    /// <summary>Whether another speaker may be approved: approvals stop at the speakers it asked for.</summary>
    [IgnoreDataMember]
    public bool WantsSpeakers => Speakers < SpeakersWanted;

    /// <summary>Why <paramref name="person"/> may not sign up now (a resource key), or null when they may.</summary>
    public string? SignUpRefusal(Person person, DateTimeOffset now)
    {
        if (Status != WorkshopStatus.Published)
        {
            return "Workshop_NotFound";
        }

        if (person.Role != Roles.Student || person.ClassId is null || !Classes.Contains(person.ClassId))
        {
            return "Refused_NotInvited";
        }

        return HasStarted(now) ? "Workshop_Started" : null;
    }

    /// <summary>
    /// Takes a sign-up of <paramref name="personId"/> (whose earlier registration, if any, is <paramref name="existing"/>
    /// and not active): a place while there is one, else the end of the waiting list, with the next arrival number.
    /// A late cancellation kept its place, so coming back takes it again without counting it twice.
    /// </summary>
    public Registration Admit(string personId, Registration? existing, DateTimeOffset now)
    {
        var registration = new Registration { PartitionKey = PartitionKey, RowKey = Registration.Key(personId), PersonId = personId, Seq = ++LastSeq, SignedUpUtc = now };
        if (existing?.Status == RegistrationStatus.LateCancelled)
        {
            registration.Status = RegistrationStatus.Confirmed;
        }
        else if (Confirmed < Capacity)
        {
            registration.Status = RegistrationStatus.Confirmed;
            Confirmed++;
        }
        else
        {
            registration.Status = RegistrationStatus.Waiting;
            Waiting++;
        }

        return registration;
    }

    /// <summary>
    /// Cancels an active <paramref name="registration"/>. Up to 24 hours before, a confirmed place goes to
    /// <paramref name="firstWaiting"/> (the waiting list's first, see <see cref="NextToPromote"/>), who is returned
    /// promoted; later, the cancellation is late and the place stays taken.
    /// </summary>
    public (CancelOutcome Outcome, Registration? Promoted) Withdraw(Registration registration, Registration? firstWaiting, DateTimeOffset now)
    {
        registration.CancelledUtc = now;
        if (registration.Status == RegistrationStatus.Waiting)
        {
            registration.Status = RegistrationStatus.Cancelled;
            Waiting--;
            return (CancelOutcome.Cancelled, null);
        }

        if (IsLateCancellation(now))
        {
            registration.Status = RegistrationStatus.LateCancelled;
            return (CancelOutcome.LateCancelled, null);
        }

        registration.Status = RegistrationStatus.Cancelled;
        if (firstWaiting is null)
        {
            Confirmed--;
            return (CancelOutcome.Cancelled, null);
        }

        firstWaiting.Status = RegistrationStatus.Confirmed;
        firstWaiting.PromotedUtc = now;
        Waiting--;
        return (CancelOutcome.Cancelled, firstWaiting);
    }

    /// <summary>Who gets a freed place: the waiting registration that arrived first.</summary>
    public static Registration? NextToPromote(IEnumerable<Registration> registrations) =>
        registrations.Where(r => r.Status == RegistrationStatus.Waiting).MinBy(r => r.Seq);

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

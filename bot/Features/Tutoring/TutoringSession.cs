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

    /// <summary>Called off by either side, with a reason.</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>Who did something to a session.</summary>
public static class SessionRoles
{
    public const string Tutor = "tutor";
    public const string Student = "student";
}

/// <summary>How the session went, as the tutor logs it.</summary>
public static class Outcomes
{
    public const string Happened = "happened";
    public const string Absent = "absent";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Happened, Absent, Cancelled];
}

/// <summary>The topics a tutor can log, from the programme's short list.</summary>
public static class Topics
{
    public static readonly string[] All = ["professionalProject", "internshipSearch", "oralPreparation", "studiesChoice", "financing", "other"];
}

/// <summary>A person's answer to a reminder.</summary>
public static class Attendance
{
    public const string Confirmed = "confirmed";
    public const string CantCome = "cantCome";
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
public sealed partial class TutoringSession : ITableEntity
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

    /// <summary>Invitations planned after the first (each resend is its own outbox row).</summary>
    public int Invitations { get; set; }

    /// <summary>The last invitation ended <c>Never</c> (blocked bot, no chat): the tutor's card offers to send it again.</summary>
    public bool InvitationUndelivered { get; set; }

    public string? StudentConversationId { get; set; }

    public string? StudentServiceUrl { get; set; }

    /// <summary>Slots 2 and 3 of a proposal (slot 1 is <see cref="StartUtc"/>); cleared once a time is agreed.</summary>
    public DateTimeOffset? Slot2StartUtc { get; set; }

    public DateTimeOffset? Slot3StartUtc { get; set; }

    /// <summary>Grows each time the agreed time changes or the session is cancelled: reminders of an older generation are dropped.</summary>
    public int Generation { get; set; }

    /// <summary>Who last rescheduled or cancelled (<see cref="SessionRoles"/>), and why.</summary>
    public string? ChangedBy { get; set; }

    public string? Reason { get; set; }

    /// <summary>
    /// Every other card of this session that carries buttons (reminders, notices), as JSON: each is edited whenever
    /// the session changes, so no stale button stays active.
    /// </summary>
    public string? LiveCards { get; set; }

    public string? TutorAttendance { get; set; }

    public string? StudentAttendance { get; set; }

    /// <summary>The tutor's log: <see cref="Outcomes"/>, topics comma-separated.</summary>
    public string? Outcome { get; set; }

    public string? LoggedTopics { get; set; }

    public DateTimeOffset? LoggedUtc { get; set; }

    /// <summary>The student's one-tap rating, 1 to 4, and optional comment.</summary>
    public int? Rating { get; set; }

    public string? RatingComment { get; set; }

    /// <summary>The tutor's calendar event, once booked; <see cref="CalendarPending"/> while a booking waits for Graph.</summary>
    public string? CalendarEventId { get; set; }

    public string? CalendarOrganizer { get; set; }

    public string? OnlineMeetingUrl { get; set; }

    public bool CalendarPending { get; set; }

    /// <summary>Graph's status when it refused the booking for good (404 unknown mailbox, 403 access denied); never retried.</summary>
    public string? CalendarFailure { get; set; }

    /// <summary>Events still to cancel in the tutor's calendar because Graph was down ("organiser\teventId", ';'-separated).</summary>
    public string? EventsToCancel { get; set; }

    /// <summary>Whether the student has a Microsoft 365 mailbox (invited by the calendar event) or needs the .ics link.</summary>
    public bool StudentHasMailbox { get; set; }

    public DateTimeOffset EndUtc => StartUtc.AddMinutes(DurationMinutes);

    public IReadOnlyList<DateTimeOffset> AllSlots() => new[] { (DateTimeOffset?)StartUtc, Slot2StartUtc, Slot3StartUtc }.OfType<DateTimeOffset>().ToList();

    public string StudentId => PartitionKey;

    public string Id => RowKey;
}

/// <summary>A card of a session sent outside the two main cards (a reminder, a notice), kept so it can be edited later.</summary>
public sealed record LiveCard(string Role, string ServiceUrl, string ConversationId, string ActivityId, string Kind)
{
    public const string Notice = "notice";

    /// <summary>The proposal card of the tutor or the invitation of the student.</summary>
    public const string Main = "main";

    public static IReadOnlyList<LiveCard> Read(TutoringSession session) =>
        string.IsNullOrEmpty(session.LiveCards) ? [] : System.Text.Json.JsonSerializer.Deserialize<List<LiveCard>>(session.LiveCards) ?? [];

    public static void Add(TutoringSession session, LiveCard card)
    {
        // Bounded: a table property holds 64 KiB; the oldest cards are long scrolled away.
        var cards = Read(session).Where(c => c.ActivityId != card.ActivityId).Append(card).TakeLast(40).ToList();
        session.LiveCards = System.Text.Json.JsonSerializer.Serialize(cards);
    }
}

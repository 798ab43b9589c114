using System.Globalization;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// The rules of a session, kept by the session itself (as eShop's <c>Order</c>): what may change and when, what a
/// change does to the agreed time, the calendar and the reminders, and who is told. Tested without HTTP.
/// </summary>
public sealed partial class TutoringSession
{
    public static string OtherRole(string role) => role == SessionRoles.Tutor ? SessionRoles.Student : SessionRoles.Tutor;

    /// <summary>A button of an older agreed time (a card that could not be edited): it acts on nothing. No generation: the first slice's cards.</summary>
    public bool IsStale(string? generation) => generation is not null && generation != Generation.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reschedule only an agreed or counter-proposed time; cancel also a pending proposal; never once started or logged.</summary>
    public bool CanChange(string mode, DateTimeOffset now) =>
        Outcome is null && now < StartUtc && (mode == TutoringCards.Modes.Cancel
            ? Status is SessionStatus.Proposed or SessionStatus.CounterProposed or SessionStatus.Confirmed
            : Status is SessionStatus.CounterProposed or SessionStatus.Confirmed);

    /// <summary>The time the actor's reschedule would replace: the one a new time must differ from.</summary>
    public bool IsSameTime(DateTimeOffset start) => Status != SessionStatus.CounterProposed && start == StartUtc;

    /// <summary>A time is agreed: a new generation (new reminders, a new calendar event), answers and refusals of the old time cleared.</summary>
    public void Agree(DateTimeOffset start)
    {
        Status = SessionStatus.Confirmed;
        StartUtc = start;
        Slot2StartUtc = null;
        Slot3StartUtc = null;
        CounterStartUtc = null;
        TutorAttendance = null;
        StudentAttendance = null;
        CalendarFailure = null;
        Generation++;
    }

    /// <summary>
    /// A new time from <paramref name="role"/>: from the tutor a new proposal, from the student a counter-proposal.
    /// The agreed time is gone either way; returns the calendar event to cancel, if one was booked.
    /// </summary>
    public string? Reschedule(string role, DateTimeOffset start, string reason)
    {
        var released = Status == SessionStatus.Confirmed ? ReleaseEvent() : null;
        Generation++;
        Reason = reason;
        ChangedBy = role;
        TutorAttendance = null;
        StudentAttendance = null;
        if (role == SessionRoles.Tutor)
        {
            Status = SessionStatus.Proposed;
            StartUtc = start;
            Slot2StartUtc = null;
            Slot3StartUtc = null;
            CounterStartUtc = null;
        }
        else
        {
            Status = SessionStatus.CounterProposed;
            CounterStartUtc = start;
        }

        return released;
    }

    /// <summary>Called off by <paramref name="role"/>; returns the calendar event to cancel, if one was booked.</summary>
    public string? Cancel(string role, string reason)
    {
        var released = Status == SessionStatus.Confirmed ? ReleaseEvent() : null;
        Status = SessionStatus.Cancelled;
        Generation++;
        Reason = reason;
        ChangedBy = role;
        return released;
    }

    /// <summary>The booked event leaves the session for the list of events to cancel (an outbox row cancels it).</summary>
    public string? ReleaseEvent()
    {
        if (CalendarEventId is not { } eventId || CalendarOrganizer is not { } organizer)
        {
            return null;
        }

        EventsToCancel = string.Join(';', new[] { EventsToCancel, organizer + "\t" + eventId }.Where(x => !string.IsNullOrEmpty(x)));
        CalendarEventId = null;
        OnlineMeetingUrl = null;
        CalendarPending = false;
        return eventId;
    }

    /// <summary>The organiser of an event still to cancel, or null when it is no longer on the list.</summary>
    public string? OrganizerToCancel(string eventId) =>
        (EventsToCancel ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Select(e => e.Split('\t')).FirstOrDefault(p => p.Length == 2 && p[1] == eventId)?[0];

    /// <summary>Takes an event off the list of events to cancel; false when it was not on it.</summary>
    public bool ForgetEventToCancel(string eventId)
    {
        var items = (EventsToCancel ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).ToList();
        var left = items.Where(e => !e.EndsWith("\t" + eventId, StringComparison.Ordinal)).ToList();
        EventsToCancel = left.Count == 0 ? null : string.Join(';', left);
        return left.Count != items.Count;
    }

    public string? AttendanceOf(string role) => role == SessionRoles.Tutor ? TutorAttendance : StudentAttendance;

    /// <summary>A reminder is answered once per side, while the agreed time is ahead.</summary>
    public bool CanAnswerReminder(string role, DateTimeOffset now) =>
        Status == SessionStatus.Confirmed && now < StartUtc && AttendanceOf(role) is null;

    /// <summary>
    /// Records <paramref name="role"/>'s answer. It changes neither the time nor the generation, so it plans no
    /// reminder: the reminders of this time stand as planned (the one being answered is not sent again).
    /// </summary>
    public void AnswerReminder(string role, string answer)
    {
        if (answer is not (Attendance.Confirmed or Attendance.CantCome))
        {
            throw new ArgumentOutOfRangeException(nameof(answer));
        }

        if (role == SessionRoles.Tutor)
        {
            TutorAttendance = answer;
        }
        else
        {
            StudentAttendance = answer;
        }
    }

    /// <summary>The tutor may log once the session has started, once.</summary>
    public bool CanLog(DateTimeOffset now) => Outcome is null && Status == SessionStatus.Confirmed && now >= StartUtc;

    /// <summary>The student rates a session that happened, once.</summary>
    public bool CanRate => Rating is null && Outcome == Outcomes.Happened;

    /// <summary>Whether a confirmed session's reminders and log row are to be planned now (a time was just agreed).</summary>
    public bool NeedsReminders => Status == SessionStatus.Confirmed && Outcome is null && Rating is null;

    /// <summary>The time a notice about the last change names: the student's counter-proposal, else the session's time.</summary>
    public DateTimeOffset NoticeTime => Status == SessionStatus.CounterProposed && CounterStartUtc is { } counter ? counter : StartUtc;

    /// <summary>
    /// Whether a reminder row (planned for generation <paramref name="generation"/> and time <paramref name="start"/>)
    /// still has a reason to go: null if so, else why not (the row is dropped).
    /// </summary>
    public string? ReminderStale(string kind, int generation, DateTimeOffset? start, DateTimeOffset now) => kind switch
    {
        ReminderKinds.DayBefore or ReminderKinds.HourBefore when Status != SessionStatus.Confirmed => "not confirmed",
        ReminderKinds.DayBefore or ReminderKinds.HourBefore when generation != Generation || start != StartUtc => "moved",
        ReminderKinds.DayBefore or ReminderKinds.HourBefore when now >= StartUtc => "started",
        ReminderKinds.DayBefore or ReminderKinds.HourBefore => null,
        ReminderKinds.Log when Status != SessionStatus.Confirmed || generation != Generation || start != StartUtc => "moved",
        ReminderKinds.Log when Outcome is not null => "already logged",
        ReminderKinds.Log => null,
        ReminderKinds.Feedback when !CanRate => "already rated",
        ReminderKinds.Feedback => null,
        _ => "unknown kind",
    };

    /// <summary>Every card of the session that shows its state: the two main cards and the live ones (reminders, notices).</summary>
    public IReadOnlyList<LiveCard> Cards()
    {
        var all = new List<LiveCard>();
        if (TutorCardActivityId is { Length: > 0 } tutorCard && TutorServiceUrl is { } tutorUrl && TutorConversationId is { } tutorConversation)
        {
            all.Add(new LiveCard(SessionRoles.Tutor, tutorUrl, tutorConversation, tutorCard, LiveCard.Main));
        }

        if (StudentCardActivityId is { Length: > 0 } studentCard && StudentServiceUrl is { } studentUrl && StudentConversationId is { } studentConversation)
        {
            all.Add(new LiveCard(SessionRoles.Student, studentUrl, studentConversation, studentCard, LiveCard.Main));
        }

        all.AddRange(LiveCard.Read(this));
        return all;
    }

    /// <summary>The main card of a side, where the other side's answer shows in place.</summary>
    public LiveCard? MainCardOf(string role) => Cards().FirstOrDefault(c => c.Kind == LiveCard.Main && c.Role == role);
}

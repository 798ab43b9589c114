using System.Globalization;
using Microsoft.Extensions.Localization;
using TutorBot.Calendar;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Resources;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// The cards of a session's life. Each side has one current view of a session (<see cref="TutorStatus"/>,
/// <see cref="StudentStatus"/>) holding exactly the buttons that still make sense; every card of the session is
/// re-rendered from it when the session changes, so an old card never keeps a button that could act.
/// </summary>
public sealed partial class TutoringCards(IStringLocalizer<Strings> strings, IStringLocalizer<TutoringStrings> tutoring, IcsLinks icsLinks, TimeProvider clock)
{
    public const int ReasonMaxLength = 200;
    public const int CommentMaxLength = 500;
    public const int Ratings = 4;

    public static class Verbs
    {
        public const string Propose = "proposeSession";
        public const string Answer = "answerSession";
        public const string Resend = "resendSession";
        public const string AcceptCounter = "acceptCounter";
        public const string OpenChange = "openSessionChange";
        public const string Reschedule = "rescheduleSession";
        public const string Cancel = "cancelSession";
        public const string Back = "showSession";
        public const string Remind = "answerReminder";
        public const string Log = "logSession";
        public const string Rate = "rateSession";
        public const string OpenLog = "openSessionLog";
        public const string HistoryPage = "showHistoryPage";
    }

    public static class Inputs
    {
        public const string StudentId = "studentId";
        public const string SessionId = "sessionId";
        public const string Answer = "answer";
        public const string Slot = "slot";
        public const string Date = "date";
        public const string Time = "time";
        public const string Date2 = "date2";
        public const string Time2 = "time2";
        public const string Date3 = "date3";
        public const string Time3 = "time3";
        public const string Duration = "duration";
        public const string Place = "place";
        public const string PlaceDetail = "placeDetail";
        public const string CounterDate = "counterDate";
        public const string CounterTime = "counterTime";
        public const string Mode = "mode";
        public const string Reason = "reason";
        public const string Outcome = "outcome";
        public const string Topics = "topics";
        public const string Rating = "rating";
        public const string Comment = "comment";
        public const string Generation = "generation";
        public const string Page = "page";
    }

    public static class Answers
    {
        public const string Confirm = "confirm";
        public const string Decline = "decline";
        public const string Counter = "counter";
    }

    public static class Modes
    {
        public const string Reschedule = "reschedule";
        public const string Cancel = "cancel";
    }

    /// <summary>The tutor's current view of a session, with the buttons that still make sense.</summary>
    public AdaptiveCard TutorStatus(TutoringSession session, string studentName, string? noticeKey = null, params object[] noticeArgs)
    {
        if (session.Status == SessionStatus.Confirmed && session.Outcome is null && clock.GetUtcNow() >= session.EndUtc)
        {
            return LogForm(session, studentName);
        }

        var body = new List<CardElement>
        {
            CardPieces.Title(strings["Session_Title_Tutor", studentName]),
        };
        AddNotice(body, noticeKey, noticeArgs);
        body.Add(Facts(session));
        body.Add(new TextBlock(Text("Session_Status_Tutor_" + session.Status, studentName)) { Weight = "Bolder", Color = StatusColour(session.Status) });
        AddReason(body, session);
        if (session.Status == SessionStatus.CounterProposed && session.CounterStartUtc is { } counter)
        {
            body.Add(new TextBlock(strings["Session_Counter", studentName, Culture.FormatParis(counter)]));
        }

        if (session.StudentAttendance is { } attendance && session.Status == SessionStatus.Confirmed)
        {
            body.Add(new TextBlock(tutoring["Attendance_Other_" + attendance, studentName]) { Color = attendance == Attendance.Confirmed ? "Good" : "Attention" });
        }

        if (session.CalendarPending)
        {
            body.Add(new TextBlock(tutoring["Session_Calendar_Pending"]) { IsSubtle = true });
        }

        if (session.Outcome is not null)
        {
            body.Add(LogFacts(session));
        }

        var actions = new List<CardAction>();
        if (session.Status == SessionStatus.Proposed && session.StudentCardActivityId is null && session.InvitationUndelivered)
        {
            body.Add(new TextBlock(strings["Session_NotDelivered", studentName]) { Color = "Attention" });
            actions.Add(new ActionExecute(strings["Session_Resend"], Verbs.Resend, Ids(session)));
        }

        if (session.Status == SessionStatus.CounterProposed)
        {
            actions.Add(new ActionExecute(tutoring["Session_AcceptCounter"], Verbs.AcceptCounter, Ids(session)));
        }

        AddChangeButtons(session, actions);
        return new AdaptiveCard(body, actions.Count > 0 ? actions : null);
    }

    /// <summary>The student's current view: the invitation while a proposal waits, then the session with what is left to do.</summary>
    public AdaptiveCard StudentStatus(TutoringSession session, string tutorName, string? noticeKey = null, params object[] noticeArgs)
    {
        if (session.Status == SessionStatus.Proposed && noticeKey is null)
        {
            return StudentInvitation(session, tutorName);
        }

        if (session.Status == SessionStatus.Confirmed && session.Outcome == Outcomes.Happened && session.Rating is null && noticeKey is null)
        {
            return FeedbackCard(session, tutorName);
        }

        var body = new List<CardElement>
        {
            CardPieces.Title(strings["Session_Title_Student", tutorName]),
        };
        AddNotice(body, noticeKey, noticeArgs);
        body.Add(Facts(session));
        body.Add(new TextBlock(Text("Session_Status_Student_" + session.Status, tutorName)) { Weight = "Bolder", Color = StatusColour(session.Status) });
        AddReason(body, session);
        if (session.Status == SessionStatus.CounterProposed && session.CounterStartUtc is { } counter)
        {
            body.Add(new TextBlock(strings["Session_Counter_Mine", Culture.FormatParis(counter)]));
        }

        if (session.Rating is { } rating)
        {
            body.Add(new TextBlock(tutoring["Feedback_Rating_" + rating.ToString(CultureInfo.InvariantCulture)]) { IsSubtle = true });
        }

        var actions = new List<CardAction>();
        if (session.Status == SessionStatus.Confirmed && session.Outcome is null && clock.GetUtcNow() < session.StartUtc && !session.StudentHasMailbox)
        {
            // No Microsoft 365 mailbox, so no invitation from the tutor's calendar: a signed, expiring .ics link instead.
            actions.Add(new ActionOpenUrl(tutoring["Action_AddToCalendar"], icsLinks.Create(SessionIcsSource.SessionKind, SessionCalendar.BookingIdOf(session), session.StudentId)));
        }

        AddChangeButtons(session, actions);
        return new AdaptiveCard(body, actions.Count > 0 ? actions : null);
    }

    /// <summary>
    /// The one place that decides what a card of a session shows to whom: a reminder card stays a reminder (with
    /// its answer), every other card is its owner's current view.
    /// </summary>
    public AdaptiveCard Current(string role, string cardKind, TutoringSession session, string otherName) =>
        cardKind is ReminderKinds.DayBefore or ReminderKinds.HourBefore ? Reminder(session, role, cardKind, otherName) : ViewFor(role, session, otherName);

    /// <summary>The card that tells <paramref name="role"/> what changed: a new proposal is the invitation itself.</summary>
    public AdaptiveCard Told(string role, TutoringSession session, string otherName, string noticeKey) =>
        role == SessionRoles.Student && session.Status == SessionStatus.Proposed
            ? StudentInvitation(session, otherName)
            : ViewFor(role, session, otherName, noticeKey, otherName, Culture.FormatParis(session.NoticeTime), session.Reason ?? "");

    /// <summary>The card a due reminder row sends: the tutor's log form, the student's rating card, or the reminder.</summary>
    public AdaptiveCard Due(string kind, string role, TutoringSession session, string otherName) => kind switch
    {
        ReminderKinds.Log => TutorStatus(session, otherName),
        ReminderKinds.Feedback => FeedbackCard(session, otherName),
        _ => Reminder(session, role, kind, otherName),
    };

    /// <summary>The view of <paramref name="role"/>, for a card of theirs being refreshed.</summary>
    public AdaptiveCard ViewFor(string role, TutoringSession session, string otherName, string? noticeKey = null, params object[] noticeArgs) =>
        role == SessionRoles.Tutor ? TutorStatus(session, otherName, noticeKey, noticeArgs) : StudentStatus(session, otherName, noticeKey, noticeArgs);

    public AdaptiveCard Notice(string key, params object[] args) => CardPieces.Notice(Text(key, args));

    /// <summary>A text from the feature's own resources, else from the shared ones (the first slice's keys live there).</summary>
    public string Text(string key, params object[] args)
    {
        var own = tutoring[key, args];
        return own.ResourceNotFound ? strings[key, args] : own;
    }

    public string TopicNames(string topics) =>
        string.Join(", ", topics.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => tutoring["Log_Topic_" + t].Value));

    private void AddNotice(List<CardElement> body, string? noticeKey, object[] args)
    {
        if (noticeKey is not null)
        {
            body.Add(new TextBlock(Text(noticeKey, args)) { Color = "Warning", Weight = "Bolder" });
        }
    }

    private void AddReason(List<CardElement> body, TutoringSession session)
    {
        if (!string.IsNullOrEmpty(session.Reason) && session.Status is SessionStatus.Cancelled or SessionStatus.Proposed or SessionStatus.CounterProposed)
        {
            body.Add(new TextBlock(tutoring["Session_Reason", session.Reason]) { IsSubtle = true });
        }
    }

    private void AddChangeButtons(TutoringSession session, List<CardAction> actions)
    {
        if (session.Status is SessionStatus.Declined or SessionStatus.Cancelled || session.Outcome is not null || clock.GetUtcNow() >= session.StartUtc)
        {
            return;
        }

        if (session.Status == SessionStatus.Confirmed || session.Status == SessionStatus.CounterProposed)
        {
            actions.Add(new ActionExecute(tutoring["Session_Reschedule"], Verbs.OpenChange, new Dictionary<string, string>(Ids(session)) { [Inputs.Mode] = Modes.Reschedule }));
        }

        actions.Add(new ActionExecute(tutoring["Session_Cancel"], Verbs.OpenChange, new Dictionary<string, string>(Ids(session)) { [Inputs.Mode] = Modes.Cancel }));
    }

    private FactSet LogFacts(TutoringSession session)
    {
        var facts = new List<Fact> { new(tutoring["Log_Outcome"], tutoring["Log_Outcome_" + session.Outcome]) };
        if (!string.IsNullOrEmpty(session.LoggedTopics))
        {
            facts.Add(new Fact(tutoring["Log_Topics"], TopicNames(session.LoggedTopics)));
        }

        if (session.Rating is { } rating)
        {
            facts.Add(new Fact(tutoring["Feedback_Rating"], tutoring["Feedback_Rating_" + rating.ToString(CultureInfo.InvariantCulture)]));
        }

        return new FactSet(facts);
    }

    private FactSet Facts(TutoringSession session, bool showTime = true)
    {
        var place = strings["Place_" + session.Place].Value;
        if (!string.IsNullOrEmpty(session.PlaceDetail))
        {
            place += " — " + session.PlaceDetail;
        }

        var facts = new List<Fact>();
        if (showTime)
        {
            facts.Add(CardPieces.When(strings["Session_When"], session.StartUtc));
        }

        facts.Add(new Fact(strings["Session_Duration"], strings["Duration_Minutes", session.DurationMinutes]));
        facts.Add(CardPieces.Where(strings["Session_Where"], place));
        return new FactSet(facts);
    }

    public static Dictionary<string, string> Ids(TutoringSession session, string? answer = null)
    {
        // The generation makes a button of an older agreed time (a card that could not be edited) refuse to act.
        var data = new Dictionary<string, string>
        {
            [Inputs.StudentId] = session.StudentId,
            [Inputs.SessionId] = session.Id,
            [Inputs.Generation] = session.Generation.ToString(CultureInfo.InvariantCulture),
        };
        if (answer is not null)
        {
            data[Inputs.Answer] = answer;
        }

        return data;
    }

    private static string StatusColour(string status) => status switch
    {
        SessionStatus.Confirmed => "Good",
        SessionStatus.Declined or SessionStatus.Cancelled => "Attention",
        _ => "Default",
    };
}

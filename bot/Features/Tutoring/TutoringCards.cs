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
public sealed class TutoringCards(IStringLocalizer<Strings> strings, IStringLocalizer<TutoringStrings> tutoring, IcsLinks icsLinks, TimeProvider clock)
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

    /// <summary>The tutor's proposal form; after a wrong input it comes back with the values kept and what to fix.</summary>
    public AdaptiveCard ProposalForm(string studentId, string studentName, CardActionRequest? previous = null, string? errorKey = null, int? errorSlot = null, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>? busy = null, string? errorText = null)
    {
        var today = DateOnly.FromDateTime(Culture.ToParis(clock.GetUtcNow()).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var body = new List<CardElement>
        {
            new TextBlock(strings["Propose_Title", studentName]) { Size = "Large", Weight = "Bolder" },
            new TextBlock(strings["Propose_Intro"]) { IsSubtle = true },
            new TextBlock(tutoring["Propose_Slots_Intro"]) { IsSubtle = true },
        };
        if (errorKey is not null)
        {
            var error = errorSlot is { } slot && errorKey != "Propose_Error_SlotIncomplete"
                ? tutoring["Propose_Error_SlotInvalid", slot, Text(errorKey)].Value
                : Text(errorKey, errorSlot ?? 0);
            body.Add(new TextBlock(error) { Color = "Attention", Weight = "Bolder" });
        }

        if (errorText is not null)
        {
            body.Add(new TextBlock(errorText) { Color = "Attention", Weight = "Bolder" });
        }

        if (busy is { Count: > 0 })
        {
            body.Add(new TextBlock(tutoring["Propose_Busy_Title"]) { IsSubtle = true, Separator = true });
            body.Add(new TextBlock(string.Join("\n", busy.Take(10).Select(b => "- " + Culture.FormatParis(b.Start) + " – " + Culture.ToParis(b.End).ToString("HH:mm", CultureInfo.InvariantCulture)))) { IsSubtle = true, Markdown = true });
        }

        body.AddRange(
        [
            new InputDate { Id = Inputs.Date, Label = strings["Propose_Date"], IsRequired = true, ErrorMessage = strings["Propose_Error_Date"], Min = today, Value = previous?.Get(Inputs.Date) },
            new InputTime { Id = Inputs.Time, Label = strings["Propose_Time"], IsRequired = true, ErrorMessage = strings["Propose_Error_Time"], Value = previous?.Get(Inputs.Time) },
            new TextBlock(tutoring["Propose_Slot", 2]) { Weight = "Bolder", Separator = true },
            new ColumnSet(
            [
                new Column([new InputDate { Id = Inputs.Date2, Placeholder = tutoring["Propose_Slot_Date", 2], Min = today, Value = previous?.Get(Inputs.Date2) }]) { Width = "stretch" },
                new Column([new InputTime { Id = Inputs.Time2, Placeholder = tutoring["Propose_Slot_Time", 2], Value = previous?.Get(Inputs.Time2) }]) { Width = "stretch" },
            ]),
            new TextBlock(tutoring["Propose_Slot", 3]) { Weight = "Bolder" },
            new ColumnSet(
            [
                new Column([new InputDate { Id = Inputs.Date3, Placeholder = tutoring["Propose_Slot_Date", 3], Min = today, Value = previous?.Get(Inputs.Date3) }]) { Width = "stretch" },
                new Column([new InputTime { Id = Inputs.Time3, Placeholder = tutoring["Propose_Slot_Time", 3], Value = previous?.Get(Inputs.Time3) }]) { Width = "stretch" },
            ]),
            new InputChoiceSet([.. ProposalInput.Durations.Select(d => new Choice(strings["Duration_Minutes", d], d.ToString(CultureInfo.InvariantCulture)))])
            {
                Id = Inputs.Duration, Label = strings["Propose_Duration"], Style = "compact", IsRequired = true, Value = previous?.Get(Inputs.Duration) ?? "60", Separator = true,
            },
            new InputChoiceSet([.. Places.All.Select(p => new Choice(strings["Place_" + p], p))])
            {
                Id = Inputs.Place, Label = strings["Propose_Place"], Style = "expanded", IsRequired = true, Value = previous?.Get(Inputs.Place) ?? Places.Teams,
            },
            new InputText { Id = Inputs.PlaceDetail, Label = strings["Propose_PlaceDetail"], Placeholder = strings["Propose_PlaceDetail_Placeholder"], MaxLength = ProposalInput.PlaceDetailMaxLength, Value = previous?.Get(Inputs.PlaceDetail) },
        ]);

        return new AdaptiveCard(body, [new ActionExecute(strings["Propose_Submit"], Verbs.Propose, new Dictionary<string, string> { [Inputs.StudentId] = studentId })]);
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
            new TextBlock(strings["Session_Title_Tutor", studentName]) { Size = "Large", Weight = "Bolder" },
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
        if (session.Status == SessionStatus.Proposed && session.StudentCardActivityId is null)
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
            new TextBlock(strings["Session_Title_Student", tutorName]) { Size = "Large", Weight = "Bolder" },
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
            actions.Add(new ActionOpenUrl(tutoring["Session_Ics"], icsLinks.Create(SessionIcsSource.SessionKind, SessionCalendar.BookingIdOf(session), session.StudentId)));
        }

        AddChangeButtons(session, actions);
        return new AdaptiveCard(body, actions.Count > 0 ? actions : null);
    }

    /// <summary>The student's invitation: one button per offered slot, decline, or another time; usable from a phone.</summary>
    public AdaptiveCard StudentInvitation(TutoringSession session, string tutorName, string? errorKey = null)
    {
        var slots = session.AllSlots();
        var body = new List<CardElement>
        {
            new TextBlock(strings["Session_Title_Student", tutorName]) { Size = "Large", Weight = "Bolder" },
        };
        if (errorKey is not null)
        {
            body.Add(new TextBlock(Text(errorKey)) { Color = "Attention", Weight = "Bolder" });
        }

        body.Add(Facts(session, showTime: slots.Count == 1));
        AddReason(body, session);
        var actions = new List<CardAction>();
        if (slots.Count == 1)
        {
            actions.Add(new ActionExecute(strings["Session_Confirm"], Verbs.Answer, Ids(session, Answers.Confirm)) { AssociatedInputs = "none" });
        }
        else
        {
            body.Add(new TextBlock(tutoring["Session_Slots_Intro"]) { Weight = "Bolder" });
            body.Add(new ActionSet([.. slots.Select((slot, i) => new ActionExecute(
                tutoring["Session_Slot_Choose", Culture.FormatParis(slot)],
                Verbs.Answer,
                new Dictionary<string, string>(Ids(session, Answers.Confirm)) { [Inputs.Slot] = (i + 1).ToString(CultureInfo.InvariantCulture) }) { AssociatedInputs = "none" })]));
        }

        body.AddRange(
        [
            new TextBlock(strings["Session_Counter_Help"]) { IsSubtle = true, Separator = true },
            new InputDate { Id = Inputs.CounterDate, Label = strings["Propose_Date"] },
            new InputTime { Id = Inputs.CounterTime, Label = strings["Propose_Time"] },
        ]);
        actions.Add(new ActionExecute(strings["Session_Decline"], Verbs.Answer, Ids(session, Answers.Decline)) { AssociatedInputs = "none" });
        actions.Add(new ActionExecute(strings["Session_CounterPropose"], Verbs.Answer, Ids(session, Answers.Counter)) { AssociatedInputs = "auto" });
        return new AdaptiveCard(body, actions);
    }

    /// <summary>The invitation again, with what was wrong in the other-time fields.</summary>
    public AdaptiveCard StudentInvitationWithError(TutoringSession session, string tutorName, string errorKey) => StudentInvitation(session, tutorName, errorKey);

    /// <summary>The view of <paramref name="role"/>, for a card of theirs being refreshed.</summary>
    public AdaptiveCard ViewFor(string role, TutoringSession session, string otherName, string? noticeKey = null, params object[] noticeArgs) =>
        role == SessionRoles.Tutor ? TutorStatus(session, otherName, noticeKey, noticeArgs) : StudentStatus(session, otherName, noticeKey, noticeArgs);

    /// <summary>Reschedule (new date, time, reason) or cancel (reason) form, for either side.</summary>
    public AdaptiveCard ChangeForm(TutoringSession session, string mode, CardActionRequest? previous = null, string? errorKey = null, params object[] errorArgs)
    {
        var reschedule = mode == Modes.Reschedule;
        var body = new List<CardElement>
        {
            new TextBlock(tutoring[reschedule ? "Change_Reschedule_Title" : "Change_Cancel_Title"]) { Size = "Large", Weight = "Bolder" },
            Facts(session),
        };
        if (errorKey is not null)
        {
            body.Add(new TextBlock(Text(errorKey, errorArgs)) { Color = "Attention", Weight = "Bolder" });
        }

        if (reschedule)
        {
            var today = DateOnly.FromDateTime(Culture.ToParis(clock.GetUtcNow()).DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            body.Add(new InputDate { Id = Inputs.Date, Label = strings["Propose_Date"], IsRequired = true, ErrorMessage = strings["Propose_Error_Date"], Min = today, Value = previous?.Get(Inputs.Date) });
            body.Add(new InputTime { Id = Inputs.Time, Label = strings["Propose_Time"], IsRequired = true, ErrorMessage = strings["Propose_Error_Time"], Value = previous?.Get(Inputs.Time) });
        }

        body.Add(new InputText { Id = Inputs.Reason, Label = tutoring["Change_Reason"], Placeholder = tutoring["Change_Reason_Placeholder"], IsRequired = true, ErrorMessage = tutoring["Change_Error_Reason"], MaxLength = ReasonMaxLength, Value = previous?.Get(Inputs.Reason) });
        return new AdaptiveCard(body,
        [
            new ActionExecute(tutoring[reschedule ? "Change_Submit_Reschedule" : "Change_Submit_Cancel"], reschedule ? Verbs.Reschedule : Verbs.Cancel, Ids(session)) { AssociatedInputs = "auto" },
            new ActionExecute(tutoring["Session_Back"], Verbs.Back, Ids(session)) { AssociatedInputs = "none" },
        ]);
    }

    /// <summary>A reminder (the day before, one hour before): confirm / can't come / reschedule, while the session stands.</summary>
    public AdaptiveCard Reminder(TutoringSession session, string role, string kind, string otherName)
    {
        var mine = role == SessionRoles.Tutor ? session.TutorAttendance : session.StudentAttendance;
        if (session.Status != SessionStatus.Confirmed || clock.GetUtcNow() >= session.StartUtc)
        {
            return ViewFor(role, session, otherName);
        }

        var body = new List<CardElement>
        {
            new TextBlock(tutoring[kind == ReminderKinds.DayBefore ? "Reminder_Title_DayBefore" : "Reminder_Title_HourBefore", otherName]) { Size = "Large", Weight = "Bolder" },
            Facts(session),
        };
        var other = role == SessionRoles.Tutor ? session.StudentAttendance : session.TutorAttendance;
        if (other is not null)
        {
            body.Add(new TextBlock(tutoring["Attendance_Other_" + other, otherName]));
        }

        if (mine is not null)
        {
            body.Add(new TextBlock(tutoring["Reminder_Answered_" + mine]) { Weight = "Bolder", Color = mine == Attendance.Confirmed ? "Good" : "Attention" });
        }

        var data = Ids(session);
        var actions = new List<CardAction>();
        if (mine is null)
        {
            actions.Add(new ActionExecute(tutoring["Reminder_Confirm"], Verbs.Remind, new Dictionary<string, string>(data) { [Inputs.Answer] = Attendance.Confirmed }));
            actions.Add(new ActionExecute(tutoring["Reminder_CantCome"], Verbs.Remind, new Dictionary<string, string>(data) { [Inputs.Answer] = Attendance.CantCome }));
        }

        actions.Add(new ActionExecute(tutoring["Session_Reschedule"], Verbs.OpenChange, new Dictionary<string, string>(Ids(session)) { [Inputs.Mode] = Modes.Reschedule }));
        return new AdaptiveCard(body, actions);
    }

    /// <summary>The tutor's log after the session: outcome and topics from the programme's list.</summary>
    public AdaptiveCard LogForm(TutoringSession session, string studentName, CardActionRequest? previous = null, string? errorKey = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock(tutoring["Log_Title", studentName]) { Size = "Large", Weight = "Bolder" },
            Facts(session),
            new TextBlock(tutoring["Log_Intro"]),
        };
        if (errorKey is not null)
        {
            body.Add(new TextBlock(Text(errorKey)) { Color = "Attention", Weight = "Bolder" });
        }

        body.Add(new InputChoiceSet([.. Outcomes.All.Select(o => new Choice(tutoring["Log_Outcome_" + o], o))])
        {
            Id = Inputs.Outcome, Label = tutoring["Log_Outcome"], Style = "expanded", IsRequired = true, ErrorMessage = tutoring["Log_Error_Outcome"], Value = previous?.Get(Inputs.Outcome),
        });
        body.Add(new InputChoiceSet([.. Topics.All.Select(t => new Choice(tutoring["Log_Topic_" + t], t))])
        {
            Id = Inputs.Topics, Label = tutoring["Log_Topics"], Style = "expanded", IsMultiSelect = true, Value = previous?.Get(Inputs.Topics),
        });
        return new AdaptiveCard(body, [new ActionExecute(tutoring["Log_Submit"], Verbs.Log, Ids(session)) { AssociatedInputs = "auto" }]);
    }

    /// <summary>The student's one-tap rating, with an optional comment.</summary>
    public AdaptiveCard FeedbackCard(TutoringSession session, string tutorName, string? errorKey = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock(tutoring["Feedback_Title", tutorName]) { Size = "Large", Weight = "Bolder" },
            Facts(session),
            new TextBlock(tutoring["Feedback_Intro"]),
        };
        if (errorKey is not null)
        {
            body.Add(new TextBlock(Text(errorKey)) { Color = "Attention", Weight = "Bolder" });
        }

        body.Add(new InputText { Id = Inputs.Comment, Label = tutoring["Feedback_Comment"], IsMultiline = true, MaxLength = CommentMaxLength });
        return new AdaptiveCard(body,
        [
            .. Enumerable.Range(1, Ratings).Reverse().Select(r => new ActionExecute(
                tutoring["Feedback_Rating_" + r.ToString(CultureInfo.InvariantCulture)],
                Verbs.Rate,
                new Dictionary<string, string>(Ids(session)) { [Inputs.Rating] = r.ToString(CultureInfo.InvariantCulture) }) { AssociatedInputs = "auto" }),
        ]);
    }

    /// <summary>
    /// The pair's history for the tutor: each session, newest first, with its log and the student's rating; paged
    /// (<paramref name="page"/>, from 0) so that a long history stays within the message budget.
    /// </summary>
    public AdaptiveCard History(string studentName, IReadOnlyList<TutoringSession> sessions, int page = 0)
    {
        var body = new List<CardElement> { new TextBlock(tutoring["History_Title", studentName]) { Size = "Large", Weight = "Bolder" } };
        if (sessions.Count == 0)
        {
            body.Add(new TextBlock(tutoring["History_Empty"]));
            return new AdaptiveCard(body);
        }

        body.Add(new TextBlock(tutoring["History_Summary",
            sessions.Count(s => s.Outcome == Outcomes.Happened),
            sessions.Count(s => s.Outcome == Outcomes.Absent),
            sessions.Count(s => s.Status == SessionStatus.Cancelled || s.Outcome == Outcomes.Cancelled)])
        { IsSubtle = true });
        var entries = new List<CardElement>();
        foreach (var session in sessions.OrderByDescending(s => s.StartUtc))
        {
            var state = session.Outcome is { } outcome ? tutoring["Log_Outcome_" + outcome].Value : tutoring["Status_Short_" + session.Status].Value;
            var items = new List<CardElement> { new TextBlock(tutoring["History_Line", Culture.FormatParis(session.StartUtc), state]) { Weight = "Bolder" } };
            if (!string.IsNullOrEmpty(session.LoggedTopics))
            {
                items.Add(new TextBlock(tutoring["History_Topics", TopicNames(session.LoggedTopics)]) { IsSubtle = true });
            }

            if (session.Rating is { } rating)
            {
                var line = tutoring["Feedback_Rating"] + " : " + tutoring["Feedback_Rating_" + rating.ToString(CultureInfo.InvariantCulture)];
                if (!string.IsNullOrEmpty(session.RatingComment))
                {
                    line += " — « " + session.RatingComment + " »";
                }

                items.Add(new TextBlock(line) { IsSubtle = true });
            }

            if (session.Reason is { } reason && session.Status == SessionStatus.Cancelled)
            {
                items.Add(new TextBlock(tutoring["Session_Reason", reason]) { IsSubtle = true });
            }

            if (session.Status == SessionStatus.Confirmed && session.Outcome is null && clock.GetUtcNow() >= session.StartUtc)
            {
                // The log card may be long scrolled away: the history offers it again.
                items.Add(new ActionSet([new ActionExecute(tutoring["Log_Open"], Verbs.OpenLog, Ids(session))]));
            }

            entries.Add(new Container(items) { Separator = true });
        }

        var pages = CardPages.Split(entries);
        page = Math.Clamp(page, 0, pages.Count - 1);
        body.AddRange(pages[page]);
        if (pages.Count == 1)
        {
            return new AdaptiveCard(body);
        }

        body.Add(new TextBlock(tutoring["History_Page", page + 1]) { IsSubtle = true, Size = "Small" });
        var actions = new List<CardAction>();
        if (page > 0)
        {
            actions.Add(new ActionExecute(tutoring["History_Newer"], Verbs.HistoryPage, HistoryPage(sessions[0].StudentId, page - 1)));
        }

        if (page < pages.Count - 1)
        {
            actions.Add(new ActionExecute(tutoring["History_Older"], Verbs.HistoryPage, HistoryPage(sessions[0].StudentId, page + 1)));
        }

        return new AdaptiveCard(body, actions);
    }

    private static Dictionary<string, string> HistoryPage(string studentId, int page) =>
        new() { [Inputs.StudentId] = studentId, [Inputs.Page] = page.ToString(CultureInfo.InvariantCulture) };

    public AdaptiveCard Notice(string key, params object[] args) => new([new TextBlock(Text(key, args))]);

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
            facts.Add(new Fact(strings["Session_When"], Culture.FormatParis(session.StartUtc)));
        }

        facts.Add(new Fact(strings["Session_Duration"], strings["Duration_Minutes", session.DurationMinutes]));
        facts.Add(new Fact(strings["Session_Where"], place));
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

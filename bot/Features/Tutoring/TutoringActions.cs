using System.Security.Cryptography;
using System.Text;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;
using TutorBot.Storage;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// A session proposal from tutor to student: the tutor's form, the student's answer, and the tutor's card
/// updated in place. Every step is stored before anything is sent, and a stale click changes nothing.
/// </summary>
public sealed partial class TutoringActions(
    SessionStore sessions,
    ProgrammeStore programme,
    ConversationStore conversations,
    TutoringCards cards,
    SessionNotifier notifier,
    ReminderStore reminders,
    SessionCalendar calendar,
    TimeProvider clock,
    ILogger<TutoringActions> logger) : ICardActionHandler, IMessageCommand
{
    /// <summary>A proactive send inside an invoke must leave time to answer the invoke itself.</summary>
    private static readonly TimeSpan NotifyBudget = TimeSpan.FromSeconds(8);

    public IReadOnlyCollection<string> Keywords { get; } = ["seance", "session", "seances", "sessions"];

    public string HelpKey => "Help_Session";

    public IReadOnlyCollection<string> ForRoles { get; } = [Roles.Tutor];

    public IReadOnlyCollection<string> Verbs { get; } =
    [
        TutoringCards.Verbs.Propose, TutoringCards.Verbs.Answer, TutoringCards.Verbs.Resend, TutoringCards.Verbs.AcceptCounter,
        TutoringCards.Verbs.OpenChange, TutoringCards.Verbs.Reschedule, TutoringCards.Verbs.Cancel, TutoringCards.Verbs.Back,
        TutoringCards.Verbs.Remind, TutoringCards.Verbs.Log, TutoringCards.Verbs.Rate, TutoringCards.Verbs.OpenLog,
    ];

    /// <summary>"séance": the tutor gets the proposal form for their student.</summary>
    public async Task HandleAsync(TurnContext turn, CancellationToken cancellationToken)
    {
        var tutor = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        if (tutor?.Role != Roles.Tutor)
        {
            await turn.SendAsync(cards.Notice("Session_NotTutor"), cancellationToken);
            return;
        }

        var students = await programme.StudentsOfAsync(tutor.Id, cancellationToken);
        if (students.Count == 0)
        {
            await turn.SendAsync(cards.Notice("Session_NoStudent"), cancellationToken);
            return;
        }

        var busy = await calendar.BusyAsync(tutor, cancellationToken);
        foreach (var student in students)
        {
            await turn.SendAsync(cards.ProposalForm(student.Id, student.DisplayName, busy: busy), cancellationToken);
        }
    }

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken) =>
        await StaleAsync(turn, request, cancellationToken) ?? await RunAsync(turn, request, cancellationToken);

    /// <summary>
    /// A button from before the session's last change of time (its card could not be edited) acts on nothing: the
    /// presser sees where the session stands now. Cards without a generation (the first slice's) skip the check.
    /// </summary>
    private async Task<CardActionResult?> StaleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (request.Verb == TutoringCards.Verbs.Propose || request.Get(TutoringCards.Inputs.Generation) is not { } generation)
        {
            return null;
        }

        var (session, tutor, student) = await LoadAsync(request, cancellationToken);
        if (session is null || tutor is null || student is null || generation == session.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return null;
        }

        if (request.Verb == TutoringCards.Verbs.Answer && session.Status != SessionStatus.Proposed)
        {
            // A second click on an answered invitation: the answer handler says it was already answered.
            return null;
        }

        return RoleOf(turn, tutor, student) is { } role
            ? CardActionResult.Replace(cards.ViewFor(role, session, Other(role, tutor, student).DisplayName, "Change_Conflict"))
            : CardActionResult.Say(cards.Text("NotYourCard"));
    }

    private Task<CardActionResult> RunAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken) => request.Verb switch
    {
        TutoringCards.Verbs.Propose => ProposeAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.Answer => AnswerAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.Resend => ResendAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.AcceptCounter => AcceptCounterAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.OpenChange => OpenChangeAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.Reschedule => RescheduleAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.Cancel => CancelAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.Back => BackAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.Remind => RemindAnswerAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.Log => LogAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.Rate => RateAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.OpenLog => OpenLogAsync(turn, request, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(request)),
    };

    private async Task<CardActionResult> ProposeAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var tutor = await programme.FindByAadObjectIdAsync(turn.TenantId, turn.AadObjectId, cancellationToken);
        var student = request.Get(TutoringCards.Inputs.StudentId) is { } studentId ? await programme.GetAsync(studentId, cancellationToken) : null;
        if (tutor?.Role != Roles.Tutor || student is null || student.TutorId != tutor.Id)
        {
            return CardActionResult.Replace(cards.Notice("Session_NotYourStudent"));
        }

        if (ProposalInput.Parse(request, clock.GetUtcNow(), out var errorKey, out var errorSlot) is not { } input)
        {
            return CardActionResult.Replace(cards.ProposalForm(student.Id, student.DisplayName, request, errorKey, errorSlot));
        }

        // Availability from the tutor's calendar, where there is a mailbox: a slot over a busy time is refused.
        var busy = await calendar.BusyAsync(tutor, cancellationToken);
        var duration = TimeSpan.FromMinutes(input.DurationMinutes);
        foreach (var slot in input.OtherSlots.Prepend(input.StartUtc))
        {
            if (busy.Any(b => b.Start < slot + duration && slot < b.End))
            {
                return CardActionResult.Replace(cards.ProposalForm(student.Id, student.DisplayName, request, busy: busy, errorText: cards.Text("Propose_Error_Busy", Culture.FormatParis(slot))));
            }
        }

        var session = new TutoringSession
        {
            PartitionKey = student.Id,
            RowKey = SessionIdFor(turn, request),
            TutorId = tutor.Id,
            StartUtc = input.StartUtc,
            Slot2StartUtc = input.OtherSlots.ElementAtOrDefault(0) is var s2 && s2 != default ? s2 : null,
            Slot3StartUtc = input.OtherSlots.ElementAtOrDefault(1) is var s3 && s3 != default ? s3 : null,
            DurationMinutes = input.DurationMinutes,
            Place = input.Place,
            PlaceDetail = input.PlaceDetail,
            CreatedUtc = clock.GetUtcNow(),
            TutorCardActivityId = request.CardActivityId,
            TutorConversationId = turn.Reference.ConversationId,
            TutorServiceUrl = turn.Reference.ServiceUrl,
            StudentHasMailbox = student.Mailbox is not null,
        };

        if (!await sessions.TryAddAsync(session, cancellationToken))
        {
            // The same form submitted twice: the first submit stands.
            var existing = await sessions.GetAsync(session.StudentId, session.Id, cancellationToken);
            return CardActionResult.Replace(cards.TutorStatus(existing ?? session, student.DisplayName, "Session_AlreadySent"));
        }

        Log.Proposed(logger, session.Id, student.Id);
        await NotifyStudentAsync(turn, session, tutor, student, cancellationToken);
        return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName));
    }

    private async Task<CardActionResult> ResendAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = await LoadAsync(request, cancellationToken);
        if (session is null || tutor is null || student is null || !ObjectIds.Same(tutor.AadObjectId, turn.AadObjectId))
        {
            return CardActionResult.Replace(cards.Notice("Session_NotFound"));
        }

        if (session.StudentCardActivityId is null && session.Status == SessionStatus.Proposed)
        {
            await NotifyStudentAsync(turn, session, tutor, student, cancellationToken);
        }

        return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName));
    }

    private async Task<CardActionResult> AnswerAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = await LoadAsync(request, cancellationToken);
        if (session is null || tutor is null || student is null)
        {
            return CardActionResult.Replace(cards.Notice("Session_NotFound"));
        }

        if (!ObjectIds.Same(student.AadObjectId, turn.AadObjectId))
        {
            return CardActionResult.Say(cards.Text("Session_NotForYou", student.DisplayName));
        }

        if (session.Status != SessionStatus.Proposed)
        {
            return CardActionResult.Replace(cards.StudentStatus(session, tutor.DisplayName, "Session_AlreadyAnswered"));
        }

        var answer = request.Get(TutoringCards.Inputs.Answer);
        string noticeKey;
        object[] noticeArgs;
        switch (answer)
        {
            case TutoringCards.Answers.Confirm:
                var slots = session.AllSlots();
                var slotText = request.Get(TutoringCards.Inputs.Slot) ?? "1";
                if (!int.TryParse(slotText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var slot) || slot < 1 || slot > slots.Count)
                {
                    return CardActionResult.Replace(cards.StudentInvitationWithError(session, tutor.DisplayName, "Session_Error_Slot"));
                }

                Agree(session, slots[slot - 1]);
                noticeKey = "Notify_Confirmed";
                noticeArgs = [student.DisplayName, Culture.FormatParis(session.StartUtc)];
                break;
            case TutoringCards.Answers.Decline:
                session.Status = SessionStatus.Declined;
                noticeKey = "Notify_Declined";
                noticeArgs = [student.DisplayName];
                break;
            case TutoringCards.Answers.Counter:
                var counter = ProposalInput.ParseStart(request.Get(TutoringCards.Inputs.CounterDate), request.Get(TutoringCards.Inputs.CounterTime), clock.GetUtcNow(), out var errorKey);
                if (counter is null)
                {
                    return CardActionResult.Replace(cards.StudentInvitationWithError(session, tutor.DisplayName, errorKey!));
                }

                session.Status = SessionStatus.CounterProposed;
                session.CounterStartUtc = counter;
                noticeKey = "Notify_Counter";
                noticeArgs = [student.DisplayName, Culture.FormatParis(counter.Value)];
                break;
            default:
                return CardActionResult.Replace(cards.StudentInvitationWithError(session, tutor.DisplayName, "Session_Error_Answer"));
        }

        session.AnsweredUtc = clock.GetUtcNow();
        if (!await SaveAsync(session, cancellationToken))
        {
            // Another click won the race: show what it decided, change nothing.
            var current = await sessions.GetAsync(session.StudentId, session.Id, cancellationToken) ?? session;
            return CardActionResult.Replace(cards.StudentStatus(current, tutor.DisplayName, "Session_AlreadyAnswered"));
        }

        Log.Answered(logger, session.Id, session.Status);

        // The answer shows on the tutor's proposal card, edited in place; a new card only when that card is gone.
        await AfterChangeAsync(session, tutor, student, SessionRoles.Tutor, request.CardActivityId, noticeKey, noticeArgs, cancellationToken, tellOnlyIfMainCardMissing: true);
        return CardActionResult.Replace(cards.StudentStatus(session, tutor.DisplayName));
    }

    /// <summary>The tutor accepts the time the student asked for: confirmed for both.</summary>
    private async Task<CardActionResult> AcceptCounterAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = await LoadAsync(request, cancellationToken);
        if (session is null || tutor is null || student is null)
        {
            return CardActionResult.Replace(cards.Notice("Session_NotFound"));
        }

        if (!ObjectIds.Same(tutor.AadObjectId, turn.AadObjectId))
        {
            return CardActionResult.Say(cards.Text("NotYourCard"));
        }

        if (session.Status != SessionStatus.CounterProposed || session.CounterStartUtc is not { } counter || counter <= clock.GetUtcNow())
        {
            return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName, "Change_Conflict"));
        }

        Agree(session, counter);
        if (!await SaveAsync(session, cancellationToken))
        {
            return await ConflictAsync(SessionRoles.Tutor, request, tutor, student, cancellationToken);
        }

        Log.Answered(logger, session.Id, session.Status);
        await AfterChangeAsync(session, tutor, student, SessionRoles.Student, request.CardActivityId, "Notify_Confirmed", [tutor.DisplayName, Culture.FormatParis(session.StartUtc)], cancellationToken);
        return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName));
    }

    /// <summary>Reschedule or cancel: the form, for either side of the pair.</summary>
    private async Task<CardActionResult> OpenChangeAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (party, refusal) = await PartyAsync(turn, request, cancellationToken);
        if (party is null)
        {
            return refusal!;
        }

        var (session, tutor, student, role) = party;

        var mode = request.Get(TutoringCards.Inputs.Mode) == TutoringCards.Modes.Cancel ? TutoringCards.Modes.Cancel : TutoringCards.Modes.Reschedule;
        if (!CanChange(session, mode))
        {
            return CardActionResult.Replace(cards.ViewFor(role, session, Other(role, tutor, student).DisplayName, "Change_Conflict"));
        }

        return CardActionResult.Replace(cards.ChangeForm(session, mode));
    }

    private async Task<CardActionResult> BackAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = await LoadAsync(request, cancellationToken);
        if (session is null || tutor is null || student is null)
        {
            return CardActionResult.Replace(cards.Notice("Session_NotFound"));
        }

        return RoleOf(turn, tutor, student) is { } role
            ? CardActionResult.Replace(cards.ViewFor(role, session, Other(role, tutor, student).DisplayName))
            : CardActionResult.Say(cards.Text("NotYourCard"));
    }

    /// <summary>
    /// A new time, with a reason. From the tutor it is a new proposal the student answers; from the student, a time
    /// the tutor accepts or not. Either way the agreed time is gone until then, and its reminders with it.
    /// </summary>
    private async Task<CardActionResult> RescheduleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (party, refusal) = await PartyAsync(turn, request, cancellationToken);
        if (party is null)
        {
            return refusal!;
        }

        var (session, tutor, student, role) = party;
        var other = Other(role, tutor, student);
        if (!CanChange(session, TutoringCards.Modes.Reschedule))
        {
            return CardActionResult.Replace(cards.ViewFor(role, session, other.DisplayName, "Change_Conflict"));
        }

        var start = ProposalInput.ParseStart(request.Get(TutoringCards.Inputs.Date), request.Get(TutoringCards.Inputs.Time), clock.GetUtcNow(), out var errorKey);
        if (start is null)
        {
            return CardActionResult.Replace(cards.ChangeForm(session, TutoringCards.Modes.Reschedule, request, errorKey));
        }

        if (ReadReason(request) is not { } reason)
        {
            return CardActionResult.Replace(cards.ChangeForm(session, TutoringCards.Modes.Reschedule, request, "Change_Error_Reason"));
        }

        if (start == (session.Status == SessionStatus.CounterProposed && role == SessionRoles.Student ? session.CounterStartUtc : session.StartUtc) && session.Status != SessionStatus.CounterProposed)
        {
            return CardActionResult.Replace(cards.ChangeForm(session, TutoringCards.Modes.Reschedule, request, "Change_Error_Same"));
        }

        var wasConfirmed = session.Status == SessionStatus.Confirmed;
        session.Generation++;
        session.Reason = reason;
        session.ChangedBy = role;
        session.TutorAttendance = null;
        session.StudentAttendance = null;
        if (role == SessionRoles.Tutor)
        {
            session.Status = SessionStatus.Proposed;
            session.StartUtc = start.Value;
            session.Slot2StartUtc = null;
            session.Slot3StartUtc = null;
            session.CounterStartUtc = null;
        }
        else
        {
            session.Status = SessionStatus.CounterProposed;
            session.CounterStartUtc = start.Value;
        }

        if (!await SaveAsync(session, cancellationToken))
        {
            return await ConflictAsync(role, request, tutor, student, cancellationToken);
        }

        Log.Rescheduled(logger, session.Id, role);
        return await AfterRescheduleOrCancelAsync(new Party(session, tutor, student, role), request, wasConfirmed, reason, "Notify_Rescheduled", start.Value, cancellationToken);
    }

    private async Task<CardActionResult> CancelAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (party, refusal) = await PartyAsync(turn, request, cancellationToken);
        if (party is null)
        {
            return refusal!;
        }

        var (session, tutor, student, role) = party;
        var other = Other(role, tutor, student);
        if (!CanChange(session, TutoringCards.Modes.Cancel))
        {
            return CardActionResult.Replace(cards.ViewFor(role, session, other.DisplayName, "Change_Conflict"));
        }

        if (ReadReason(request) is not { } reason)
        {
            return CardActionResult.Replace(cards.ChangeForm(session, TutoringCards.Modes.Cancel, request, "Change_Error_Reason"));
        }

        var wasConfirmed = session.Status == SessionStatus.Confirmed;
        session.Status = SessionStatus.Cancelled;
        session.Generation++;
        session.Reason = reason;
        session.ChangedBy = role;
        if (!await SaveAsync(session, cancellationToken))
        {
            return await ConflictAsync(role, request, tutor, student, cancellationToken);
        }

        Log.Cancelled(logger, session.Id, role);
        return await AfterRescheduleOrCancelAsync(new Party(session, tutor, student, role), request, wasConfirmed, reason, "Notify_Cancelled", session.StartUtc, cancellationToken);
    }

    /// <summary>
    /// A stored reschedule or cancel: the agreed time's calendar event goes (a new one is booked once a new time is
    /// agreed), the other side is told, and the actor's card shows where the session stands.
    /// </summary>
    private async Task<CardActionResult> AfterRescheduleOrCancelAsync(
        Party party, CardActionRequest request, bool wasConfirmed, string reason, string noticeKey, DateTimeOffset shownTime, CancellationToken cancellationToken)
    {
        var (session, tutor, student, role) = party;
        if (wasConfirmed)
        {
            await calendar.CancelAsync(session, reason, cancellationToken);
        }

        var (actor, other, otherRole) = role == SessionRoles.Tutor ? (tutor, student, SessionRoles.Student) : (student, tutor, SessionRoles.Tutor);
        await AfterChangeAsync(session, tutor, student, otherRole, request.CardActivityId, noticeKey, [actor.DisplayName, Culture.FormatParis(shownTime), reason], cancellationToken);
        return CardActionResult.Replace(cards.ViewFor(role, session, other.DisplayName));
    }

    /// <summary>Confirm / can't come on a reminder: stored, and the other side told at once.</summary>
    private async Task<CardActionResult> RemindAnswerAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (party, refusal) = await PartyAsync(turn, request, cancellationToken);
        if (party is null)
        {
            return refusal!;
        }

        var (session, tutor, student, role) = party;
        var other = Other(role, tutor, student);
        var answer = request.Get(TutoringCards.Inputs.Answer);
        var mine = role == SessionRoles.Tutor ? session.TutorAttendance : session.StudentAttendance;
        if (session.Status != SessionStatus.Confirmed || clock.GetUtcNow() >= session.StartUtc || mine is not null)
        {
            return CardActionResult.Replace(cards.ViewFor(role, session, other.DisplayName, "Change_Conflict"));
        }

        if (answer is not (Attendance.Confirmed or Attendance.CantCome))
        {
            return CardActionResult.Replace(cards.ViewFor(role, session, other.DisplayName, "Session_Error_Answer"));
        }

        if (role == SessionRoles.Tutor)
        {
            session.TutorAttendance = answer;
        }
        else
        {
            session.StudentAttendance = answer;
        }

        if (!await SaveAsync(session, cancellationToken))
        {
            return await ConflictAsync(role, request, tutor, student, cancellationToken);
        }

        Log.ReminderAnswered(logger, session.Id, role, answer);
        var me = role == SessionRoles.Tutor ? tutor : student;
        var otherRole = role == SessionRoles.Tutor ? SessionRoles.Student : SessionRoles.Tutor;
        await AfterChangeAsync(session, tutor, student, otherRole, request.CardActivityId, "Notify_Attendance_" + answer, [me.DisplayName, Culture.FormatParis(session.StartUtc)], cancellationToken);
        return CardActionResult.Replace(cards.Reminder(session, role, ReminderKinds.DayBefore, other.DisplayName));
    }

    /// <summary>The tutor's log after the session; when it happened, the student is asked for a rating.</summary>
    private async Task<CardActionResult> LogAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = await LoadAsync(request, cancellationToken);
        if (session is null || tutor is null || student is null)
        {
            return CardActionResult.Replace(cards.Notice("Session_NotFound"));
        }

        if (!ObjectIds.Same(tutor.AadObjectId, turn.AadObjectId))
        {
            return CardActionResult.Say(cards.Text("NotYourCard"));
        }

        if (session.Outcome is not null)
        {
            return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName, "Log_AlreadySaved"));
        }

        if (session.Status != SessionStatus.Confirmed || clock.GetUtcNow() < session.StartUtc)
        {
            return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName, "Log_Error_NotYet"));
        }

        var outcome = request.Get(TutoringCards.Inputs.Outcome);
        if (outcome is null || !Outcomes.All.Contains(outcome))
        {
            return CardActionResult.Replace(cards.LogForm(session, student.DisplayName, request, "Log_Error_Outcome"));
        }

        var topics = (request.Get(TutoringCards.Inputs.Topics) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (topics.Any(t => !Topics.All.Contains(t)) || (outcome == Outcomes.Happened && topics.Count == 0))
        {
            return CardActionResult.Replace(cards.LogForm(session, student.DisplayName, request, "Log_Error_Topics"));
        }

        session.Outcome = outcome;
        session.LoggedTopics = string.Join(',', topics);
        session.LoggedUtc = clock.GetUtcNow();
        if (outcome == Outcomes.Happened)
        {
            // Planned before the log is stored: a crash in between leaves a row the scanner drops, never a lost request.
            var due = ReminderPlan.OutOfQuietHours(clock.GetUtcNow());
            await reminders.PlanAsync([ReminderPlan.Row(session, ReminderKinds.Feedback, SessionRoles.Student, due)], cancellationToken);
        }

        if (!await SaveAsync(session, cancellationToken))
        {
            var current = await sessions.GetAsync(session.StudentId, session.Id, cancellationToken) ?? session;
            return CardActionResult.Replace(cards.TutorStatus(current, student.DisplayName, "Log_AlreadySaved"));
        }

        Log.Logged(logger, session.Id, outcome);
        await notifier.RefreshAsync(session, tutor, student, request.CardActivityId, cancellationToken);
        return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName, "Log_Saved", cards.Text("Log_Outcome_" + outcome)));
    }

    /// <summary>The log form again, from the history: the tutor's current view of a past session is its log form.</summary>
    private async Task<CardActionResult> OpenLogAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = await LoadAsync(request, cancellationToken);
        if (session is null || tutor is null || student is null)
        {
            return CardActionResult.Replace(cards.Notice("Session_NotFound"));
        }

        return ObjectIds.Same(tutor.AadObjectId, turn.AadObjectId)
            ? CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName))
            : CardActionResult.Say(cards.Text("NotYourCard"));
    }

    /// <summary>The student's one-tap rating, with the comment if one was typed.</summary>
    private async Task<CardActionResult> RateAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = await LoadAsync(request, cancellationToken);
        if (session is null || tutor is null || student is null)
        {
            return CardActionResult.Replace(cards.Notice("Session_NotFound"));
        }

        if (!ObjectIds.Same(student.AadObjectId, turn.AadObjectId))
        {
            return CardActionResult.Say(cards.Text("Session_NotForYou", student.DisplayName));
        }

        if (session.Rating is not null || session.Outcome != Outcomes.Happened)
        {
            return CardActionResult.Replace(cards.StudentStatus(session, tutor.DisplayName, "Feedback_Already"));
        }

        if (!int.TryParse(request.Get(TutoringCards.Inputs.Rating), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var rating) || rating is < 1 or > TutoringCards.Ratings)
        {
            return CardActionResult.Replace(cards.FeedbackCard(session, tutor.DisplayName, "Feedback_Error_Rating"));
        }

        var comment = request.Get(TutoringCards.Inputs.Comment);
        if (comment?.Length > TutoringCards.CommentMaxLength)
        {
            return CardActionResult.Replace(cards.FeedbackCard(session, tutor.DisplayName, "Feedback_Error_Comment"));
        }

        session.Rating = rating;
        session.RatingComment = comment;
        if (!await SaveAsync(session, cancellationToken))
        {
            var current = await sessions.GetAsync(session.StudentId, session.Id, cancellationToken) ?? session;
            return CardActionResult.Replace(cards.StudentStatus(current, tutor.DisplayName, "Feedback_Already"));
        }

        Log.Rated(logger, session.Id, rating);
        await notifier.RefreshAsync(session, tutor, student, request.CardActivityId, cancellationToken);
        return CardActionResult.Replace(cards.StudentStatus(session, tutor.DisplayName, "Feedback_Thanks"));
    }

    /// <summary>A time is agreed: reminders planned (before the session is written, so none is lost), older ones void.</summary>
    private void Agree(TutoringSession session, DateTimeOffset start)
    {
        session.Status = SessionStatus.Confirmed;
        session.StartUtc = start;
        session.Slot2StartUtc = null;
        session.Slot3StartUtc = null;
        session.CounterStartUtc = null;
        session.TutorAttendance = null;
        session.StudentAttendance = null;
        session.CalendarFailure = null;
        session.Generation++;
    }

    /// <summary>Writes the change with the session's ETag; a confirmed session gets its reminders and log row planned first.</summary>
    private async Task<bool> SaveAsync(TutoringSession session, CancellationToken cancellationToken)
    {
        if (session.Status == SessionStatus.Confirmed && session.Outcome is null && session.Rating is null)
        {
            // Rows of a write that then loses its race carry a generation or time the session never gets: dropped.
            await reminders.PlanAsync(ReminderPlan.For(session, clock.GetUtcNow()), cancellationToken);
        }

        return await sessions.TryReplaceAsync(session, cancellationToken);
    }

    /// <summary>The other side gets a card saying what happened (with the buttons left to them); every other card is brought up to date.</summary>
    private async Task AfterChangeAsync(TutoringSession session, Person tutor, Person student, string tellRole, string? actedCardId, string noticeKey, object[] noticeArgs, CancellationToken cancellationToken, bool tellOnlyIfMainCardMissing = false)
    {
        var booking = session.Status != SessionStatus.Confirmed ? BookingOutcome.Done : await calendar.BookAsync(session, tutor, student, cancellationToken);
        var booked = booking == BookingOutcome.Done;
        var updated = await notifier.RefreshAsync(session, tutor, student, actedCardId, cancellationToken);
        if ((booking == BookingOutcome.Pending && tellRole != SessionRoles.Tutor) || booking == BookingOutcome.Refused)
        {
            // Graph is down (retried) or refused for good (not retried): the session stands, and the tutor hears it now.
            var key = booking == BookingOutcome.Pending ? "Session_Calendar_Pending" : "Session_Calendar_Failed";
            await notifier.SendAsync(SessionRoles.Tutor, session, tutor, LiveCard.Notice, () => cards.TutorStatus(session, student.DisplayName, key), cancellationToken);
        }

        var main = tellRole == SessionRoles.Tutor ? session.TutorCardActivityId : session.StudentCardActivityId;
        if (tellOnlyIfMainCardMissing && booked && main is not null && updated.Contains(main))
        {
            return;
        }

        var other = tellRole == SessionRoles.Tutor ? student : tutor;
        var told = tellRole == SessionRoles.Tutor ? tutor : student;
        await notifier.SendAsync(tellRole, session, told, LiveCard.Notice, () =>
            tellRole == SessionRoles.Student && session.Status == SessionStatus.Proposed
                ? cards.StudentInvitation(session, other.DisplayName)
                : cards.ViewFor(tellRole, session, other.DisplayName, noticeKey, noticeArgs), cancellationToken);
    }

    private async Task<CardActionResult> ConflictAsync(string role, CardActionRequest request, Person tutor, Person student, CancellationToken cancellationToken)
    {
        var current = await sessions.GetAsync(request.Get(TutoringCards.Inputs.StudentId)!, request.Get(TutoringCards.Inputs.SessionId)!, cancellationToken);
        return current is null
            ? CardActionResult.Replace(cards.Notice("Session_NotFound"))
            : CardActionResult.Replace(cards.ViewFor(role, current, Other(role, tutor, student).DisplayName, "Change_Conflict"));
    }

    private bool CanChange(TutoringSession session, string mode) =>
        session.Outcome is null && clock.GetUtcNow() < session.StartUtc && (mode == TutoringCards.Modes.Cancel
            ? session.Status is SessionStatus.Proposed or SessionStatus.CounterProposed or SessionStatus.Confirmed
            : session.Status is SessionStatus.CounterProposed or SessionStatus.Confirmed);

    private static string? ReadReason(CardActionRequest request) =>
        request.Get(TutoringCards.Inputs.Reason) is { Length: <= TutoringCards.ReasonMaxLength } reason ? reason : null;

    /// <summary>Only the pair may act on a session's cards: the tutor or the student, by Entra object id.</summary>
    private static string? RoleOf(TurnContext turn, Person tutor, Person student) =>
        ObjectIds.Same(turn.AadObjectId, tutor.AadObjectId) ? SessionRoles.Tutor
        : ObjectIds.Same(turn.AadObjectId, student.AadObjectId) ? SessionRoles.Student
        : null;

    private static Person Other(string role, Person tutor, Person student) => role == SessionRoles.Tutor ? student : tutor;

    /// <summary>A session and the side of it the person acting is on.</summary>
    private sealed record Party(TutoringSession Session, Person Tutor, Person Student, string Role);

    /// <summary>The session a card names and who is acting on it; otherwise the card that says why not.</summary>
    private async Task<(Party? Party, CardActionResult? Refusal)> PartyAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = await LoadAsync(request, cancellationToken);
        if (session is null || tutor is null || student is null)
        {
            return (null, CardActionResult.Replace(cards.Notice("Session_NotFound")));
        }

        return RoleOf(turn, tutor, student) is { } role
            ? (new Party(session, tutor, student, role), null)
            : (null, CardActionResult.Say(cards.Text("NotYourCard")));
    }

    private async Task<(TutoringSession? Session, Person? Tutor, Person? Student)> LoadAsync(CardActionRequest request, CancellationToken cancellationToken)
    {
        if (request.Get(TutoringCards.Inputs.StudentId) is not { } studentId || request.Get(TutoringCards.Inputs.SessionId) is not { } sessionId)
        {
            return default;
        }

        var session = await sessions.GetAsync(studentId, sessionId, cancellationToken);
        if (session is null)
        {
            return default;
        }

        var student = await programme.GetAsync(session.StudentId, cancellationToken);
        var tutor = await programme.GetAsync(session.TutorId, cancellationToken);
        return (session, tutor, student);
    }

    /// <summary>Sends the invitation to the student in their language; on failure the session stays, with a resend button.</summary>
    private async Task NotifyStudentAsync(TurnContext turn, TutoringSession session, Person tutor, Person student, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(NotifyBudget);
        try
        {
            var (found, locale) = await StudentConversationAsync(turn, student, budget.Token);
            var reference = found;
            if (reference is null)
            {
                Log.StudentUnreachable(logger, student.Id, null);
                return;
            }

            Activity invitation;
            using (new CultureScope(Culture.FromLocale(locale)))
            {
                invitation = cards.StudentInvitation(session, tutor.DisplayName).ToActivity() with
                {
                    ChannelData = new TeamsChannelData { Notification = new NotificationInfo(true) },
                };
            }

            string? activityId;
            try
            {
                activityId = await turn.Connector.SendAsync(reference, invitation, budget.Token);
            }
            catch (ConnectorException ex) when (ex.StatusCode == 404 && student.TeamsUserId is not null)
            {
                // The stored chat is gone (ConversationNotFound): open a new one and remember it.
                var reopened = await OpenStudentConversationAsync(turn, student, budget.Token);
                if (reopened is null)
                {
                    throw;
                }

                reference = reopened;
                activityId = await turn.Connector.SendAsync(reference, invitation, budget.Token);
            }

            session.StudentCardActivityId = activityId ?? "";
            session.StudentConversationId = reference.ConversationId;
            session.StudentServiceUrl = reference.ServiceUrl;
            if (!await sessions.TryReplaceAsync(session, cancellationToken))
            {
                Log.LostRace(logger, session.Id);
            }
        }
        catch (Exception ex) when (ex is ConnectorException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.StudentUnreachable(logger, student.Id, ex);
        }
    }

    private async Task<(ConversationRef? Reference, string? Locale)> StudentConversationAsync(TurnContext turn, Person student, CancellationToken cancellationToken)
    {
        if (ObjectIds.Usable(student.AadObjectId) is { } aad && await conversations.FindAsync(student.TenantId, aad, cancellationToken) is { } found)
        {
            return found;
        }

        return (await OpenStudentConversationAsync(turn, student, cancellationToken), null);
    }

    /// <summary>Opens the 1:1 chat by the student's Teams user id, on the tutor's service, and stores it.</summary>
    private async Task<ConversationRef?> OpenStudentConversationAsync(TurnContext turn, Person student, CancellationToken cancellationToken)
    {
        if (student.TeamsUserId is null || turn.Activity.Recipient?.Id is not { } botId)
        {
            return null;
        }

        var created = await turn.Connector.CreatePersonalConversationAsync(turn.Reference.ServiceUrl, student.TenantId, student.TeamsUserId, botId, cancellationToken);
        if (ObjectIds.Usable(student.AadObjectId) is { } aadId)
        {
            await conversations.SaveAsync(student.TenantId, aadId, created, null, cancellationToken);
        }

        return created;
    }

    /// <summary>One session per form card: a repeated submit of the same card finds the same id.</summary>
    private static string SessionIdFor(TurnContext turn, CardActionRequest request)
    {
        if (request.CardActivityId is null)
        {
            return Guid.NewGuid().ToString("N");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(turn.Reference.ConversationId + "|" + request.CardActivityId));
        return Convert.ToHexStringLower(hash)[..24];
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Session {SessionId} proposed to student {StudentId}")]
        public static partial void Proposed(ILogger logger, string sessionId, string studentId);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Session {SessionId} answered: {Status}")]
        public static partial void Answered(ILogger logger, string sessionId, string status);

        [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Student {StudentId} could not be reached; the session waits for a resend")]
        public static partial void StudentUnreachable(ILogger logger, string studentId, Exception? exception);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Session {SessionId} changed while its invitation was sent")]
        public static partial void LostRace(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Session {SessionId} rescheduled by the {Role}")]
        public static partial void Rescheduled(ILogger logger, string sessionId, string role);

        [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Session {SessionId} cancelled by the {Role}")]
        public static partial void Cancelled(ILogger logger, string sessionId, string role);

        [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "Session {SessionId}: the {Role} answered a reminder: {Answer}")]
        public static partial void ReminderAnswered(ILogger logger, string sessionId, string role, string answer);

        [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "Session {SessionId} logged: {Outcome}")]
        public static partial void Logged(ILogger logger, string sessionId, string outcome);

        [LoggerMessage(EventId = 5014, Level = LogLevel.Information, Message = "Session {SessionId} rated {Rating}")]
        public static partial void Rated(ILogger logger, string sessionId, int rating);
    }
}

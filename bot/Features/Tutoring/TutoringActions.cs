using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;
using TutorBot.Hosting;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// The tutoring clicks. Each loads its session once, checks the rule on the session, plans the outbox rows that go
/// with the change (reminders, the other side's card, edits of earlier cards, calendar), writes the session once
/// with its ETag, and answers the clicker's card. The flows live in TutoringActions.*.cs; nothing here talks to
/// anyone but the clicker.
/// </summary>
public sealed partial class TutoringActions(
    SessionStore sessions,
    SessionParties parties,
    ProgrammeStore programme,
    TutoringCards cards,
    OutboxStore outbox,
    SessionCalendar calendar,
    TutorBotMetrics metrics,
    TimeProvider clock,
    ILogger<TutoringActions> logger) : ICardActionHandler, IMessageCommand
{
    public IReadOnlyCollection<string> Keywords { get; } = ["seance", "session", "seances", "sessions"];

    public string HelpKey => "Help_Session";

    public IReadOnlyCollection<string> ForRoles { get; } = [Roles.Tutor];

    public IReadOnlyCollection<string> Verbs { get; } =
    [
        TutoringCards.Verbs.Propose, TutoringCards.Verbs.Answer, TutoringCards.Verbs.Resend, TutoringCards.Verbs.AcceptCounter,
        TutoringCards.Verbs.OpenChange, TutoringCards.Verbs.Reschedule, TutoringCards.Verbs.Cancel, TutoringCards.Verbs.Back,
        TutoringCards.Verbs.Remind, TutoringCards.Verbs.Log, TutoringCards.Verbs.Rate, TutoringCards.Verbs.OpenLog,
    ];

    public async Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken)
    {
        if (request.Verb == TutoringCards.Verbs.Propose)
        {
            return await ProposeAsync(turn, request, cancellationToken);
        }

        var party = await parties.LoadAsync(request.Get(TutoringCards.Inputs.StudentId), request.Get(TutoringCards.Inputs.SessionId), cancellationToken);
        if (party is null)
        {
            return CardActionResult.Replace(cards.Notice("Session_NotFound"));
        }

        return Stale(turn, request, party) ?? await RunAsync(turn, request, party, cancellationToken);
    }

    /// <summary>
    /// A button from before the session's last change of time (its card could not be edited) acts on nothing: the
    /// presser sees where the session stands now.
    /// </summary>
    private CardActionResult? Stale(TurnContext turn, CardActionRequest request, SessionParty party)
    {
        if (!party.Session.IsStale(request.Get(TutoringCards.Inputs.Generation)))
        {
            return null;
        }

        if (request.Verb == TutoringCards.Verbs.Answer && party.Session.Status != SessionStatus.Proposed)
        {
            // A second click on an answered invitation: the answer handler says it was already answered.
            return null;
        }

        return RoleOf(turn, party) is { } role
            ? CardActionResult.Replace(cards.ViewFor(role, party.Session, party.OtherOf(role).DisplayName, "Change_Conflict"))
            : CardActionResult.Say(cards.Text("NotYourCard"));
    }

    private Task<CardActionResult> RunAsync(TurnContext turn, CardActionRequest request, SessionParty party, CancellationToken cancellationToken) => request.Verb switch
    {
        TutoringCards.Verbs.Answer => AnswerAsync(turn, request, party, cancellationToken),
        TutoringCards.Verbs.Resend => ResendAsync(turn, party, cancellationToken),
        TutoringCards.Verbs.AcceptCounter => AcceptCounterAsync(turn, request, party, cancellationToken),
        TutoringCards.Verbs.OpenChange => Task.FromResult(OpenChange(turn, request, party)),
        TutoringCards.Verbs.Reschedule => RescheduleAsync(turn, request, party, cancellationToken),
        TutoringCards.Verbs.Cancel => CancelAsync(turn, request, party, cancellationToken),
        TutoringCards.Verbs.Back => Task.FromResult(Back(turn, party)),
        TutoringCards.Verbs.Remind => RemindAnswerAsync(turn, request, party, cancellationToken),
        TutoringCards.Verbs.Log => LogAsync(turn, request, party, cancellationToken),
        TutoringCards.Verbs.Rate => RateAsync(turn, request, party, cancellationToken),
        TutoringCards.Verbs.OpenLog => Task.FromResult(OpenLog(turn, party)),
        _ => throw new ArgumentOutOfRangeException(nameof(request)),
    };

    /// <summary>The click's one write: its outbox rows first (a row whose write then loses its race is dropped when due), then the session with its ETag.</summary>
    private async Task<bool> CommitAsync(TutoringSession session, IEnumerable<OutboxRow> rows, CancellationToken cancellationToken)
    {
        var planned = rows.ToList();
        if (planned.Count > 0)
        {
            await outbox.PlanAsync(planned, cancellationToken);
        }

        return await sessions.TryReplaceAsync(session, cancellationToken);
    }

    /// <summary>
    /// The rows of a change: the reminders and the booking of a time just agreed, the cancellation of an event that
    /// left, <paramref name="tellRole"/> told (<paramref name="inMainCard"/>: in their proposal card while it can be
    /// edited), and every other earlier card but the clicked one brought up to date.
    /// </summary>
    private IEnumerable<OutboxRow> ChangeRows(SessionParty party, string? clickedCard, string? tellRole, string? noticeKey, bool agreed = false, string? releasedEvent = null, bool inMainCard = false)
    {
        var (session, tutor, _) = party;
        var now = clock.GetUtcNow();
        var rows = new List<OutboxRow>();
        if (agreed && session.NeedsReminders)
        {
            rows.AddRange(SessionRows.Reminders(session, tutor, now));
            if (tutor.Mailbox is not null && calendar.Calendar is not null)
            {
                rows.Add(SessionRows.Book(session, tutor.TenantId, now));
            }
        }

        if (releasedEvent is not null)
        {
            rows.Add(SessionRows.Unbook(session, tutor.TenantId, releasedEvent, now));
        }

        string? toldMain = null;
        if (tellRole is not null && noticeKey is not null)
        {
            rows.Add(SessionRows.Tell(session, tutor.TenantId, tellRole, noticeKey, now, inMainCard));
            toldMain = inMainCard ? session.MainCardOf(tellRole)?.ActivityId : null;
        }

        rows.AddRange(SessionRows.Edits(session, tutor.TenantId, now, clickedCard, toldMain));
        return rows;
    }

    /// <summary>Another click won the race: the clicker sees what it decided.</summary>
    private async Task<CardActionResult> ConflictAsync(string role, SessionParty party, CancellationToken cancellationToken, string noticeKey = "Change_Conflict")
    {
        var current = await sessions.GetAsync(party.Session.StudentId, party.Session.Id, cancellationToken);
        return current is null
            ? CardActionResult.Replace(cards.Notice("Session_NotFound"))
            : CardActionResult.Replace(cards.ViewFor(role, current, party.OtherOf(role).DisplayName, noticeKey));
    }

    /// <summary>Only the pair may act on a session's cards: the tutor or the student, by Entra object id.</summary>
    private static string? RoleOf(TurnContext turn, SessionParty party) =>
        ObjectIds.Same(turn.AadObjectId, party.Tutor.AadObjectId) ? SessionRoles.Tutor
        : ObjectIds.Same(turn.AadObjectId, party.Student.AadObjectId) ? SessionRoles.Student
        : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Session {SessionId} proposed to student {StudentId}")]
        public static partial void Proposed(ILogger logger, string sessionId, string studentId);

        [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Session {SessionId} answered: {Status}")]
        public static partial void Answered(ILogger logger, string sessionId, string status);

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

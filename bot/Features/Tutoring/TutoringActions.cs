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
    TimeProvider clock,
    ILogger<TutoringActions> logger) : ICardActionHandler, IMessageCommand
{
    /// <summary>A proactive send inside an invoke must leave time to answer the invoke itself.</summary>
    private static readonly TimeSpan NotifyBudget = TimeSpan.FromSeconds(8);

    public IReadOnlyCollection<string> Keywords { get; } = ["seance", "session", "seances", "sessions"];

    public string HelpKey => "Help_Session";

    public IReadOnlyCollection<string> Verbs { get; } = [TutoringCards.Verbs.Propose, TutoringCards.Verbs.Answer, TutoringCards.Verbs.Resend];

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

        foreach (var student in students)
        {
            await turn.SendAsync(cards.ProposalForm(student.Id, student.DisplayName), cancellationToken);
        }
    }

    public Task<CardActionResult> HandleAsync(TurnContext turn, CardActionRequest request, CancellationToken cancellationToken) => request.Verb switch
    {
        TutoringCards.Verbs.Propose => ProposeAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.Answer => AnswerAsync(turn, request, cancellationToken),
        TutoringCards.Verbs.Resend => ResendAsync(turn, request, cancellationToken),
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

        if (ProposalInput.Parse(request, clock.GetUtcNow(), out var errorKey) is not { } input)
        {
            return CardActionResult.Replace(cards.ProposalForm(student.Id, student.DisplayName, request, errorKey));
        }

        var session = new TutoringSession
        {
            PartitionKey = student.Id,
            RowKey = SessionIdFor(turn, request),
            TutorId = tutor.Id,
            StartUtc = input.StartUtc,
            DurationMinutes = input.DurationMinutes,
            Place = input.Place,
            PlaceDetail = input.PlaceDetail,
            CreatedUtc = clock.GetUtcNow(),
            TutorCardActivityId = request.CardActivityId,
            TutorConversationId = turn.Reference.ConversationId,
            TutorServiceUrl = turn.Reference.ServiceUrl,
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
        if (session is null || tutor is null || student is null || tutor.AadObjectId != turn.AadObjectId)
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

        if (student.AadObjectId != turn.AadObjectId)
        {
            return CardActionResult.Say(cards.Text("Session_NotForYou", student.DisplayName));
        }

        if (session.Status != SessionStatus.Proposed)
        {
            return CardActionResult.Replace(cards.StudentStatus(session, tutor.DisplayName, "Session_AlreadyAnswered"));
        }

        var answer = request.Get(TutoringCards.Inputs.Answer);
        switch (answer)
        {
            case TutoringCards.Answers.Confirm:
                session.Status = SessionStatus.Confirmed;
                break;
            case TutoringCards.Answers.Decline:
                session.Status = SessionStatus.Declined;
                break;
            case TutoringCards.Answers.Counter:
                var counter = ProposalInput.ParseStart(request.Get(TutoringCards.Inputs.CounterDate), request.Get(TutoringCards.Inputs.CounterTime), clock.GetUtcNow(), out var errorKey);
                if (counter is null)
                {
                    return CardActionResult.Replace(cards.StudentInvitationWithError(session, tutor.DisplayName, errorKey!));
                }

                session.Status = SessionStatus.CounterProposed;
                session.CounterStartUtc = counter;
                break;
            default:
                return CardActionResult.Replace(cards.StudentInvitationWithError(session, tutor.DisplayName, "Session_Error_Answer"));
        }

        session.AnsweredUtc = clock.GetUtcNow();
        if (!await sessions.TryReplaceAsync(session, cancellationToken))
        {
            // Another click won the race: show what it decided, change nothing.
            var current = await sessions.GetAsync(session.StudentId, session.Id, cancellationToken) ?? session;
            return CardActionResult.Replace(cards.StudentStatus(current, tutor.DisplayName, "Session_AlreadyAnswered"));
        }

        Log.Answered(logger, session.Id, session.Status);
        await UpdateTutorCardAsync(turn, session, tutor, student, cancellationToken);
        return CardActionResult.Replace(cards.StudentStatus(session, tutor.DisplayName));
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
        if (student.AadObjectId is { } aad && await conversations.FindAsync(student.TenantId, aad, cancellationToken) is { } found)
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
        if (student.AadObjectId is { } aadId)
        {
            await conversations.SaveAsync(student.TenantId, aadId, created, null, cancellationToken);
        }

        return created;
    }

    /// <summary>Edits the tutor's card for everyone, so the answer shows where the proposal was made.</summary>
    private async Task UpdateTutorCardAsync(TurnContext turn, TutoringSession session, Person tutor, Person student, CancellationToken cancellationToken)
    {
        if (session.TutorCardActivityId is null || session.TutorConversationId is null || session.TutorServiceUrl is null)
        {
            return;
        }

        var locale = tutor.AadObjectId is { } aad ? (await conversations.FindAsync(tutor.TenantId, aad, cancellationToken))?.Locale : null;
        Activity update;
        using (new CultureScope(Culture.FromLocale(locale)))
        {
            update = cards.TutorStatus(session, student.DisplayName).ToActivity();
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(NotifyBudget);
        try
        {
            var reference = new ConversationRef(session.TutorServiceUrl, session.TutorConversationId, tutor.TenantId, tutor.TeamsUserId);
            await turn.Connector.UpdateAsync(reference, session.TutorCardActivityId, update, budget.Token);
        }
        catch (Exception ex) when (ex is ConnectorException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The answer is stored; the tutor sees it the next time the card or the history is shown.
            Log.TutorCardNotUpdated(logger, session.Id, ex);
        }
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

        [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Tutor card of session {SessionId} not updated")]
        public static partial void TutorCardNotUpdated(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Session {SessionId} changed while its invitation was sent")]
        public static partial void LostRace(ILogger logger, string sessionId);
    }
}

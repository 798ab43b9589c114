using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;
using TutorBot.Storage;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// Proactive cards of a session: tells one side what the other did (a new card in their chat, kept as a live card),
/// and edits every earlier card of the session to its current view, each in its owner's language.
/// </summary>
public sealed partial class SessionNotifier(
    IConnector connector,
    SessionStore sessions,
    ConversationStore conversations,
    TutoringCards cards,
    ILogger<SessionNotifier> logger)
{
    /// <summary>A proactive call inside an invoke must leave time to answer the invoke itself.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(8);

    /// <summary>Where <paramref name="role"/> is reached for this session, and in which language.</summary>
    public async Task<(ConversationRef? Reference, string? Locale)> ReachAsync(string role, TutoringSession session, Person person, CancellationToken cancellationToken)
    {
        var stored = ObjectIds.Usable(person.AadObjectId) is { } aad ? await conversations.FindAsync(person.TenantId, aad, cancellationToken) : null;
        var (serviceUrl, conversationId) = role == SessionRoles.Tutor
            ? (session.TutorServiceUrl, session.TutorConversationId)
            : (session.StudentServiceUrl, session.StudentConversationId);
        if (serviceUrl is not null && conversationId is not null)
        {
            return (new ConversationRef(serviceUrl, conversationId, person.TenantId, person.TeamsUserId), stored?.Locale);
        }

        return stored is { } found ? (found.Reference, found.Locale) : (null, null);
    }

    /// <summary>Sends <paramref name="build"/>'s card to <paramref name="role"/> and keeps it as a live card of the session; the activity id, or null when it could not be sent.</summary>
    public async Task<string?> SendAsync(string role, TutoringSession session, Person person, string kind, Func<AdaptiveCard> build, CancellationToken cancellationToken, bool throwOnFailure = false)
    {
        var (reference, locale) = await ReachAsync(role, session, person, cancellationToken);
        if (reference is null)
        {
            Log.Unreachable(logger, session.Id, role, null);
            return null;
        }

        Activity activity;
        using (new CultureScope(Culture.FromLocale(locale)))
        {
            activity = build().ToActivity() with { ChannelData = new TeamsChannelData { Notification = new NotificationInfo(true) } };
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        string? activityId;
        try
        {
            activityId = await connector.SendAsync(reference, activity, budget.Token);
        }
        catch (Exception ex) when (!throwOnFailure && (ex is ConnectorException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)))
        {
            Log.Unreachable(logger, session.Id, role, ex);
            return null;
        }

        if (activityId is { Length: > 0 })
        {
            var live = new LiveCard(role, reference.ServiceUrl, reference.ConversationId, activityId, kind);
            var updated = await sessions.UpdateAsync(session.StudentId, session.Id, s =>
            {
                LiveCard.Add(s, live);
                return true;
            }, cancellationToken);
            session.LiveCards = updated?.LiveCards ?? session.LiveCards;
            session.ETag = updated?.ETag ?? session.ETag;
        }

        return activityId;
    }

    /// <summary>Edits every card of the session but <paramref name="exceptActivityId"/> (the one the invoke answers) to its owner's current view; returns the ids edited.</summary>
    public async Task<IReadOnlySet<string>> RefreshAsync(TutoringSession session, Person tutor, Person student, string? exceptActivityId, CancellationToken cancellationToken)
    {
        var targets = new List<LiveCard>();
        if (session.TutorCardActivityId is { } tutorCard && session.TutorServiceUrl is { } tutorUrl && session.TutorConversationId is { } tutorConversation)
        {
            targets.Add(new LiveCard(SessionRoles.Tutor, tutorUrl, tutorConversation, tutorCard, "main"));
        }

        if (session.StudentCardActivityId is { Length: > 0 } studentCard && session.StudentServiceUrl is { } studentUrl && session.StudentConversationId is { } studentConversation)
        {
            targets.Add(new LiveCard(SessionRoles.Student, studentUrl, studentConversation, studentCard, "main"));
        }

        targets.AddRange(LiveCard.Read(session));
        var locales = new Dictionary<string, string?>();
        var updated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var card in targets.Where(c => c.ActivityId != exceptActivityId))
        {
            var person = card.Role == SessionRoles.Tutor ? tutor : student;
            var other = card.Role == SessionRoles.Tutor ? student : tutor;
            if (!locales.TryGetValue(card.Role, out var locale))
            {
                locale = ObjectIds.Usable(person.AadObjectId) is { } aad ? (await conversations.FindAsync(person.TenantId, aad, cancellationToken))?.Locale : null;
                locales[card.Role] = locale;
            }

            Activity update;
            using (new CultureScope(Culture.FromLocale(locale)))
            {
                var view = card.Kind is ReminderKinds.DayBefore or ReminderKinds.HourBefore
                    ? cards.Reminder(session, card.Role, card.Kind, other.DisplayName)
                    : cards.ViewFor(card.Role, session, other.DisplayName);
                update = view.ToActivity();
            }

            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(Budget);
            try
            {
                await connector.UpdateAsync(new ConversationRef(card.ServiceUrl, card.ConversationId, person.TenantId, person.TeamsUserId), card.ActivityId, update, budget.Token);
                updated.Add(card.ActivityId);
            }
            catch (Exception ex) when (ex is ConnectorException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The change is stored and every button re-checks it: an old card that kept its buttons cannot act twice.
                Log.CardNotUpdated(logger, session.Id, card.ActivityId, ex);
            }
        }

        return updated;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Session {SessionId}: the {Role} could not be reached")]
        public static partial void Unreachable(ILogger logger, string sessionId, string role, Exception? exception);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Session {SessionId}: card {ActivityId} not updated")]
        public static partial void CardNotUpdated(ILogger logger, string sessionId, string activityId, Exception exception);
    }
}

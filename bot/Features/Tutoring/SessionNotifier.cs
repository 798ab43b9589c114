using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// The outbox handlers' way to a session's cards: one new card to one side (kept as a live card of the session),
/// or one earlier card edited to its current view, each in its owner's language. Only handlers call it: a click
/// answers its own card and plans the rest.
/// </summary>
public sealed partial class SessionNotifier(
    IConnector connector,
    SessionStore sessions,
    SessionParties parties,
    ConversationStore conversations,
    ILogger<SessionNotifier> logger)
{
    public Task<SessionParty?> LoadAsync(string studentId, string sessionId, CancellationToken cancellationToken) =>
        parties.LoadAsync(studentId, sessionId, cancellationToken);

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

    /// <summary>
    /// Sends <paramref name="build"/>'s card to <paramref name="role"/> and keeps it as a live card of the session;
    /// the activity id, or null when the side cannot be reached. A failed send throws (the row's outcome).
    /// </summary>
    public async Task<string?> SendAsync(string role, SessionParty party, string kind, Func<AdaptiveCard> build, CancellationToken cancellationToken)
    {
        var (session, person) = (party.Session, party.PersonOf(role));
        var (reference, locale) = await ReachAsync(role, session, person, cancellationToken);
        if (reference is null)
        {
            Log.Unreachable(logger, session.Id, role);
            return null;
        }

        Activity activity;
        using (new CultureScope(Culture.FromLocale(locale)))
        {
            activity = build().ToActivity() with { ChannelData = new TeamsChannelData { Notification = new NotificationInfo(true) } };
        }

        var activityId = await connector.SendAsync(reference, activity, cancellationToken);
        if (activityId is { Length: > 0 })
        {
            try
            {
                var live = new LiveCard(role, reference.ServiceUrl, reference.ConversationId, activityId, kind);
                await sessions.UpdateAsync(session.StudentId, session.Id, s =>
                {
                    LiveCard.Add(s, live);
                    return true;
                }, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Sent: a card not kept is only a card later changes will not edit (its buttons re-check the session).
                Log.LiveCardNotKept(logger, session.Id, activityId, ex);
            }
        }

        return activityId ?? "";
    }

    /// <summary>Edits one card of the session to <paramref name="build"/>'s view, in its owner's language (a PUT: idempotent).</summary>
    public async Task EditAsync(LiveCard card, SessionParty party, Func<AdaptiveCard> build, CancellationToken cancellationToken)
    {
        var person = party.PersonOf(card.Role);
        var locale = ObjectIds.Usable(person.AadObjectId) is { } aad ? (await conversations.FindAsync(person.TenantId, aad, cancellationToken))?.Locale : null;
        Activity update;
        using (new CultureScope(Culture.FromLocale(locale)))
        {
            update = build().ToActivity();
        }

        await connector.UpdateAsync(new ConversationRef(card.ServiceUrl, card.ConversationId, person.TenantId, person.TeamsUserId), card.ActivityId, update, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Session {SessionId}: the {Role} could not be reached")]
        public static partial void Unreachable(ILogger logger, string sessionId, string role);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Session {SessionId}: card {ActivityId} sent but not kept for later edits")]
        public static partial void LiveCardNotKept(ILogger logger, string sessionId, string activityId, Exception exception);
    }
}

using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// The proposal's invitation to the student, as an outbox row due at the tutor's click (the click only saves the
/// session and answers the tutor). The chat is the session's, the stored one, or one opened on the tutor's service;
/// a chat Teams lost (404) is opened again. When the row ends <c>Never</c> the tutor's card is edited, through
/// another row, to show the session saved with a resend button.
/// </summary>
public sealed partial class InvitationHandler(
    SessionNotifier notifier,
    SessionStore sessions,
    ConversationStore conversations,
    IConnector connector,
    TutoringCards cards,
    OutboxStore outbox,
    TimeProvider clock,
    ILogger<InvitationHandler> logger) : IOutboxHandler
{
    /// <summary>A row is planned before its session is written: a session still not there after this never was.</summary>
    private static readonly TimeSpan WriteGrace = TimeSpan.FromMinutes(1);

    public string Kind => TutoringKinds.Invite;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var data = SessionRowData.Of(row);
        var party = await notifier.LoadAsync(data.StudentId, data.SessionId, cancellationToken);
        if (party is not null && int.TryParse(data.What, System.Globalization.CultureInfo.InvariantCulture, out var planned) && party.Session.Invitations > planned)
        {
            return DeliveryOutcome.Dropped("a later invitation (a resend) replaced it");
        }

        if (party is null || SessionRows.Invitation(party.Session) != data.What)
        {
            // The click writes its session after planning this row: give that write a moment, then drop.
            return clock.GetUtcNow() - row.DueUtc < WriteGrace
                ? DeliveryOutcome.Later("session not written yet", TimeSpan.FromSeconds(1))
                : DeliveryOutcome.Dropped("the click that planned it lost its race");
        }

        var (session, tutor, student) = party;
        if (session.StudentCardActivityId is not null || session.Status != SessionStatus.Proposed || session.Generation != data.Generation)
        {
            return DeliveryOutcome.Dropped("already invited, answered or moved");
        }

        if (row.WasInterrupted)
        {
            return DeliveryOutcome.Uncertain("interrupted run: an invitation is not sent twice");
        }

        var (reference, locale) = await notifier.ReachAsync(SessionRoles.Student, session, student, cancellationToken);
        reference ??= await OpenAsync(session, student, data.BotId, cancellationToken);
        if (reference is null)
        {
            Log.Unreachable(logger, session.Id, student.Id);
            return DeliveryOutcome.Never("no chat with the student");
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
            activityId = await connector.SendAsync(reference, invitation, cancellationToken);
        }
        catch (ConnectorException ex) when (ex.StatusCode == 404 && !ex.MayHaveSent)
        {
            // The stored chat is gone (ConversationNotFound): a new one is opened and remembered.
            var reopened = await OpenAsync(session, student, data.BotId ?? reference.BotId, cancellationToken);
            if (reopened is null)
            {
                throw;
            }

            reference = reopened;
            activityId = await connector.SendAsync(reference, invitation, cancellationToken);
        }

        await RecordAsync(session, reference, activityId ?? "", row.TenantId, cancellationToken);
        return DeliveryOutcome.Sent(activityId);
    }

    /// <summary>Marks the session undelivered and plans the edit of the tutor's card that offers to send it again.</summary>
    public async Task OnNeverAsync(OutboxRow row, DeliveryOutcome outcome, CancellationToken cancellationToken)
    {
        var data = SessionRowData.Of(row);
        var session = await sessions.UpdateAsync(data.StudentId, data.SessionId, s =>
        {
            if (s.StudentCardActivityId is not null || s.Status != SessionStatus.Proposed || SessionRows.Invitation(s) != data.What || s.InvitationUndelivered)
            {
                return false;
            }

            s.InvitationUndelivered = true;
            return true;
        }, cancellationToken);

        // Planned after the flag is written: the edit shows the session as stored when it runs.
        if (session is { InvitationUndelivered: true, StudentCardActivityId: null } && session.MainCardOf(SessionRoles.Tutor) is { } card)
        {
            await outbox.PlanAsync(SessionRows.Undelivered(session, row.TenantId, card, clock.GetUtcNow()), cancellationToken);
        }
    }

    /// <summary>Keeps the student's card on the session; if the session changed meanwhile, that card is brought up to date too.</summary>
    private async Task RecordAsync(TutoringSession planned, ConversationRef reference, string activityId, string? tenantId, CancellationToken cancellationToken)
    {
        var stored = await sessions.UpdateAsync(planned.StudentId, planned.Id, s =>
        {
            s.StudentCardActivityId = activityId;
            s.StudentConversationId = reference.ConversationId;
            s.StudentServiceUrl = reference.ServiceUrl;
            s.InvitationUndelivered = false;
            return true;
        }, CancellationToken.None);
        if (stored is not null && (stored.Status != SessionStatus.Proposed || stored.Generation != planned.Generation) && activityId.Length > 0)
        {
            Log.ChangedWhileSent(logger, planned.Id);
            await outbox.PlanAsync(SessionRows.Edits(stored, tenantId, clock.GetUtcNow()).Where(r => r.Key.EndsWith("/" + activityId, StringComparison.Ordinal)), cancellationToken);
        }
    }

    /// <summary>Opens the 1:1 chat by the student's Teams user id, on the tutor's service, as the bot the tutor talks to, and stores it.</summary>
    private async Task<ConversationRef?> OpenAsync(TutoringSession session, Person student, string? botId, CancellationToken cancellationToken)
    {
        if (student.TeamsUserId is null || session.TutorServiceUrl is null || botId is null)
        {
            return null;
        }

        var created = await connector.CreatePersonalConversationAsync(session.TutorServiceUrl, student.TenantId, student.TeamsUserId, botId, cancellationToken);
        if (ObjectIds.Usable(student.AadObjectId) is { } aadId)
        {
            await conversations.SaveAsync(student.TenantId, aadId, created, null, cancellationToken);
        }

        return created;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Session {SessionId}: student {StudentId} could not be reached; the tutor's card offers a resend")]
        public static partial void Unreachable(ILogger logger, string sessionId, string studentId);

        [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Session {SessionId} changed while its invitation was sent")]
        public static partial void ChangedWhileSent(ILogger logger, string sessionId);
    }
}

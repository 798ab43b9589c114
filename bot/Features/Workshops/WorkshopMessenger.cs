using Microsoft.Extensions.Options;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Workshops;

/// <summary>
/// Sends one outbox row's card about a workshop to one stored person, once: a <see cref="SentCard"/> is claimed
/// before the POST, so the same card planned again (after its row finished, or as a second row) sends nothing.
/// The chat is the stored one, or one opened as the bot that published the workshop; a chat Teams lost
/// (404 ConversationNotFound) is opened again. Failures are thrown for <see cref="DeliveryOutcomes.FromException"/>.
/// </summary>
public sealed partial class WorkshopMessenger(
    WorkshopStore workshops,
    ProgrammeStore programme,
    ConversationStore conversations,
    IConnector connector,
    IOptions<DeliveryOptions> delivery,
    TimeProvider clock,
    ILogger<WorkshopMessenger> logger)
{
    /// <param name="card">The card in the recipient's culture (set around the call), or null when it is no longer wanted.</param>
    public async Task<DeliveryOutcome> SendOnceAsync(OutboxRow row, Workshop workshop, string personId, Func<Task<AdaptiveCard?>> card, CancellationToken cancellationToken)
    {
        if (await programme.GetAsync(personId, cancellationToken) is not { } person || ObjectIds.Missing(person.AadObjectId))
        {
            return DeliveryOutcome.Never("recipient not in the programme");
        }

        var what = WorkshopRows.What(row, workshop.Id);
        var now = clock.GetUtcNow();
        if (!await workshops.TryClaimSendAsync(workshop.Id, what, now, cancellationToken))
        {
            return await AlreadyAsync(row, workshop, what, now, cancellationToken);
        }

        try
        {
            var (reference, locale) = await ReferenceAsync(workshop, person, cancellationToken);
            if (reference is null)
            {
                await workshops.RecordSentAsync(workshop.Id, what, SentCardStatus.Unreachable, null, now, cancellationToken);
                Log.Unreachable(logger, row.Kind, workshop.Id, person.Id);
                return DeliveryOutcome.Never("no chat with the recipient");
            }

            Activity activity;
            using (new CultureScope(Culture.FromLocale(locale)))
            {
                if (await card() is not { } built)
                {
                    await workshops.ReleaseSendAsync(workshop.Id, what, CancellationToken.None);
                    return DeliveryOutcome.Dropped("no longer wanted");
                }

                activity = built.ToActivity() with { ChannelData = new TeamsChannelData { Notification = new NotificationInfo(true) } };
            }

            var id = await SendAsync(workshop, person, reference, locale, activity, cancellationToken);
            await workshops.RecordSentAsync(workshop.Id, what, SentCardStatus.Sent, id, clock.GetUtcNow(), CancellationToken.None);
            Log.Delivered(logger, row.Kind, workshop.Id, person.Id);
            return DeliveryOutcome.Sent(id);
        }
        catch (ConnectorException ex) when (ex.RecipientUnreachable)
        {
            await workshops.RecordSentAsync(workshop.Id, what, SentCardStatus.Unreachable, null, now, CancellationToken.None);
            Log.Unreachable(logger, row.Kind, workshop.Id, person.Id);
            throw;
        }
        catch (Exception ex) when (ex is not ConnectorException { MayHaveSent: true })
        {
            // Certainly not sent: the row's next try (or a later plan) may send it.
            await workshops.ReleaseSendAsync(workshop.Id, what, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Someone claimed this card first: it went out (nothing to do), or is going out now, or an earlier run stopped mid-send.</summary>
    private async Task<DeliveryOutcome> AlreadyAsync(OutboxRow row, Workshop workshop, string what, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sent = await workshops.GetSentAsync(workshop.Id, what, cancellationToken);
        if (sent is null)
        {
            return DeliveryOutcome.Later("claim released meanwhile", TimeSpan.Zero);
        }

        if (sent.Status != SentCardStatus.Sending)
        {
            Log.AlreadySent(logger, row.Kind, workshop.Id, row.RecipientId);
            return DeliveryOutcome.Dropped("already " + sent.Status);
        }

        // Being sent by another row's run; past its lease, that run stopped after the POST may have left.
        return now - sent.ClaimedUtc < delivery.Value.Lease
            ? DeliveryOutcome.Later("another run is sending it", TimeSpan.FromSeconds(5))
            : DeliveryOutcome.Uncertain("an earlier run stopped while sending");
    }

    private async Task<string?> SendAsync(Workshop workshop, Person person, ConversationRef reference, string? locale, Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            return await connector.SendAsync(reference, activity, cancellationToken);
        }
        catch (ConnectorException ex) when (ex.StatusCode == 404 && !ex.MayHaveSent && workshop.ServiceUrl is not null && workshop.BotId is not null && person.TeamsUserId is not null)
        {
            // The stored chat is gone (ConversationNotFound): open it again and send there.
            var reopened = await connector.CreatePersonalConversationAsync(workshop.ServiceUrl, person.TenantId, person.TeamsUserId, workshop.BotId, cancellationToken);
            await conversations.SaveAsync(person.TenantId, person.AadObjectId!, reopened, locale, cancellationToken);
            return await connector.SendAsync(reopened, activity, cancellationToken);
        }
    }

    private async Task<(ConversationRef? Reference, string? Locale)> ReferenceAsync(Workshop workshop, Person person, CancellationToken cancellationToken)
    {
        if (await conversations.FindAsync(person.TenantId, person.AadObjectId!, cancellationToken) is { } found)
        {
            return found;
        }

        if (person.TeamsUserId is null || workshop.ServiceUrl is null || workshop.BotId is null)
        {
            return (null, null);
        }

        var created = await connector.CreatePersonalConversationAsync(workshop.ServiceUrl, person.TenantId, person.TeamsUserId, workshop.BotId, cancellationToken);
        await conversations.SaveAsync(person.TenantId, person.AadObjectId!, created, null, cancellationToken);
        return (created, null);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "{Kind} card of workshop {WorkshopId} delivered to {RecipientId}")]
        public static partial void Delivered(ILogger logger, string kind, string workshopId, string recipientId);

        [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "{Kind} card of workshop {WorkshopId} already sent to {RecipientId}: nothing sent again")]
        public static partial void AlreadySent(ILogger logger, string kind, string workshopId, string? recipientId);

        [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "{RecipientId} blocked the bot or has no chat with it: {Kind} card of workshop {WorkshopId} recorded as unreachable")]
        public static partial void Unreachable(ILogger logger, string kind, string workshopId, string recipientId);
    }
}

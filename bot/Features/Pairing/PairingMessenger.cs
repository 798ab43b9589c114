using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Pairing;

/// <summary>
/// Sends one pairing row's card to one linked person, once: a <c>sent|…</c> row in the tutor's partition is claimed
/// before the POST, so the same card planned again sends nothing. The card is built in the recipient's language
/// (the one they chose with <c>français</c>/<c>english</c>, else their Teams locale).
/// </summary>
public sealed partial class PairingMessenger(
    PairingStore store,
    ProgrammeStore programme,
    ConversationStore conversations,
    IConnector connector,
    IOptions<DeliveryOptions> delivery,
    TimeProvider clock,
    ILogger<PairingMessenger> logger)
{
    /// <param name="card">The card in the current culture (set around the call), or null when it is no longer wanted.</param>
    public async Task<DeliveryOutcome> SendOnceAsync(OutboxRow row, string tutorId, string personId, Func<AdaptiveCard?> card, CancellationToken cancellationToken)
    {
        if (await programme.GetAsync(personId, cancellationToken) is not { } person || ObjectIds.Missing(person.AadObjectId))
        {
            return DeliveryOutcome.Never("recipient not linked to Teams yet");
        }

        if (await conversations.FindAsync(person.TenantId, person.AadObjectId!, cancellationToken) is not { } found)
        {
            return DeliveryOutcome.Never("no chat with the recipient");
        }

        var partition = PairingKeys.TutorPartition(tutorId);
        var sentRow = "sent|" + OutboxRow.Escape(row.Key);
        var now = clock.GetUtcNow();
        try
        {
            await store.Table.AddEntityAsync(new TableEntity(partition, sentRow) { ["Status"] = "sending", ["ClaimedUtc"] = now }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return await AlreadyAsync(partition, sentRow, now, cancellationToken);
        }

        try
        {
            var language = await conversations.GetLanguageAsync(person.TenantId, person.AadObjectId!, now, cancellationToken);
            Activity activity;
            using (new CultureScope(Culture.FromLocale(language ?? found.Locale)))
            {
                if (card() is not { } built)
                {
                    await store.Table.DeleteEntityAsync(partition, sentRow, ETag.All, CancellationToken.None);
                    return DeliveryOutcome.Dropped("no longer wanted");
                }

                activity = built.ToActivity() with { ChannelData = new TeamsChannelData { Notification = new NotificationInfo(true) } };
            }

            var id = await connector.SendAsync(found.Reference, activity, cancellationToken);
            await store.Table.UpsertEntityAsync(new TableEntity(partition, sentRow) { ["Status"] = "sent", ["ActivityId"] = id }, TableUpdateMode.Merge, CancellationToken.None);
            Log.Delivered(logger, row.Kind, tutorId, personId);
            return DeliveryOutcome.Sent(id);
        }
        catch (Exception ex) when (ex is not ConnectorException { MayHaveSent: true })
        {
            // Certainly not sent: the row's next try may send it.
            await store.Table.DeleteEntityAsync(partition, sentRow, ETag.All, CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// A card to one linked person for a row that names no pair (the alumni's): at most once, by the outbox row's own
    /// claim (a row interrupted while sending is not sent again).
    /// </summary>
    public async Task<DeliveryOutcome> SendAsync(OutboxRow row, string personId, Func<AdaptiveCard> card, CancellationToken cancellationToken)
    {
        if (row.WasInterrupted)
        {
            return DeliveryOutcome.Uncertain("interrupted while sending");
        }

        if (await programme.GetAsync(personId, cancellationToken) is not { } person || ObjectIds.Missing(person.AadObjectId))
        {
            return DeliveryOutcome.Never("recipient not linked to Teams yet");
        }

        if (await conversations.FindAsync(person.TenantId, person.AadObjectId!, cancellationToken) is not { } found)
        {
            return DeliveryOutcome.Never("no chat with the recipient");
        }

        var language = await conversations.GetLanguageAsync(person.TenantId, person.AadObjectId!, clock.GetUtcNow(), cancellationToken);
        Activity activity;
        using (new CultureScope(Culture.FromLocale(language ?? found.Locale)))
        {
            activity = card().ToActivity() with { ChannelData = new TeamsChannelData { Notification = new NotificationInfo(true) } };
        }

        var id = await connector.SendAsync(found.Reference, activity, cancellationToken);
        Log.SentTo(logger, row.Kind, personId);
        return DeliveryOutcome.Sent(id);
    }

    private async Task<DeliveryOutcome> AlreadyAsync(string partition, string sentRow, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sent = await store.Table.GetEntityIfExistsAsync<TableEntity>(partition, sentRow, cancellationToken: cancellationToken);
        if (!sent.HasValue)
        {
            return DeliveryOutcome.Later("claim released meanwhile", TimeSpan.Zero);
        }

        if (sent.Value!.GetString("Status") == "sent")
        {
            return DeliveryOutcome.Dropped("already sent");
        }

        return now - (sent.Value.GetDateTimeOffset("ClaimedUtc") ?? now) < delivery.Value.Lease
            ? DeliveryOutcome.Later("another run is sending it", TimeSpan.FromSeconds(5))
            : DeliveryOutcome.Uncertain("an earlier run stopped while sending");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9601, Level = LogLevel.Information, Message = "{Kind} card of tutor {TutorId}'s pair delivered to {RecipientId}")]
        public static partial void Delivered(ILogger logger, string kind, string tutorId, string recipientId);

        [LoggerMessage(EventId = 9602, Level = LogLevel.Information, Message = "{Kind} card delivered to {RecipientId}")]
        public static partial void SentTo(ILogger logger, string kind, string recipientId);
    }
}

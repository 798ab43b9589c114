using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Options;
using TutorBot.Calendar;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Features.SiteVisits;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;
using TutorBot.Storage;

namespace TutorBot.Features.Workshops;

public static class FanOutKinds
{
    /// <summary>Expand a published workshop or visit into one <see cref="Invite"/> per invited student.</summary>
    public const string Announce = "announce";
    public const string Invite = "invite";

    /// <summary>Tell a student they got a place from the waiting list.</summary>
    public const string Promoted = "promoted";

    /// <summary>A company offered a visit: each coordinator gets the card to match it to schools.</summary>
    public const string Offered = "offered";
    public const string MatchRequest = "matchRequest";

    /// <summary>Someone offered to speak (<see cref="FanOutMessage.SubjectId"/>): each coordinator gets the card to decide.</summary>
    public const string SpeakerOffered = "speakerOffered";
    public const string SpeakerRequest = "speakerRequest";

    /// <summary>Tell the speaker a coordinator approved or declined their offer.</summary>
    public const string SpeakerDecided = "speakerDecided";

    /// <summary>Book or update a visit in the host's calendar.</summary>
    public const string Calendar = "calendar";
}

/// <summary>
/// One queue message: one job, at most one recipient (<see cref="DeliveryKey"/> makes a redelivery a no-op);
/// <see cref="SubjectId"/> names the person the card is about (the speaker who offered).
/// </summary>
public sealed record FanOutMessage(string Kind, string WorkshopId, string? RecipientId = null, string? DeliveryKey = null, string? SubjectId = null);

/// <summary>Puts fan-out jobs on the queue; the request that publishes never sends the cards itself.</summary>
public sealed class FanOutQueue(Queues queues)
{
    public const string Queue = "workshopfanout";

    public QueueClient Client => queues[Queue];

    public Task EnqueueAsync(FanOutMessage message, CancellationToken cancellationToken = default, TimeSpan? delay = null) =>
        Client.SendMessageAsync(JsonSerializer.Serialize(message, ProtocolJson.Options), delay, null, cancellationToken);
}

/// <summary>
/// Works the fan-out queue: expands announcements, sends each recipient's card once, books visits. A delivery row
/// per recipient is checked first, so a redelivered message sends nothing twice; 429/5xx (after the connector's
/// own Retry-After-honouring retries) let the message come back later; 403 MessageWritesBlocked is recorded as
/// unreachable and dropped.
/// </summary>
public sealed partial class FanOutWorker(
    FanOutQueue queue,
    WorkshopStore workshops,
    ProgrammeStore programme,
    ConversationStore conversations,
    WorkshopCards cards,
    SchoolDirectory directory,
    Tables tables,
    IConnector connector,
    IServiceProvider services,
    TimeProvider clock,
    IOptions<WorkshopOptions> options,
    ILogger<FanOutWorker> logger) : BackgroundService
{
    public const string DeliveriesTable = "WorkshopDeliveries";

    private TableClient Deliveries => tables[DeliveriesTable];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        while (o.WorkerEnabled && !stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.QueueUnavailable(logger, ex);
                handled = 0;
            }

            if (handled == 0)
            {
                try
                {
                    await Task.Delay(o.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Receives one batch and handles it; returns how many messages were received.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var batch = (await queue.Client.ReceiveMessagesAsync(o.BatchSize, o.VisibilityTimeout, cancellationToken)).Value;
        await Task.WhenAll(batch.Select(m => HandleAsync(m, cancellationToken)));
        return batch.Length;
    }

    private async Task HandleAsync(QueueMessage received, CancellationToken cancellationToken)
    {
        var o = options.Value;
        FanOutMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<FanOutMessage>(received.MessageText, ProtocolJson.Options);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null)
        {
            Log.Dropped(logger, received.MessageId, "unreadable");
            await queue.Client.DeleteMessageAsync(received.MessageId, received.PopReceipt, cancellationToken);
            return;
        }

        bool done;
        try
        {
            done = message.Kind switch
            {
                FanOutKinds.Announce => await AnnounceAsync(message, cancellationToken),
                FanOutKinds.Offered or FanOutKinds.SpeakerOffered => await AskCoordinatorsAsync(message, cancellationToken),
                FanOutKinds.Promoted when !await PromotionHappenedAsync(message, cancellationToken) =>
                    // Queued before its transaction: wait for it a while, then drop (it lost its race).
                    clock.GetUtcNow() - (received.InsertedOn ?? clock.GetUtcNow()) > TimeSpan.FromMinutes(2),
                FanOutKinds.Invite or FanOutKinds.Promoted or FanOutKinds.MatchRequest or FanOutKinds.SpeakerRequest or FanOutKinds.SpeakerDecided =>
                    await DeliverAsync(message, cancellationToken),
                FanOutKinds.Calendar => await services.GetRequiredService<VisitCalendar>().SyncAsync(message.WorkshopId, cancellationToken),
                _ => true,
            };
        }
        catch (Exception ex) when (ex is RequestFailedException or ConnectorException or CalendarUnavailableException or HttpRequestException)
        {
            Log.TryLater(logger, message.Kind, message.WorkshopId, ex);
            done = false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug must not stop the worker (and with it the host): the message comes back, and is dropped after MaxAttempts.
            Log.Unexpected(logger, message.Kind, message.WorkshopId, ex);
            done = false;
        }

        if (done)
        {
            await queue.Client.DeleteMessageAsync(received.MessageId, received.PopReceipt, cancellationToken);
        }
        else if (received.DequeueCount >= o.MaxAttempts)
        {
            Log.Dropped(logger, received.MessageId, "too many attempts");
            if (message.DeliveryKey is not null)
            {
                await RecordAsync(message, "failed", null, cancellationToken);
            }

            await queue.Client.DeleteMessageAsync(received.MessageId, received.PopReceipt, cancellationToken);
        }
        else
        {
            // Comes back after a delay that doubles with each attempt (an open circuit, a long throttle), to this or another instance.
            var delay = TimeSpan.FromTicks(Math.Min(o.RetryDelay.Ticks * (1L << (int)Math.Min(received.DequeueCount - 1, 10)), TimeSpan.FromHours(1).Ticks));
            await queue.Client.UpdateMessageAsync(received.MessageId, received.PopReceipt, visibilityTimeout: delay, cancellationToken: cancellationToken);
        }
    }

    /// <summary>One message per invited student; repeating it is harmless because each delivery is checked.</summary>
    private async Task<bool> AnnounceAsync(FanOutMessage message, CancellationToken cancellationToken)
    {
        if (await workshops.GetAsync(message.WorkshopId, cancellationToken) is not { Status: WorkshopStatus.Published } workshop)
        {
            return true;
        }

        var count = 0;
        foreach (var classId in workshop.Classes)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"people"} and Role eq {Roles.Student} and ClassId eq {classId}");
            await foreach (var e in tables[Tables.Programme].QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                var personId = e.RowKey["id:".Length..];
                await queue.EnqueueAsync(new FanOutMessage(FanOutKinds.Invite, workshop.Id, personId, FanOutKinds.Invite + ":" + personId), cancellationToken);
                count++;
            }
        }

        Log.Announced(logger, workshop.Id, count);
        return true;
    }

    private async Task<bool> PromotionHappenedAsync(FanOutMessage message, CancellationToken cancellationToken) =>
        message.RecipientId is { } personId
        && await workshops.GetRegistrationAsync(message.WorkshopId, personId, cancellationToken) is { Status: RegistrationStatus.Confirmed, PromotedUtc: not null } registration
        && WorkshopActions.PromotionKey(registration) == message.DeliveryKey;

    /// <summary>One message per coordinator, each to receive the visit's match card or the speaker's request card.</summary>
    private async Task<bool> AskCoordinatorsAsync(FanOutMessage message, CancellationToken cancellationToken)
    {
        var (kind, about) = message.Kind == FanOutKinds.SpeakerOffered ? (FanOutKinds.SpeakerRequest, message.SubjectId + ":") : (FanOutKinds.MatchRequest, "");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"people"} and Role eq {Roles.Coordinator}");
        await foreach (var e in tables[Tables.Programme].QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var personId = e.RowKey["id:".Length..];
            await queue.EnqueueAsync(new FanOutMessage(kind, message.WorkshopId, personId, kind + ":" + about + personId, message.SubjectId), cancellationToken);
        }

        return true;
    }

    private async Task<bool> DeliverAsync(FanOutMessage message, CancellationToken cancellationToken)
    {
        if (message.RecipientId is null || message.DeliveryKey is null)
        {
            return true;
        }

        if (!await TryClaimAsync(message, cancellationToken))
        {
            return await IsSettledAsync(message, cancellationToken);
        }

        try
        {
            return await SendClaimedAsync(message, cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or ConnectorException or HttpRequestException)
        {
            // "Try later": release the claim so the message, when it comes back, sends.
            await Deliveries.DeleteEntityAsync(ConversationStore.Key(message.WorkshopId), ConversationStore.Key(message.DeliveryKey), cancellationToken: CancellationToken.None);
            throw;
        }
    }

    private async Task<bool> SendClaimedAsync(FanOutMessage message, CancellationToken cancellationToken)
    {
        var workshop = await workshops.GetAsync(message.WorkshopId, cancellationToken);
        var student = await programme.GetAsync(message.RecipientId!, cancellationToken);
        if (workshop is null || student is null || ObjectIds.Missing(student.AadObjectId))
        {
            await RecordAsync(message, "failed", null, cancellationToken);
            return true;
        }

        var (reference, locale) = await ReferenceAsync(workshop, student, cancellationToken);
        if (reference is null)
        {
            await RecordAsync(message, "unreachable", null, cancellationToken);
            Log.Unreachable(logger, workshop.Id, student.Id);
            return true;
        }

        Activity activity;
        using (new CultureScope(Culture.FromLocale(locale)))
        {
            var card = message.Kind switch
            {
                FanOutKinds.Promoted => cards.Promoted(workshop, student.Id),
                FanOutKinds.MatchRequest => await MatchCardAsync(workshop, cancellationToken),
                FanOutKinds.SpeakerRequest or FanOutKinds.SpeakerDecided => await services.GetRequiredService<SpeakerCards>().ForAsync(message, workshop, cancellationToken),
                _ => cards.Invitation(workshop, await workshops.GetRegistrationAsync(workshop.Id, student.Id, cancellationToken)),
            };
            activity = card.ToActivity() with { ChannelData = new TeamsChannelData { Notification = new NotificationInfo(true) } };
        }

        try
        {
            string? id;
            try
            {
                id = await connector.SendAsync(reference, activity, cancellationToken);
            }
            catch (ConnectorException ex) when (ex.StatusCode == 404 && workshop.ServiceUrl is not null && workshop.BotId is not null && student.TeamsUserId is not null)
            {
                // The stored chat is gone (ConversationNotFound): open it again and send there.
                var reopened = await connector.CreatePersonalConversationAsync(workshop.ServiceUrl, student.TenantId, student.TeamsUserId, workshop.BotId, cancellationToken);
                await conversations.SaveAsync(student.TenantId, student.AadObjectId, reopened, locale, cancellationToken);
                id = await connector.SendAsync(reopened, activity, cancellationToken);
            }

            await RecordAsync(message, "sent", id, cancellationToken);
            Log.Delivered(logger, message.Kind, workshop.Id, student.Id);
            return true;
        }
        catch (ConnectorException ex) when (ex.RecipientUnreachable)
        {
            await RecordAsync(message, "unreachable", null, cancellationToken);
            Log.Unreachable(logger, workshop.Id, student.Id);
            return true;
        }
        catch (ConnectorException ex) when (ex.StatusCode is >= 400 and < 500 and not 429 and not 412)
        {
            // A final refusal (bad request, not found): trying again would fail the same way.
            await RecordAsync(message, "failed", null, cancellationToken);
            Log.Dropped(logger, message.DeliveryKey!, "connector refused " + ex.StatusCode);
            return true;
        }
    }

    /// <summary>
    /// Claims the delivery before sending: a "sending" row added (or taken over once stale) with an ETag condition,
    /// so two copies of one message handled at once send one card. False when the delivery is done or taken.
    /// </summary>
    private async Task<bool> TryClaimAsync(FanOutMessage message, CancellationToken cancellationToken)
    {
        var pk = ConversationStore.Key(message.WorkshopId);
        var rk = ConversationStore.Key(message.DeliveryKey!);
        var now = clock.GetUtcNow();
        var claim = new TableEntity(pk, rk) { ["Status"] = "sending", ["ClaimedUtc"] = now, ["RecipientId"] = message.RecipientId };
        var row = await Deliveries.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: cancellationToken);
        try
        {
            if (!row.HasValue || row.Value is null)
            {
                await Deliveries.AddEntityAsync(claim, cancellationToken);
                return true;
            }

            if (row.Value.GetString("Status") == "sending" && row.Value.GetDateTimeOffset("ClaimedUtc") is { } claimed && now - claimed > options.Value.VisibilityTimeout)
            {
                // The instance that claimed it died before recording the outcome: take over.
                await Deliveries.UpdateEntityAsync(claim, row.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }

            return false;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>True when the delivery has an outcome (the redelivered message is dropped); false while another holds it.</summary>
    private async Task<bool> IsSettledAsync(FanOutMessage message, CancellationToken cancellationToken)
    {
        var row = await Deliveries.GetEntityIfExistsAsync<TableEntity>(ConversationStore.Key(message.WorkshopId), ConversationStore.Key(message.DeliveryKey!), cancellationToken: cancellationToken);
        var settled = row.HasValue && row.Value?.GetString("Status") is { } status && status != "sending";
        if (settled)
        {
            Log.AlreadyDelivered(logger, message.WorkshopId, message.RecipientId!);
        }

        return settled;
    }

    private async Task<TutorBot.Cards.AdaptiveCard> MatchCardAsync(Workshop visit, CancellationToken cancellationToken)
    {
        var (schools, classes) = await directory.LoadAsync(cancellationToken);
        return cards.MatchForm(visit, schools, classes, await services.GetRequiredService<VisitHosts>().LoadAsync(visit, cancellationToken));
    }

    private async Task<(ConversationRef? Reference, string? Locale)> ReferenceAsync(Workshop workshop, Person student, CancellationToken cancellationToken)
    {
        if (await conversations.FindAsync(student.TenantId, student.AadObjectId!, cancellationToken) is { } found)
        {
            return found;
        }

        if (student.TeamsUserId is null || workshop.ServiceUrl is null || workshop.BotId is null)
        {
            return (null, null);
        }

        var created = await connector.CreatePersonalConversationAsync(workshop.ServiceUrl, student.TenantId, student.TeamsUserId, workshop.BotId, cancellationToken);
        await conversations.SaveAsync(student.TenantId, student.AadObjectId!, created, null, cancellationToken);
        return (created, null);
    }

    private Task RecordAsync(FanOutMessage message, string status, string? activityId, CancellationToken cancellationToken) =>
        Deliveries.UpsertEntityAsync(new TableEntity(ConversationStore.Key(message.WorkshopId), ConversationStore.Key(message.DeliveryKey!))
        {
            ["Status"] = status,
            ["RecipientId"] = message.RecipientId,
            ["ActivityId"] = activityId,
        }, TableUpdateMode.Replace, cancellationToken);

    private static partial class Log
    {
        [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Workshop {WorkshopId} announced to {Count} students")]
        public static partial void Announced(ILogger logger, string workshopId, int count);

        [LoggerMessage(EventId = 6102, Level = LogLevel.Information, Message = "{Kind} card of workshop {WorkshopId} delivered to {RecipientId}")]
        public static partial void Delivered(ILogger logger, string kind, string workshopId, string recipientId);

        [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Card of workshop {WorkshopId} already delivered to {RecipientId}: redelivery ignored")]
        public static partial void AlreadyDelivered(ILogger logger, string workshopId, string recipientId);

        [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "{RecipientId} blocked the bot or has no chat with it: workshop {WorkshopId} card recorded as unreachable")]
        public static partial void Unreachable(ILogger logger, string workshopId, string recipientId);

        [LoggerMessage(EventId = 6105, Level = LogLevel.Warning, Message = "{Kind} job of workshop {WorkshopId} failed; it will come back")]
        public static partial void TryLater(ILogger logger, string kind, string workshopId, Exception exception);

        [LoggerMessage(EventId = 6106, Level = LogLevel.Error, Message = "Fan-out message {MessageId} dropped: {Reason}")]
        public static partial void Dropped(ILogger logger, string messageId, string reason);

        [LoggerMessage(EventId = 6107, Level = LogLevel.Warning, Message = "Fan-out queue unavailable")]
        public static partial void QueueUnavailable(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 6108, Level = LogLevel.Error, Message = "{Kind} job of workshop {WorkshopId} failed unexpectedly; it will come back")]
        public static partial void Unexpected(ILogger logger, string kind, string workshopId, Exception exception);
    }
}

using System.Globalization;
using Microsoft.Extensions.Options;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Identity;
using TutorBot.Features.Programme;
using TutorBot.Features.Roster;
using TutorBot.Protocol.Connector;

namespace TutorBot.Features.Waves;

/// <summary>Where one person is reached, and in which language; or why not (a reason code).</summary>
public sealed record WaveReach(ConversationRef? To, CultureInfo Culture, string? Why, bool NotLinked = false, Person? Who = null);

/// <summary>
/// Sends a wave's card (or its nudge) to one recipient at most once. Before the POST the recipient row is marked
/// <c>sending</c> under its ETag; after it, the outcome replaces the mark. So a row claimed but never marked is
/// certainly unsent (sent on its next try), a certain failure removes the mark (tried again), and only a mark with no
/// outcome — the instance stopped between the mark and the answer, or the answer was a timeout after the request
/// left — is <c>uncertain</c>: counted and listed, never sent again. Cost: two extra writes per card (mark, outcome).
/// The limiter's slot is taken after the reads and before the mark (<see cref="SendSlots"/>): the POST leaves one
/// storage write after its slot, and a row waiting for its slot holds no mark (an instance killed then loses nothing).
/// A wave sends one card to a chat (its nudge hours later), so the chat's shared window is not consulted for it.
/// A chat Teams lost (404 ConversationNotFound) is opened again where the wave's sender talks to the bot.
/// </summary>
public sealed partial class WaveMessenger(
    WaveStore waves,
    ProgrammeStore programme,
    ConversationStore conversations,
    IConnector connector,
    ProactiveInstall install,
    RosterStore roster,
    SendSlots slots,
    IOptions<DeliveryOptions> delivery,
    TimeProvider clock,
    ILogger<WaveMessenger> logger)
{
    /// <summary>How long a wave card waits for an app the tenant is installing for the person, between tries.</summary>
    public static readonly TimeSpan InstallRetry = TimeSpan.FromMinutes(2);

    public const string WaitingForInstall = "waiting for the app's installation";

    /// <summary>
    /// The stored chat of a person (no conversation created when one is known), else one opened where the wave's sender
    /// talks to the bot (after the <paramref name="row"/>'s slot, when the caller takes its own).
    /// </summary>
    public async Task<WaveReach> ReachAsync(Wave wave, string personId, CancellationToken cancellationToken, OutboxRow? row = null)
    {
        if (await programme.GetAsync(personId, cancellationToken) is not { } person || ObjectIds.Missing(person.AadObjectId))
        {
            return new WaveReach(null, Culture.French, "not installed", NotLinked: true);
        }

        var language = await conversations.GetLanguageAsync(person.TenantId, person.AadObjectId!, clock.GetUtcNow(), cancellationToken);
        if (await conversations.FindAsync(person.TenantId, person.AadObjectId!, cancellationToken) is { } found)
        {
            return new WaveReach(found.Reference, Culture.FromLocale(language ?? found.Locale), null, Who: person);
        }

        if (person.TeamsUserId is null || wave.ServiceUrl is null || wave.BotId is null)
        {
            return new WaveReach(null, Culture.French, "no chat with the bot");
        }

        // Known to Teams but no stored chat: open it once and store it, so the next wave creates none.
        var created = await OpenAsync(wave, person, row, cancellationToken);
        return new WaveReach(created, Culture.FromLocale(language), null, Who: person);
    }

    /// <summary>One card (or nudge) to one recipient, at most once; failures are thrown for <see cref="DeliveryOutcomes.FromException"/>.</summary>
    public async Task<DeliveryOutcome> SendOnceAsync(OutboxRow row, Wave wave, WaveRecipient recipient, bool nudge, CancellationToken cancellationToken)
    {
        var state = nudge ? recipient.NudgeState : recipient.State;
        var stateColumn = nudge ? nameof(WaveRecipient.NudgeState) : nameof(WaveRecipient.State);
        var now = clock.GetUtcNow();
        if (state == RecipientStates.Sending)
        {
            // Marked by a run that has not recorded an outcome: still running (its lease) or stopped after the mark.
            if (now - (recipient.SendingUtc ?? now) < delivery.Value.Lease)
            {
                return DeliveryOutcome.Later("another run is sending it", TimeSpan.FromSeconds(5));
            }

            await RecordAsync(wave, recipient, stateColumn, RecipientStates.Uncertain, "stopped while sending");
            Log.Uncertain(logger, wave.Id, recipient.PersonId);
            return DeliveryOutcome.Uncertain("an earlier run stopped after marking the card as sending");
        }

        if (RecipientStates.IsFinal(state))
        {
            return DeliveryOutcome.Dropped("already " + state);
        }

        var reach = await ReachAsync(wave, recipient.PersonId, cancellationToken, row);
        if (reach.To is null)
        {
            return await UnreachableAsync(wave, recipient, reach, nudge, cancellationToken);
        }

        var slot = await slots.TakeAsync(row, cancellationToken, chatWindow: false);
        if (nudge)
        {
            recipient.NudgeState = RecipientStates.Sending;
        }
        else
        {
            recipient.State = RecipientStates.Sending;
        }

        recipient.SendingUtc = now;
        if (!await waves.TryReplaceRecipientAsync(recipient, cancellationToken))
        {
            // Answered, or taken by another run, since it was read: look again.
            return DeliveryOutcome.Later("recipient changed meanwhile", TimeSpan.Zero);
        }

        string? id;
        try
        {
            await slots.OnTimeAsync(slot, cancellationToken);
            id = await SendAsync(row, wave, reach, WaveCards.Message(WaveCards.Recipient(wave, reach.Culture, nudge: nudge)), cancellationToken);
        }
        catch (ConnectorException ex) when (ex.RecipientUnreachable)
        {
            await RecordAsync(wave, recipient, stateColumn, RecipientStates.Unreachable, "blocked the bot (403)");
            throw;
        }
        catch (ConnectorException ex) when (ex.MayHaveSent)
        {
            await RecordAsync(wave, recipient, stateColumn, RecipientStates.Uncertain, ex.StatusCode is { } s ? $"connector {s} after the request left" : "timeout after the request left");
            throw;
        }
        catch (OperationCanceledException)
        {
            // Cut while the POST was in flight (the handler's time ran out, or the host stopped): it may have left.
            await RecordAsync(wave, recipient, stateColumn, RecipientStates.Uncertain, "cancelled while sending");
            throw;
        }
        catch (Exception ex)
        {
            // Certainly not sent: the mark goes, the row's next try sends it.
            await RecordAsync(wave, recipient, stateColumn, RecipientStates.Queued, ex is ConnectorException { StatusCode: { } code } ? "connector " + code.ToString(CultureInfo.InvariantCulture) : "not reached");
            throw;
        }

        var columns = new Dictionary<string, object?> { [stateColumn] = RecipientStates.Sent };
        if (nudge)
        {
            columns[nameof(WaveRecipient.NudgedUtc)] = clock.GetUtcNow();
        }
        else
        {
            columns[nameof(WaveRecipient.Reason)] = null;
            columns[nameof(WaveRecipient.SentUtc)] = clock.GetUtcNow();
            columns[nameof(WaveRecipient.ActivityId)] = id;
        }

        await waves.MergeRecipientAsync(wave.Id, recipient.PersonId, columns, CancellationToken.None);
        return DeliveryOutcome.Sent(id);
    }

    private async Task<string?> SendAsync(OutboxRow row, Wave wave, WaveReach reach, Protocol.Schema.Activity activity, CancellationToken cancellationToken)
    {
        try
        {
            return await connector.SendAsync(reach.To!, activity, cancellationToken);
        }
        catch (ConnectorException ex) when (ex.StatusCode == 404 && !ex.MayHaveSent && reach.Who is { TeamsUserId: not null } person && wave.ServiceUrl is not null && wave.BotId is not null)
        {
            // The stored chat is gone (ConversationNotFound): nothing was sent; open it again and send there.
            var reopened = await OpenAsync(wave, person, row, cancellationToken);
            await slots.TakeAsync(row, cancellationToken, chatWindow: false);
            return await connector.SendAsync(reopened, activity, cancellationToken);
        }
    }

    private async Task<ConversationRef> OpenAsync(Wave wave, Person person, OutboxRow? row, CancellationToken cancellationToken)
    {
        if (row is not null)
        {
            await slots.TakeAsync(row, cancellationToken, chatWindow: false);
        }

        var created = await connector.CreatePersonalConversationAsync(wave.ServiceUrl!, person.TenantId, person.TeamsUserId!, wave.BotId!, cancellationToken);
        await conversations.SaveAsync(person.TenantId, person.AadObjectId!, created, null, cancellationToken);
        return created;
    }

    /// <summary>Records why a card could not go out, unless something else was recorded meanwhile.</summary>
    public Task RecordAsync(Wave wave, WaveRecipient recipient, string stateColumn, string state, string? reason)
    {
        // The reason is the card's: a nudge's failure does not overwrite it.
        var columns = new Dictionary<string, object?> { [stateColumn] = state };
        if (stateColumn == nameof(WaveRecipient.State))
        {
            columns[nameof(WaveRecipient.Reason)] = reason;
        }

        return waves.MergeRecipientAsync(wave.Id, recipient.PersonId, columns, CancellationToken.None);
    }

    private async Task<DeliveryOutcome> UnreachableAsync(Wave wave, WaveRecipient recipient, WaveReach reach, bool nudge, CancellationToken cancellationToken)
    {
        if (!nudge && reach.NotLinked && install.Enabled && recipient.Roster is { } partition
            && await roster.GetAsync(partition, recipient.PersonId, cancellationToken) is { Person: { Active: true } person })
        {
            // The tenant lets the app install itself: ask for it (one row per person) and come back; the bot links the
            // person when Teams announces the installation. Out of tries, the card ends unreachable with this reason.
            await install.PlanAsync([person], cancellationToken);
            return DeliveryOutcome.Later(WaitingForInstall, InstallRetry);
        }

        var column = nudge ? nameof(WaveRecipient.NudgeState) : nameof(WaveRecipient.State);
        await RecordAsync(wave, recipient, column, nudge ? RecipientStates.Skipped : RecipientStates.Unreachable, reach.Why);
        Log.Unreachable(logger, wave.Id, recipient.PersonId, reach.Why);
        return DeliveryOutcome.Never(reach.Why ?? "unreachable");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9701, Level = LogLevel.Information, Message = "Wave {WaveId}: {RecipientId} unreachable ({Reason})")]
        public static partial void Unreachable(ILogger logger, string waveId, string recipientId, string? reason);

        [LoggerMessage(EventId = 9702, Level = LogLevel.Warning, Message = "Wave {WaveId}: the card to {RecipientId} may have been sent by a run that stopped; not sent again")]
        public static partial void Uncertain(ILogger logger, string waveId, string recipientId);
    }
}

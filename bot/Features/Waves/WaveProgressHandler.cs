using Microsoft.Extensions.Options;
using TutorBot.Delivery;
using TutorBot.Protocol;
using TutorBot.Protocol.Connector;

namespace TutorBot.Features.Waves;

/// <summary>
/// The progress card of the person who sent the wave: sent on the first tick, then edited in place (a PUT through
/// the outbox) every <see cref="WaveRows.ProgressEvery"/> while the wave runs, and only when something changed. The
/// tick also ends the wave (<c>done</c>) once every recipient is settled. Paused, cancelled or done, the last tick
/// plans no next one (a resume plans it again).
/// </summary>
public sealed class WaveProgressHandler(
    WaveStore waves,
    WaveMessenger messenger,
    IConnector connector,
    OutboxStore outbox,
    IOptions<BotOptions> bot,
    IOptions<DeliveryOptions> delivery,
    TimeProvider clock) : IOutboxHandler
{
    public string Kind => WaveRows.Progress;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (WaveRows.Read(row) is not { } payload || await waves.GetAsync(payload.WaveId, cancellationToken) is not { } wave)
        {
            return DeliveryOutcome.Dropped("wave gone");
        }

        var progress = WaveProgress.Of(wave, await waves.RecipientsAsync(wave.Id, cancellationToken));
        if (progress.Settled && wave.Finish() is { } finished && await waves.TryReplaceAsync(finished, cancellationToken))
        {
            wave = finished;
        }

        var now = clock.GetUtcNow();
        if (wave.State is WaveStates.Sending or WaveStates.Scheduled)
        {
            await outbox.PlanAsync(WaveRows.ProgressRow(wave, WaveRows.NextTick(wave, payload.Tick ?? 0, now), bot.Value.TenantId), cancellationToken);
        }

        var reach = await messenger.ReachAsync(wave, wave.CreatedBy, cancellationToken);
        if (reach.To is null)
        {
            return DeliveryOutcome.Dropped("the sender has no chat with the bot");
        }

        var card = WaveCards.Message(WaveCards.Progress(wave, progress, reach.Culture));
        var signature = wave.State + "|" + progress.Counts + "|" + string.Join(',', progress.Answers);
        var stored = await waves.GetProgressAsync(wave.Id, cancellationToken);
        if (stored?.GetString("ActivityId") is { } activityId)
        {
            if (stored.GetString("Signature") == signature)
            {
                return DeliveryOutcome.Dropped("nothing changed");
            }

            await connector.UpdateAsync(reach.To, activityId, card, cancellationToken);
            await waves.UpsertProgressAsync(wave.Id, new Dictionary<string, object?> { ["Signature"] = signature }, CancellationToken.None);
            return DeliveryOutcome.Sent(activityId);
        }

        if (stored?.GetDateTimeOffset("SendingUtc") is { } marked && now - marked < delivery.Value.Lease)
        {
            return DeliveryOutcome.Dropped("the first progress card is being sent");
        }

        // One card per wave: the mark before the POST keeps a retried first tick from sending a second one.
        await waves.UpsertProgressAsync(wave.Id, new Dictionary<string, object?> { ["SendingUtc"] = now }, cancellationToken);
        var id = await connector.SendAsync(reach.To, card, cancellationToken);
        await waves.UpsertProgressAsync(wave.Id, new Dictionary<string, object?> { ["ActivityId"] = id, ["Signature"] = signature }, CancellationToken.None);
        return DeliveryOutcome.Sent(id);
    }
}

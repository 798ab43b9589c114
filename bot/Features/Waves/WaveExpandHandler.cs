using Microsoft.Extensions.Options;
using TutorBot.Delivery;
using TutorBot.Protocol;

namespace TutorBot.Features.Waves;

/// <summary>
/// Starts a wave when its time comes: resolves the audience once, writes one recipient row per person (100 to a
/// transaction), then plans their card rows (and nudge rows) in batches that share an outbox partition, and the
/// first tick of the progress card. Run again — a crash halfway, or a resume — it re-plans only what is not
/// settled, from the recipient rows; a plan written twice is the same row, and a recipient row says whether a card
/// went out, so nothing is sent twice. Planned before the state change that needs it, it is dropped when that
/// change did not happen (the wave is still a draft, or still paused).
/// </summary>
public sealed partial class WaveExpandHandler(
    WaveStore waves,
    WavePeople people,
    OutboxStore outbox,
    IOptions<BotOptions> bot,
    TimeProvider clock,
    ILogger<WaveExpandHandler> logger) : IOutboxHandler
{
    /// <summary>Recipients written, then their cards planned, at a time: a few transactions, a second's sends and more.</summary>
    private const int PlanPiece = 400;

    public string Kind => WaveRows.Expand;

    public bool UsesConnector => false;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (WaveRows.Read(row) is not { } payload || await waves.GetAsync(payload.WaveId, cancellationToken) is not { } wave)
        {
            return DeliveryOutcome.Dropped("wave gone");
        }

        if (wave.State is not (WaveStates.Scheduled or WaveStates.Sending))
        {
            return DeliveryOutcome.Dropped("wave " + wave.State);
        }

        var now = clock.GetUtcNow();
        if (wave.SendAtUtc > now)
        {
            return DeliveryOutcome.Later("not its time yet", wave.SendAtUtc - now);
        }

        var started = wave.Start(now);
        if (started != wave)
        {
            if (!await waves.TryReplaceAsync(started, cancellationToken))
            {
                return DeliveryOutcome.Later("wave changed meanwhile", TimeSpan.Zero);
            }

            wave = (await waves.GetAsync(wave.Id, cancellationToken))!;
        }

        var tenant = bot.Value.TenantId;
        IReadOnlyList<WaveRecipient> recipients;
        if (!wave.Expanded)
        {
            var audience = await people.ResolveAsync(wave.Audience, cancellationToken) ?? [];
            recipients = [.. audience.Select((c, i) => WaveRecipient.For(wave.Id, c, i / WaveRows.ChunkSize))];

            // Piece by piece, each piece's recipient rows before its card rows: the first cards go out while the rest
            // is still being written (the card handler reads the recipient row, so it must exist first).
            foreach (var piece in recipients.Chunk(PlanPiece))
            {
                await waves.PlanRecipientsAsync(wave.Id, piece, cancellationToken);
                await outbox.PlanAsync(piece.Where(r => r.AwaitsCard).Select(r => WaveRows.CardRow(wave, r, tenant)), cancellationToken);
            }
        }
        else
        {
            recipients = await waves.RecipientsAsync(wave.Id, cancellationToken);
            await outbox.PlanAsync(recipients.Where(r => r.AwaitsCard).Select(r => WaveRows.CardRow(wave, r, tenant)), cancellationToken);
        }

        if (wave.NudgeAfter is not null)
        {
            await outbox.PlanAsync(recipients.Where(r => r.NudgeState == RecipientStates.Queued && r.Answer is null && r.State is RecipientStates.Queued or RecipientStates.Sending or RecipientStates.Sent).Select(r => WaveRows.NudgeRow(wave, r, tenant)), cancellationToken);
        }

        if (!wave.Expanded && !await MarkExpandedAsync(wave, recipients.Count, cancellationToken))
        {
            return DeliveryOutcome.Later("wave changed meanwhile", TimeSpan.Zero);
        }

        await outbox.PlanAsync(WaveRows.ProgressRow(wave, WaveRows.NextTick(wave, 0, now) - 1, tenant), cancellationToken);
        Log.Planned(logger, wave.Id, recipients.Count);
        return DeliveryOutcome.Sent();
    }

    private async Task<bool> MarkExpandedAsync(Wave wave, int count, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await waves.TryReplaceAsync(wave with { Expanded = true, Recipients = count }, cancellationToken))
            {
                return true;
            }

            // A pause or cancel landed meanwhile: keep it, add the flag.
            if (await waves.GetAsync(wave.Id, cancellationToken) is not { } fresh)
            {
                return false;
            }

            wave = fresh;
        }

        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9710, Level = LogLevel.Information, Message = "Wave {WaveId}: {Count} recipients planned")]
        public static partial void Planned(ILogger logger, string waveId, int count);
    }
}

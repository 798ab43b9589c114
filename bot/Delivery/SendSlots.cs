using Microsoft.Extensions.Options;
using TutorBot.Hosting;

namespace TutorBot.Delivery;

/// <summary>
/// A row's turn on the shared limiter: its chat's window, then its tenant's next slot. The worker takes it before a
/// handler that sends through the connector; a handler with <see cref="IOutboxHandler.TakesSlotItself"/> takes it
/// itself, after its own storage reads and just before its POST, so the send leaves at its slot's time and not tens
/// of milliseconds later (late sends bunch up with on-time ones and draw 429s). A long Retry-After may keep a row
/// waiting: at most 40 % of its lease, so the handler keeps the rest; then the row goes back certainly unsent.
/// </summary>
public sealed class SendSlots(DeliveryLimiter limiter, IOptions<DeliveryOptions> options, TutorBotMetrics metrics, TimeProvider clock)
{
    /// <summary>Waits for the row's slot; throws <see cref="SlotNotTakenException"/> (nothing sent: <c>Later</c>) when it cannot.</summary>
    /// <param name="chatWindow">
    /// False for a kind that by construction sends one activity to a chat (a wave's card, its nudge hours later): the
    /// chat's shared window (7 a second, 60 in 30 s: a read and a write) is not consulted, the tenant's budget is.
    /// </param>
    public async Task TakeAsync(OutboxRow row, CancellationToken cancellationToken, bool chatWindow = true)
    {
        var started = clock.GetTimestamp();
        try
        {
            using var waitLimit = new CancellationTokenSource(options.Value.Lease * 0.4, clock);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, waitLimit.Token);
            await limiter.AcquireAsync(row.TenantId, chatWindow ? row.ConversationId ?? row.RecipientId : null, wait.Token);
        }
        catch (Exception ex)
        {
            throw new SlotNotTakenException("limiter " + ex.GetType().Name, ex);
        }

        metrics.LimiterWait.Record(clock.GetElapsedTime(started).TotalMilliseconds);
    }
}

/// <summary>The row did not get its send slot (a long Retry-After, the handler's time, storage): nothing was sent.</summary>
public sealed class SlotNotTakenException(string message, Exception inner) : Exception(message, inner);

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
    public async Task<SendSlot> TakeAsync(OutboxRow row, CancellationToken cancellationToken, bool chatWindow = true)
    {
        var started = clock.GetTimestamp();
        var at = await WaitAsync(row, wait => limiter.AcquireAsync(row.TenantId, chatWindow ? row.ConversationId ?? row.RecipientId : null, wait), cancellationToken);
        metrics.LimiterWait.Record(clock.GetElapsedTime(started).TotalMilliseconds);
        return new SendSlot(row, at);
    }

    /// <summary>
    /// Just before the POST, after a storage write since the slot: a send that would leave more than
    /// <see cref="LateBy"/> after its slot takes the tenant's next one instead (a slot costs a thirtieth of a second, a
    /// 429 every instance's next second or more). Throws <see cref="SlotNotTakenException"/> like <see cref="TakeAsync"/>.
    /// </summary>
    public async Task OnTimeAsync(SendSlot slot, CancellationToken cancellationToken)
    {
        if (limiter.Now() - slot.At > LateBy)
        {
            await WaitAsync(slot.Row, wait => limiter.AcquireTenantSlotAsync(slot.Row.TenantId, wait), cancellationToken);
        }
    }

    /// <summary>How late after its slot a send may still leave: half the gap between two slots at 30 a second.</summary>
    public static readonly TimeSpan LateBy = TimeSpan.FromMilliseconds(15);

    private async Task<DateTimeOffset> WaitAsync(OutboxRow row, Func<CancellationToken, Task<DateTimeOffset>> acquire, CancellationToken cancellationToken)
    {
        try
        {
            using var waitLimit = new CancellationTokenSource(options.Value.Lease * 0.4, clock);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, waitLimit.Token);
            return await acquire(wait.Token);
        }
        catch (Exception ex)
        {
            throw new SlotNotTakenException("limiter " + ex.GetType().Name, ex);
        }
    }
}

/// <summary>A row's slot: the time (the limiter's clock) it may leave.</summary>
public readonly record struct SendSlot(OutboxRow Row, DateTimeOffset At);

/// <summary>The row did not get its send slot (a long Retry-After, the handler's time, storage): nothing was sent.</summary>
public sealed class SlotNotTakenException(string message, Exception inner) : Exception(message, inner);

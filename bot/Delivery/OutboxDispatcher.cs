using Microsoft.Extensions.Options;
using TutorBot.Hosting;

namespace TutorBot.Delivery;

/// <summary>
/// One batch: reads due rows, claims each with its ETag under a lease, runs it through its kind's handler with
/// bounded parallelism (taking the row's limiter slot first when it sends through the connector, unless the handler takes it itself) and records the
/// outcome. Whatever happens in one row is that row's outcome; the batch goes on.
/// </summary>
public sealed partial class OutboxDispatcher(
    OutboxStore store,
    SendSlots slots,
    IEnumerable<IOutboxHandler> handlers,
    IOptions<DeliveryOptions> options,
    TutorBotMetrics metrics,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger)
{
    private readonly Dictionary<string, IOutboxHandler> _handlers = handlers.GroupBy(h => h.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>Runs the due rows of one batch as <paramref name="owner"/>; returns how many this instance claimed.</summary>
    public Task<int> RunOnceAsync(string owner, CancellationToken stoppingToken = default) => RunOnceAsync(owner, null, stoppingToken);

    /// <summary>The same, for the due rows <paramref name="only"/> accepts (a test drives the rows of a click, not the reminders due with them).</summary>
    public async Task<int> RunOnceAsync(string owner, Func<OutboxRow, bool>? only, CancellationToken stoppingToken = default)
    {
        var o = options.Value;
        var due = await store.DueAsync(clock.GetUtcNow(), o.BatchSize, stoppingToken);
        if (only is not null)
        {
            due = [.. due.Where(only)];
        }

        var claimed = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism }, async (row, _) =>
        {
            // Checked between rows only: a claimed row runs and is recorded even while the host stops.
            if (!stoppingToken.IsCancellationRequested && await RunAsync(row, owner))
            {
                Interlocked.Increment(ref claimed);
            }
        });
        return claimed;
    }

    private async Task<bool> RunAsync(OutboxRow row, string owner)
    {
        var o = options.Value;
        try
        {
            if (row.Outcome.Length > 0)
            {
                // Finished by an instance that stopped before moving it.
                await store.MoveToDoneAsync(row, Archives(row));
                return false;
            }

            var now = clock.GetUtcNow();
            if (!await store.TryClaimAsync(row, owner, now, now + o.Lease))
            {
                return false;
            }
        }
        catch (Exception ex)
        {
            Log.ClaimFailed(logger, row.Kind, row.RowKey, ex);
            return false;
        }

        // A hung handler is cut before its lease ends, so no other instance runs the row meanwhile.
        using var timeout = new CancellationTokenSource(o.Lease * 0.8, clock);
        var outcome = await HandleAsync(row, timeout.Token);
        try
        {
            await RecordAsync(row, outcome);
        }
        catch (Exception ex)
        {
            // Left claimed: after the lease another run sees WasInterrupted and decides.
            Log.RecordFailed(logger, row.Kind, row.RowKey, outcome.State, ex);
        }

        return true;
    }

    private async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (!_handlers.TryGetValue(row.Kind, out var handler))
        {
            // Perhaps an instance of a newer version planned it: wait for one that knows the kind (bounded by MaxAttempts).
            return DeliveryOutcome.Later("no handler for kind " + row.Kind);
        }

        if (handler.UsesConnector && !handler.TakesSlotItself)
        {
            try
            {
                await slots.TakeAsync(row, cancellationToken);
            }
            catch (SlotNotTakenException ex)
            {
                Log.HandlerFailed(logger, row.Kind, row.RowKey, DeliveryStates.Later, ex);
                return DeliveryOutcome.Later(ex.Message);
            }
        }

        try
        {
            return await handler.HandleAsync(row, cancellationToken);
        }
        catch (Exception ex)
        {
            var outcome = DeliveryOutcomes.FromException(ex);
            Log.HandlerFailed(logger, row.Kind, row.RowKey, outcome.State, ex);
            return outcome;
        }
    }

    private async Task RecordAsync(OutboxRow row, DeliveryOutcome outcome)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        if (outcome.State == DeliveryStates.Later && row.Attempts < o.MaxAttempts)
        {
            var next = now + (outcome.RetryAfter ?? Backoff(row.Attempts));
            await store.RetryLaterAsync(row, outcome, next);
            Count(row, outcome, now);
            Log.Later(logger, row.Kind, row.RowKey, row.Attempts, outcome.Reason, next);
            return;
        }

        if (outcome.State == DeliveryStates.Later)
        {
            outcome = DeliveryOutcome.Never($"attempts exhausted ({row.Attempts}): {outcome.Reason}");
        }

        if (outcome.State == DeliveryStates.Never && _handlers.TryGetValue(row.Kind, out var handler))
        {
            try
            {
                await handler.OnNeverAsync(row, outcome, CancellationToken.None);
            }
            catch (Exception ex)
            {
                Log.HandlerFailed(logger, row.Kind, row.RowKey, outcome.State, ex);
            }
        }

        await store.FinishAsync(row, outcome, now, Archives(row));
        Count(row, outcome, now);
        if (outcome.State is DeliveryStates.Never or DeliveryStates.Uncertain)
        {
            Log.NotDelivered(logger, row.Kind, row.RowKey, outcome.State, outcome.Reason);
        }
        else
        {
            Log.Finished(logger, row.Kind, row.RowKey, outcome.State, outcome.ActivityId);
        }
    }

    private bool Archives(OutboxRow row) => !_handlers.TryGetValue(row.Kind, out var handler) || handler.ArchivesRows;

    private void Count(OutboxRow row, DeliveryOutcome outcome, DateTimeOffset now)
    {
        // Kinds are the features' constants and states the five names: low cardinality, no one named.
        metrics.OutboxRows.Add(1, new("kind", row.Kind), new("outcome", outcome.State.ToLowerInvariant()));
        if (outcome.State == DeliveryStates.Sent)
        {
            metrics.OutboxAge.Record(Math.Max(0, (now - row.DueUtc).TotalSeconds), new KeyValuePair<string, object?>("kind", row.Kind));
        }
    }

    /// <summary>Exponential from <c>RetryBaseDelay</c>, ±20 % jitter, capped at <c>MaxRetryDelay</c> (PLATFORM.md §5).</summary>
    private TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        var exponential = o.RetryBaseDelay * Math.Pow(2, Math.Min(attempts - 1, 20));
        var capped = exponential < o.MaxRetryDelay ? exponential : o.MaxRetryDelay;
        return capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Outbox {Kind} {RowKey} {State} (activity {ActivityId})")]
        public static partial void Finished(ILogger logger, string kind, string rowKey, string state, string? activityId);

        [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Outbox {Kind} {RowKey} try {Attempts} later: {Reason}; next at {NextUtc}")]
        public static partial void Later(ILogger logger, string kind, string rowKey, int attempts, string? reason, DateTimeOffset nextUtc);

        [LoggerMessage(EventId = 8003, Level = LogLevel.Warning, Message = "Outbox {Kind} {RowKey} ended {State}: {Reason}")]
        public static partial void NotDelivered(ILogger logger, string kind, string rowKey, string state, string? reason);

        [LoggerMessage(EventId = 8004, Level = LogLevel.Warning, Message = "Outbox {Kind} {RowKey} handler failed; recorded as {State}")]
        public static partial void HandlerFailed(ILogger logger, string kind, string rowKey, string state, Exception exception);

        [LoggerMessage(EventId = 8005, Level = LogLevel.Warning, Message = "Outbox {Kind} {RowKey} could not be claimed")]
        public static partial void ClaimFailed(ILogger logger, string kind, string rowKey, Exception exception);

        [LoggerMessage(EventId = 8006, Level = LogLevel.Error, Message = "Outbox {Kind} {RowKey} outcome {State} could not be recorded")]
        public static partial void RecordFailed(ILogger logger, string kind, string rowKey, string state, Exception exception);
    }
}

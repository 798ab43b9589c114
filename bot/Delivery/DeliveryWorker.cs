using Microsoft.Extensions.Options;
using TutorBot.Hosting;

namespace TutorBot.Delivery;

/// <summary>
/// The one outbox worker of this instance: a batch, then a pause of <c>PollInterval</c> unless the batch was
/// full; the done table's purge (and of idle conversation windows) once an hour. An error in a batch is logged and the loop goes on.
/// </summary>
public sealed partial class DeliveryWorker(
    IServiceScopeFactory scopes,
    OutboxStore store,
    DeliveryLimiter limiter,
    IOptions<DeliveryOptions> options,
    TutorBotMetrics metrics,
    TimeProvider clock,
    ILogger<DeliveryWorker> logger) : BackgroundService, IReadinessCheck
{
    /// <summary>The backlog is counted this often, and up to this many rows: a gauge, not an inventory.</summary>
    private static readonly TimeSpan CountEvery = TimeSpan.FromMinutes(1);
    private const int CountUpTo = 100_000;

    private long _lastBeat = long.MinValue;
    private long _backlog;

    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);

    /// <summary>This instance's name on the rows it claims.</summary>
    public string Owner { get; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    public string Name => "outbox worker";

    /// <summary>
    /// Not ready when the loop has ended (crashed or stopped) or has not come round for longer than a batch may take
    /// (the lease) plus a few polls: a stuck worker. A disabled worker is not this instance's job.
    /// </summary>
    public string? NotReadyBecause()
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return null;
        }

        if (ExecuteTask is { IsCompleted: true })
        {
            return "the worker has stopped";
        }

        // Real elapsed time, not the domain clock: this is about the process being alive.
        var beat = Interlocked.Read(ref _lastBeat);
        var silentFor = beat == long.MinValue ? TimeSpan.Zero : System.Diagnostics.Stopwatch.GetElapsedTime(beat);
        return silentFor > o.Lease + (o.PollInterval * 3) ? $"no batch for {silentFor.TotalSeconds:F0} s" : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await LoopAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a storage call cut short by the stop is not a failure of the worker (nor a reason to stop the host).
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled)
        {
            return;
        }

        var lastPurge = DateTimeOffset.MinValue;
        var lastCount = DateTimeOffset.MinValue;
        metrics.ObserveBacklog(() => Interlocked.Read(ref _backlog));
        while (!stoppingToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _lastBeat, System.Diagnostics.Stopwatch.GetTimestamp());
            var claimed = 0;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                claimed = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().RunOnceAsync(Owner, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.BatchFailed(logger, ex);
            }

            var now = clock.GetUtcNow();
            if (now - lastCount >= CountEvery)
            {
                try
                {
                    Interlocked.Exchange(ref _backlog, await store.CountDueAsync(now, CountUpTo, stoppingToken));
                    lastCount = now;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.BatchFailed(logger, ex);
                }
            }

            if (now - lastPurge >= PurgeEvery)
            {
                try
                {
                    var purged = await store.PurgeDoneAsync(now - o.DoneRetention, stoppingToken)
                        + await limiter.PurgeIdleConversationsAsync(now - PurgeEvery, stoppingToken);
                    lastPurge = now;
                    Log.Purged(logger, purged);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.BatchFailed(logger, ex);
                }
            }

            if (claimed >= o.BatchSize)
            {
                continue;
            }

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

    private static partial class Log
    {
        [LoggerMessage(EventId = 8020, Level = LogLevel.Error, Message = "Outbox batch failed; the worker goes on")]
        public static partial void BatchFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 8021, Level = LogLevel.Debug, Message = "Outbox purge removed {Count} finished rows")]
        public static partial void Purged(ILogger logger, int count);
    }
}

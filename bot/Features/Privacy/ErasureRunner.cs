using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TutorBot.Privacy;

namespace TutorBot.Features.Privacy;

/// <summary>
/// Runs an erasure job step by step (one step per <see cref="IPersonalData"/>, in order), recording each step done
/// under the job's ETag and lease: a job that died halfway resumes at its first unfinished step, every step is
/// idempotent, and two instances never run the same job at once.
/// </summary>
public sealed partial class ErasureRunner(
    PrivacyStore store,
    IEnumerable<IPersonalData> holders,
    IOptions<PrivacyOptions> options,
    TimeProvider clock,
    ILogger<ErasureRunner> logger)
{
    private readonly string _owner = Environment.MachineName + "/" + Guid.NewGuid().ToString("N")[..8];
    private readonly Channel<string> _wake = Channel.CreateUnbounded<string>();

    /// <summary>Every step, in the order a job runs them.</summary>
    public IReadOnlyList<IPersonalData> Steps { get; } = [.. holders.OrderBy(h => h.Order).ThenBy(h => h.Name, StringComparer.Ordinal)];

    internal ChannelReader<string> Wake => _wake.Reader;

    /// <summary>Asks the worker of this instance to run the job now.</summary>
    public void Enqueue(string jobId) => _wake.Writer.TryWrite(jobId);

    /// <summary>Runs the job if it is running and nobody else holds it; returns it as it stands afterwards.</summary>
    public async Task<ErasureJob?> RunAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var job = await store.GetAsync(jobId, cancellationToken);
        if (job is null || job.State != ErasureStates.Running || job.Subject is not { } subject)
        {
            return job;
        }

        var now = clock.GetUtcNow();
        if (job.Owner is not null && job.Owner != _owner && job.LeaseUntilUtc > now)
        {
            return job;
        }

        job = await store.TryWriteAsync(job, _owner, now + options.Value.Lease, cancellationToken);
        if (job is null)
        {
            return await store.GetAsync(jobId, cancellationToken);
        }

        foreach (var step in Steps.Where(s => !job.Steps.Contains(s.Name, StringComparer.Ordinal)))
        {
            try
            {
                await step.EraseAsync(subject, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.StepFailed(logger, jobId, step.Name, ex);
                await store.ReleaseAsync(job, CancellationToken.None);
                return job;
            }

            job = await store.TryWriteAsync(job with { Steps = [.. job.Steps, step.Name] }, _owner, clock.GetUtcNow() + options.Value.Lease, cancellationToken);
            if (job is null)
            {
                // Another instance took the job over (our lease ran out): it finishes it.
                Log.LostLease(logger, jobId, step.Name);
                return await store.GetAsync(jobId, cancellationToken);
            }
        }

        if (await store.FinishAsync(job, clock.GetUtcNow(), cancellationToken))
        {
            Log.Erased(logger, jobId, job.Steps.Count);
        }

        return await store.GetAsync(jobId, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 12001, Level = LogLevel.Information, Message = "Erasure {JobId} done ({Steps} steps)")]
        public static partial void Erased(ILogger logger, string jobId, int steps);

        [LoggerMessage(EventId = 12002, Level = LogLevel.Warning, Message = "Erasure {JobId} step {Step} failed: retried at the next poll")]
        public static partial void StepFailed(ILogger logger, string jobId, string step, Exception exception);

        [LoggerMessage(EventId = 12003, Level = LogLevel.Information, Message = "Erasure {JobId} taken over by another instance before step {Step} was recorded")]
        public static partial void LostLease(ILogger logger, string jobId, string step);

        [LoggerMessage(EventId = 12004, Level = LogLevel.Warning, Message = "Erasure poll failed")]
        public static partial void PollFailed(ILogger logger, Exception exception);
    }

    /// <summary>The hosted loop: jobs asked for on this instance at once, and every running job at start and each poll.</summary>
    public sealed class Worker(ErasureRunner runner, PrivacyStore store, IOptions<PrivacyOptions> options, TimeProvider clock, ILogger<ErasureRunner> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    foreach (var job in await store.RunningAsync(stoppingToken))
                    {
                        await runner.RunAsync(job.Id, stoppingToken);
                    }

                    using var poll = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    poll.CancelAfter(options.Value.ErasurePollInterval);
                    try
                    {
                        var id = await runner.Wake.ReadAsync(poll.Token);
                        await runner.RunAsync(id, stoppingToken);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // The poll interval passed: look for unfinished jobs again.
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    Log.PollFailed(logger, ex);
                    await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            }
        }
    }
}

using System.Threading.Channels;
using Azure;
using Microsoft.Extensions.Options;

namespace TutorBot.Features.Roster;

/// <summary>Told after each window of an import is stored (the progress a page polls; tests pause here to restart the app).</summary>
public interface IRosterImportObserver
{
    Task WindowWrittenAsync(string jobId, int done, int total, CancellationToken cancellationToken);
}

public sealed partial class LoggingImportObserver(ILogger<LoggingImportObserver> logger) : IRosterImportObserver
{
    public Task WindowWrittenAsync(string jobId, int done, int total, CancellationToken cancellationToken)
    {
        Log.Window(logger, jobId, done, total);
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Roster import {JobId}: {Done}/{Total} rows")]
        public static partial void Window(ILogger logger, string jobId, int done, int total);
    }
}

/// <summary>
/// Runs import jobs: those enqueued here, and those of any instance whose lease ran out (one that crashed or was
/// stopped). A job is claimed under a lease renewed at every window, so only one instance runs it at a time; an
/// instance whose job was taken over stops at its next window. A resumed job starts from the stored progress, and
/// the window cut short is redone without duplicates (ids are derived from logins, the plan is recomputed against
/// storage, and rows already written count as unchanged). A graceful stop lets go of the job at once.
/// </summary>
public sealed partial class RosterImportWorker(
    RosterJobs jobs,
    RosterImportStore store,
    IRosterImportObserver observer,
    IOptions<RosterOptions> options,
    TimeProvider clock,
    ILogger<RosterImportWorker> logger) : BackgroundService
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();

    /// <summary>This instance, as job leases name it.</summary>
    public string Owner { get; } = Environment.MachineName + "/" + Guid.NewGuid().ToString("N")[..8];

    public void Enqueue(string jobId) => _queue.Writer.TryWrite(jobId);

    /// <summary>
    /// Runs a job here and now, under the same claim and lease as the loop (the local demo's roster, imported before
    /// the app says it is ready); a job another instance holds is left to it.
    /// </summary>
    public Task RunNowAsync(string jobId, CancellationToken cancellationToken) => RunAsync(jobId, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the storage initialiser create the tables first.
        await Task.Yield();
        var poll = options.Value.ImportLease / 2;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (var job in await jobs.UnfinishedAsync(stoppingToken))
                {
                    await RunAsync(job.Id, stoppingToken);
                }

                // The next enqueued job, or after half a lease another look for jobs left by other instances.
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                wait.CancelAfter(poll);
                try
                {
                    await RunAsync(await _queue.Reader.ReadAsync(wait.Token), stoppingToken);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // Time for another look.
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: unfinished jobs stay pending, released for the next instance.
        }
    }

    private async Task RunAsync(string id, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(id, cancellationToken) is not { } found
            || await jobs.TryClaimAsync(found, Owner, options.Value.ImportLease, cancellationToken) is not { } job)
        {
            return;
        }

        if (job.Done > 0)
        {
            Log.Resuming(logger, job.Id, job.Done, job.Total);
        }

        var lease = options.Value.ImportLease;
        try
        {
            var file = RosterFile.Read(await jobs.FileAsync(id, cancellationToken), long.MaxValue);
            var plan = RosterValidator.Validate(file, await store.SnapshotAsync(file, cancellationToken));
            if (plan.Problems.Count > 0)
            {
                // Storage changed since the coordinator confirmed: nothing more is written, a new dry run shows why.
                await jobs.ProgressAsync(job, job.Done, JobStates.Failed, "StorageChanged", cancellationToken);
                return;
            }

            await store.WritePlacesAsync(plan, cancellationToken);
            await store.WriteIndexAsync(plan, cancellationToken);
            var order = RosterImportStore.WriteOrder(plan);
            var window = Math.Max(1, options.Value.ImportWindow);
            var done = Math.Min(job.Done, plan.Total);
            var schoolCount = plan.Schools.Count;
            while (done < plan.Total)
            {
                var end = Math.Min(plan.Total, done + window);
                var people = order.Skip(Math.Max(0, done - schoolCount)).Take(Math.Max(0, end - Math.Max(done, schoolCount)));
                if (clock.GetUtcNow() >= job.LeaseUntilUtc)
                {
                    // Paused past our lease: another instance may run the job now, so write nothing more.
                    throw new ImportJobLostException(id);
                }

                await store.WritePeopleAsync(people, cancellationToken);
                var renewed = clock.GetUtcNow() + lease;
                var etag = await jobs.ProgressAsync(job, end, end == plan.Total ? JobStates.Done : JobStates.Pending, null, cancellationToken, lease);
                job = job with { Done = end, ETag = etag, LeaseUntilUtc = renewed };
                done = end;
                await observer.WindowWrittenAsync(id, done, plan.Total, cancellationToken);
            }

            await jobs.DeleteFileAsync(id, cancellationToken);
            Log.Finished(logger, id, plan.Total);
        }
        catch (ImportJobLostException)
        {
            // Our lease ran out (a long pause) and another instance runs the job now: it is theirs.
            Log.Lost(logger, id);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Someone edited a person meanwhile: stop without overwriting.
            Log.Conflict(logger, id, ex.Status);
            await TryFailAsync(id, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A graceful stop: let go at once so the next instance needs not wait for the lease.
            using var shortly = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await jobs.ReleaseAsync(job, shortly.Token);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One bad job must not stop the host; it is left failed, with its progress, for the page to show.
            Log.Crashed(logger, id, ex);
            await TryFailAsync(id, cancellationToken);
        }
    }

    private async Task TryFailAsync(string id, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(id, cancellationToken) is { State: JobStates.Pending } job && job.Owner == Owner)
        {
            try
            {
                await jobs.ProgressAsync(job, job.Done, JobStates.Failed, "Conflict", cancellationToken);
            }
            catch (ImportJobLostException)
            {
                // Another worker owns it.
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Roster import {JobId} resumes at {Done}/{Total}")]
        public static partial void Resuming(ILogger logger, string jobId, int done, int total);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Roster import {JobId} finished: {Total} rows")]
        public static partial void Finished(ILogger logger, string jobId, int total);

        [LoggerMessage(EventId = 1105, Level = LogLevel.Error, Message = "Roster import {JobId} failed")]
        public static partial void Crashed(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "Roster import {JobId} was taken over by another instance; this one stops")]
        public static partial void Lost(ILogger logger, string jobId);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Roster import {JobId} stopped on a conflicting write ({Status})")]
        public static partial void Conflict(ILogger logger, string jobId, int status);
    }
}

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
/// Runs import jobs, and at start picks up the ones an earlier process left unfinished: they resume from the
/// stored progress, and the window cut short is redone without duplicates (ids are derived from logins, the
/// plan is recomputed against storage, and rows already written count as unchanged).
/// </summary>
public sealed partial class RosterImportWorker(
    RosterJobs jobs,
    RosterImportStore store,
    IRosterImportObserver observer,
    IOptions<RosterOptions> options,
    ILogger<RosterImportWorker> logger) : BackgroundService
{
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>();

    public void Enqueue(string jobId) => _queue.Writer.TryWrite(jobId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the storage initialiser create the tables first.
        await Task.Yield();
        try
        {
            foreach (var job in await jobs.UnfinishedAsync(stoppingToken))
            {
                Log.Resuming(logger, job.Id, job.Done, job.Total);
                await RunAsync(job.Id, stoppingToken);
            }

            await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await RunAsync(id, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: unfinished jobs stay pending and resume at the next start.
        }
    }

    private async Task RunAsync(string id, CancellationToken cancellationToken)
    {
        if (await jobs.GetAsync(id, cancellationToken) is not { State: JobStates.Pending } job)
        {
            return;
        }

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
            var window = Math.Max(1, options.Value.ImportWindow);
            var done = Math.Min(job.Done, plan.Total);
            var schoolCount = plan.Schools.Count;
            while (done < plan.Total)
            {
                var end = Math.Min(plan.Total, done + window);
                var people = plan.People.Skip(Math.Max(0, done - schoolCount)).Take(Math.Max(0, end - Math.Max(done, schoolCount)));
                await store.WritePeopleAsync(people, cancellationToken);
                var etag = await jobs.ProgressAsync(job, end, end == plan.Total ? JobStates.Done : JobStates.Pending, null, cancellationToken);
                job = job with { Done = end, ETag = etag };
                done = end;
                await observer.WindowWrittenAsync(id, done, plan.Total, cancellationToken);
            }

            await jobs.DeleteFileAsync(id, cancellationToken);
            Log.Finished(logger, id, plan.Total);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Someone edited a person meanwhile, or another instance runs this job: stop without overwriting.
            Log.Conflict(logger, id, ex.Status);
            await TryFailAsync(id, cancellationToken);
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
        if (await jobs.GetAsync(id, cancellationToken) is { State: JobStates.Pending } job)
        {
            try
            {
                await jobs.ProgressAsync(job, job.Done, JobStates.Failed, "Conflict", cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
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

        [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Roster import {JobId} stopped on a conflicting write ({Status})")]
        public static partial void Conflict(ILogger logger, string jobId, int status);
    }
}

using Microsoft.Extensions.Options;
using TutorBot.Features.Roster;

namespace TutorBot.Demo;

/// <summary>
/// The local run's people: the shipped file named by <c>Demo:RosterFile</c> (relative to the content root), imported
/// through the coordinator's own path (read, check, job, worker) before the app says it is ready, so the Playground's
/// users are roster rows when their first message arrives (they are linked by the identity path, never written here)
/// and the coordinator page has people to show. Off when the setting is empty, as in the tests, which start from an
/// empty roster. A rerun finds nothing changed.
/// </summary>
public sealed partial class RosterDemoSeed(
    IConfiguration configuration,
    IHostEnvironment environment,
    RosterImportStore store,
    RosterJobs jobs,
    RosterImportWorker worker,
    IOptions<RosterOptions> options,
    ILogger<RosterDemoSeed> logger) : IDemoSeed
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (configuration["Demo:RosterFile"] is not { Length: > 0 } path)
        {
            return;
        }

        var content = await File.ReadAllBytesAsync(Path.Combine(environment.ContentRootPath, path), cancellationToken);
        var raw = RosterFile.Read(content, options.Value.MaxUploadBytes);
        if (raw.Refusal is not null)
        {
            Log.Refused(logger);
            return;
        }

        var plan = RosterValidator.Validate(raw, await store.SnapshotAsync(raw, cancellationToken));
        if (plan.Problems.Count > 0)
        {
            Log.Problems(logger, plan.Problems.Count);
            return;
        }

        if (plan.Count(ItemStatus.Unchanged) == plan.Total && plan.Classes.Count == 0 && plan.NewOrganisations.Count == 0)
        {
            return;
        }

        var id = await jobs.CreateAsync(content, plan, cancellationToken);
        Log.Queued(logger, id);
        await worker.RunNowAsync(id, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Demo roster file refused by the reader")]
        public static partial void Refused(ILogger logger);

        [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Demo roster file has {Count} problems: not imported")]
        public static partial void Problems(ILogger logger, int count);

        [LoggerMessage(EventId = 9103, Level = LogLevel.Information, Message = "Demo roster import {JobId} started")]
        public static partial void Queued(ILogger logger, string jobId);
    }
}

using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TutorBot.Calendar;
using TutorBot.Delivery;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Waves;
using TutorBot.Features.Workshops;
using TutorBot.Storage;

namespace TutorBot.Features.Privacy;

/// <summary>What one retention run did (null from <see cref="RetentionJob.RunOnceAsync"/>: another instance holds the lease).</summary>
public sealed record RetentionResult(IReadOnlyList<string> YearsReduced, int SessionsDeleted, int WorkshopRowsDeleted, int EventsDeleted, int OutboxRowsDeleted, int RecordsDeleted, int WavesDeleted = 0);

/// <summary>
/// The scheduled purge. School years older than <c>Privacy:SchoolYearRetention</c> are reduced to their annual
/// aggregates (computed once, before any row goes: a rerun or a second instance finds the aggregate row and only
/// deletes), finished outbox rows after <c>Delivery:DoneRetention</c>, privacy records after
/// <c>Privacy:RecordRetention</c>. A lease (a row under its ETag) lets one instance work at a time; every step
/// is safe to repeat.
/// </summary>
public sealed partial class RetentionJob(
    Tables tables,
    OutboxStore outbox,
    IOptions<PrivacyOptions> privacy,
    IOptions<DeliveryOptions> delivery,
    TimeProvider clock,
    ILogger<RetentionJob> logger)
{
    private static readonly string[] MetaPersonColumns =
        [nameof(Workshop.CreatedBy), nameof(Workshop.HostId), nameof(Workshop.HostMailbox), nameof(Workshop.ServiceUrl), nameof(Workshop.BotId), nameof(Workshop.CalendarEventId)];

    public async Task<RetentionResult?> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var owner = Guid.NewGuid().ToString("N");
        if (!await TryLeaseAsync(owner, now, cancellationToken))
        {
            return null;
        }

        try
        {
            var keptFrom = SchoolYear.KeptFrom(now, privacy.Value.SchoolYearRetention);
            var (years, sessions, workshopRows) = await ReduceYearsAsync(keptFrom, cancellationToken);
            var events = await DeleteAsync(tables[LocalCalendar.Table], TableClient.CreateQueryFilter($"EndUtc lt {keptFrom}"), cancellationToken);
            var outboxRows = await PurgeOutboxAsync(now - delivery.Value.DoneRetention, cancellationToken);
            var records = await DeleteAsync(
                tables[PrivacyStore.Table],
                TableClient.CreateQueryFilter($"(PartitionKey eq 'audit' and AtUtc lt {now - privacy.Value.RecordRetention}) or (PartitionKey eq 'erasure' and FinishedUtc lt {now - privacy.Value.RecordRetention})"),
                cancellationToken);
            var waves = await PurgeWavesAsync(keptFrom, cancellationToken);
            var result = new RetentionResult(years, sessions, workshopRows, events, outboxRows, records, waves);
            Log.Ran(logger, years.Count, sessions, workshopRows, events, outboxRows, records);
            return result;
        }
        finally
        {
            await ReleaseAsync(owner, CancellationToken.None);
        }
    }

    private async Task<(List<string> Years, int Sessions, int WorkshopRows)> ReduceYearsAsync(DateTimeOffset keptFrom, CancellationToken cancellationToken)
    {
        var sessions = new List<TableEntity>();
        await foreach (var e in tables[SessionStore.Table].QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"StartUtc lt {keptFrom}"), cancellationToken: cancellationToken))
        {
            sessions.Add(e);
        }

        var workshops = new List<(TableEntity Meta, IReadOnlyList<TableEntity> Rows)>();
        var table = tables[WorkshopStore.Table];
        await foreach (var meta in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {Workshop.MetaRow} and StartUtc lt {keptFrom}"), cancellationToken: cancellationToken))
        {
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {meta.PartitionKey} and RowKey ne {Workshop.MetaRow}"), cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }

            workshops.Add((meta, rows));
        }

        var years = sessions.Select(s => SchoolYear.Label(s.GetDateTimeOffset(nameof(TutoringSession.StartUtc))!.Value))
            .Concat(workshops.Select(w => SchoolYear.Label(w.Meta.GetDateTimeOffset(nameof(Workshop.StartUtc))!.Value)))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var aggregates = tables[AnnualAggregates.Table];
        var (sessionsDeleted, workshopRowsDeleted) = (0, 0);
        foreach (var year in years)
        {
            var yearSessions = sessions.Where(s => SchoolYear.Label(s.GetDateTimeOffset(nameof(TutoringSession.StartUtc))!.Value) == year).ToList();
            var yearWorkshops = workshops.Where(w => SchoolYear.Label(w.Meta.GetDateTimeOffset(nameof(Workshop.StartUtc))!.Value) == year).ToList();

            // Counted once, before anything of the year is deleted: a rerun (or another instance) finds the row and only deletes.
            if (!(await aggregates.GetEntityIfExistsAsync<TableEntity>(AnnualAggregates.Partition, year, cancellationToken: cancellationToken)).HasValue)
            {
                try
                {
                    await aggregates.AddEntityAsync(AnnualAggregates.Of(year, yearSessions, yearWorkshops), cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    // Counted by another run first, from the same untouched rows.
                }
            }

            foreach (var s in yearSessions)
            {
                await DeleteOneAsync(tables[SessionStore.Table], s, cancellationToken);
                sessionsDeleted++;
            }

            foreach (var (meta, rows) in yearWorkshops)
            {
                foreach (var row in rows)
                {
                    await DeleteOneAsync(table, row, cancellationToken);
                    workshopRowsDeleted++;
                }

                // The workshop keeps its type, date, school ids and counts; who created or hosted it goes.
                if (MetaPersonColumns.Any(meta.ContainsKey))
                {
                    foreach (var column in MetaPersonColumns)
                    {
                        meta.Remove(column);
                    }

                    await table.UpdateEntityAsync(meta, ETag.All, TableUpdateMode.Replace, cancellationToken);
                }
            }

            await aggregates.UpdateEntityAsync(new TableEntity(AnnualAggregates.Partition, year) { ["Phase"] = AnnualAggregates.Done }, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }

        return (years, sessionsDeleted, workshopRowsDeleted);
    }

    /// <summary>The outbox's own purge; a row another purge deleted first fails its transaction, so it is read again.</summary>
    private async Task<int> PurgeOutboxAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await outbox.PurgeDoneAsync(cutoff, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404 && attempt < 5)
            {
                // The delivery worker's purge took some of them meanwhile.
            }
        }
    }

    /// <summary>
    /// Waves created before the kept school years go with their recipient rows (answers, reasons): the recipients'
    /// partition first, the wave's row last, so a run stopped halfway finds the wave again and finishes it.
    /// </summary>
    /// <remarks>A wave's row key is its id (ids are GUIDs, which <c>ConversationStore.Key</c> leaves as they are).</remarks>
    private async Task<int> PurgeWavesAsync(DateTimeOffset keptFrom, CancellationToken cancellationToken)
    {
        var table = tables[WaveStore.Table];
        var old = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {WaveStore.WavesPartition} and CreatedUtc lt {keptFrom}"), cancellationToken: cancellationToken))
        {
            old.Add(e);
        }

        foreach (var wave in old)
        {
            await DeleteAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {WaveRecipient.Partition(wave.RowKey)}"), cancellationToken);
            await DeleteOneAsync(table, wave, cancellationToken);
        }

        return old.Count;
    }

    private static async Task<int> DeleteAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(e);
        }

        foreach (var e in rows)
        {
            await DeleteOneAsync(table, e, cancellationToken);
        }

        return rows.Count;
    }

    private static async Task DeleteOneAsync(TableClient table, TableEntity e, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Deleted by another run.
        }
    }

    private async Task<bool> TryLeaseAsync(string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var records = tables[PrivacyStore.Table];
        var lease = new TableEntity("lease", "retention") { ["Owner"] = owner, ["LeaseUntilUtc"] = now + privacy.Value.Lease };
        var current = await records.GetEntityIfExistsAsync<TableEntity>("lease", "retention", cancellationToken: cancellationToken);
        try
        {
            if (!current.HasValue)
            {
                await records.AddEntityAsync(lease, cancellationToken);
                return true;
            }

            var held = current.Value!;
            if (held.GetString("Owner") is { Length: > 0 } && held.GetDateTimeOffset("LeaseUntilUtc") > now)
            {
                return false;
            }

            await records.UpdateEntityAsync(lease, held.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another instance took it between the read and the write.
            return false;
        }
    }

    private async Task ReleaseAsync(string owner, CancellationToken cancellationToken)
    {
        var records = tables[PrivacyStore.Table];
        var current = await records.GetEntityIfExistsAsync<TableEntity>("lease", "retention", cancellationToken: cancellationToken);
        if (current.HasValue && current.Value!.GetString("Owner") == owner)
        {
            try
            {
                await records.UpdateEntityAsync(new TableEntity("lease", "retention") { ["Owner"] = "" }, current.Value.ETag, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Taken over after our lease ran out.
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 12101, Level = LogLevel.Information, Message = "Retention: {Years} school years reduced, {Sessions} sessions, {WorkshopRows} workshop rows, {Events} events, {OutboxRows} outbox rows, {Records} privacy records deleted")]
        public static partial void Ran(ILogger logger, int years, int sessions, int workshopRows, int events, int outboxRows, int records);

        [LoggerMessage(EventId = 12102, Level = LogLevel.Warning, Message = "Retention run failed: tried again at the next interval")]
        public static partial void Failed(ILogger logger, Exception exception);
    }

    /// <summary>The schedule: a run at start, then every <c>Privacy:RetentionInterval</c>.</summary>
    public sealed class Worker(RetentionJob job, IOptions<PrivacyOptions> options, TimeProvider clock, ILogger<RetentionJob> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            while (!stoppingToken.IsCancellationRequested && options.Value.RetentionEnabled)
            {
                try
                {
                    await job.RunOnceAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.Failed(logger, ex);
                }

                try
                {
                    await Task.Delay(options.Value.RetentionInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}

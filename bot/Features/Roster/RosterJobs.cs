using System.Globalization;
using Azure;
using Azure.Data.Tables;
using TutorBot.Conversation;
using TutorBot.Storage;

namespace TutorBot.Features.Roster;

public static class JobStates
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>An import job; <see cref="Owner"/> runs it until <see cref="LeaseUntilUtc"/>, renewed at every window.</summary>
public sealed record RosterJob(
    string Id, string State, int Total, int Done, int New, int Changed, int Unchanged, string? Error, ETag ETag, string? Owner = null, DateTimeOffset? LeaseUntilUtc = null)
{
    /// <summary>Whether <paramref name="owner"/> may run it now: nobody holds it, the holder's lease ran out, or it is its own.</summary>
    public bool ClaimableBy(string owner, DateTimeOffset now) =>
        State == JobStates.Pending && (string.IsNullOrEmpty(Owner) || Owner == owner || LeaseUntilUtc is null || LeaseUntilUtc <= now);
}

/// <summary>Another instance took the job over (its lease had run out): this one stops without touching it.</summary>
public sealed class ImportJobLostException(string jobId) : Exception($"Import job {jobId} is run by another instance.");

/// <summary>
/// Import jobs and their files. The uploaded file is kept in table rows of 60 KB (<c>f|jobId</c>) rather than in
/// Blob Storage: the app already holds the table data role and its tables are created and isolated per prefix,
/// whereas blobs would need a new endpoint setting and role assignment; a roster file is a few megabytes at most.
/// </summary>
public sealed class RosterJobs(Tables tables, TimeProvider clock)
{
    private const int ChunkBytes = 60_000;
    private const string JobPartition = "job";

    private TableClient Table => tables[RosterKeys.JobsTable];

    public async Task<string> CreateAsync(byte[] file, RosterPlan plan, CancellationToken cancellationToken)
    {
        var id = clock.GetUtcNow().ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Guid.NewGuid().ToString("N")[..8];
        var chunks = file.Chunk(ChunkBytes).Select((bytes, i) => new TableTransactionAction(
            TableTransactionActionType.Add,
            new TableEntity("f|" + id, i.ToString("D5", CultureInfo.InvariantCulture)) { ["Data"] = bytes }));

        // A batch carries at most 4 MB: 50 chunks of 60 KB.
        foreach (var batch in chunks.Chunk(50))
        {
            await Table.SubmitTransactionAsync(batch, cancellationToken);
        }

        await Table.AddEntityAsync(
            new TableEntity(JobPartition, id)
            {
                ["State"] = JobStates.Pending,
                ["Total"] = plan.Total,
                ["Done"] = 0,
                ["New"] = plan.Count(ItemStatus.New),
                ["Changed"] = plan.Count(ItemStatus.Changed),
                ["Unchanged"] = plan.Count(ItemStatus.Unchanged),
            },
            cancellationToken);
        return id;
    }

    public async Task<RosterJob?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(JobPartition, ConversationStore.Key(id), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? Job(e) : null;
    }

    public async Task<List<RosterJob>> UnfinishedAsync(CancellationToken cancellationToken)
    {
        var result = new List<RosterJob>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {JobPartition} and State eq {JobStates.Pending}"), cancellationToken: cancellationToken))
        {
            result.Add(Job(e));
        }

        return result;
    }

    public async Task<byte[]> FileAsync(string id, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var partition = "f|" + id;
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken))
        {
            buffer.Write(e.GetBinary("Data"));
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Takes the job for <paramref name="owner"/> until now + <paramref name="lease"/>, if nobody else holds it; the
    /// claim is conditional on the row as read, so of two instances claiming at once one wins. Null: not ours to run.
    /// </summary>
    public async Task<RosterJob?> TryClaimAsync(RosterJob job, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (!job.ClaimableBy(owner, now))
        {
            return null;
        }

        try
        {
            var until = now + lease;
            var response = await Table.UpdateEntityAsync(new TableEntity(JobPartition, job.Id) { ["Owner"] = owner, ["LeaseUntilUtc"] = until }, job.ETag, TableUpdateMode.Merge, cancellationToken);
            return job with { Owner = owner, LeaseUntilUtc = until, ETag = response.Headers.ETag!.Value };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>
    /// Progress, conditional on the job row as last written, renewing the lease by <paramref name="lease"/>: an
    /// instance whose job was taken over learns it here (<see cref="ImportJobLostException"/>) and stops.
    /// </summary>
    public async Task<ETag> ProgressAsync(RosterJob job, int done, string state, string? error, CancellationToken cancellationToken, TimeSpan? lease = null)
    {
        var entity = new TableEntity(JobPartition, job.Id) { ["Done"] = done, ["State"] = state };
        if (error is not null)
        {
            entity["Error"] = error;
        }

        if (lease is { } renew)
        {
            entity["LeaseUntilUtc"] = clock.GetUtcNow() + renew;
        }

        try
        {
            var response = await Table.UpdateEntityAsync(entity, job.ETag, TableUpdateMode.Merge, cancellationToken);
            return response.Headers.ETag!.Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new ImportJobLostException(job.Id);
        }
    }

    /// <summary>Lets go of a job this instance stops running (a graceful stop): the next instance needs not wait for the lease.</summary>
    public async Task ReleaseAsync(RosterJob job, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(new TableEntity(JobPartition, job.Id) { ["Owner"] = "" }, job.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Taken over or finished meanwhile.
        }
    }

    public async Task DeleteFileAsync(string id, CancellationToken cancellationToken)
    {
        var partition = "f|" + id;
        var rows = new List<TableTransactionAction>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(new(TableTransactionActionType.Delete, e));
        }

        foreach (var batch in rows.Chunk(100))
        {
            await Table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    private static RosterJob Job(TableEntity e) => new(
        e.RowKey, e.GetString("State"), e.GetInt32("Total") ?? 0, e.GetInt32("Done") ?? 0, e.GetInt32("New") ?? 0,
        e.GetInt32("Changed") ?? 0, e.GetInt32("Unchanged") ?? 0, e.GetString("Error"), e.ETag, e.GetString("Owner"), e.GetDateTimeOffset("LeaseUntilUtc"));
}

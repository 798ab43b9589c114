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

public sealed record RosterJob(string Id, string State, int Total, int Done, int New, int Changed, int Unchanged, string? Error, ETag ETag);

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

    /// <summary>Progress, conditional on the job row as last written: a second worker on the same job stops at its next window.</summary>
    public async Task<ETag> ProgressAsync(RosterJob job, int done, string state, string? error, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(JobPartition, job.Id) { ["Done"] = done, ["State"] = state };
        if (error is not null)
        {
            entity["Error"] = error;
        }

        var response = await Table.UpdateEntityAsync(entity, job.ETag, TableUpdateMode.Merge, cancellationToken);
        return response.Headers.ETag!.Value;
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
        e.GetInt32("Changed") ?? 0, e.GetInt32("Unchanged") ?? 0, e.GetString("Error"), e.ETag);
}

using Azure;
using Azure.Data.Tables;
using TutorBot.Storage;

namespace TutorBot.Delivery;

/// <summary>
/// The outbox tables. Pending rows only in <see cref="Table"/> (so reading due rows reads no finished ones), finished
/// rows in <see cref="DoneTable"/> by finish day until the retention purge. Every change of a claimed row is
/// conditional on its ETag: an instance that lost a row to another one learns it from a 412 and lets go.
/// </summary>
public sealed class OutboxStore(Tables tables)
{
    public const string Table = "Outbox";
    public const string DoneTable = "OutboxDone";

    /// <summary>Plans a row, or plans it again (same kind, key and due minute: the same entity, merged).</summary>
    public async Task PlanAsync(OutboxRow row, CancellationToken cancellationToken = default) =>
        await tables[Table].UpsertEntityAsync(PlanEntity(row), TableUpdateMode.Merge, cancellationToken);

    /// <summary>
    /// Plans several rows, one transaction per partition and 100 rows (rows made with the same <c>group</c> share
    /// one), four at once: the rows are independent, and each is an upsert, so a plan cut short is simply planned again.
    /// </summary>
    public async Task PlanAsync(IEnumerable<OutboxRow> rows, CancellationToken cancellationToken = default)
    {
        var transactions = rows.GroupBy(r => r.PartitionKey).SelectMany(p => p.Chunk(100));
        await Parallel.ForEachAsync(transactions, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (chunk, ct) =>
            await tables[Table].SubmitTransactionAsync(chunk.Select(PlanAction), ct));
    }

    /// <summary>
    /// The write of a plan, for a caller that batches it with others in the outbox table. It only sets what the plan
    /// says (kind, key, due, recipient, payload): the attempts and a running claim of an existing row are kept.
    /// </summary>
    public static TableTransactionAction PlanAction(OutboxRow row) => new(TableTransactionActionType.UpsertMerge, PlanEntity(row));

    /// <summary>Due rows (next look at or before now) of due minutes only, oldest minute first.</summary>
    public async Task<IReadOnlyList<OutboxRow>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {OutboxRow.DueUpTo(now)} and NextUtc le {now}");
        var due = new List<OutboxRow>(max);
        await foreach (var row in tables[Table].QueryAsync<OutboxRow>(filter, maxPerPage: max, cancellationToken: cancellationToken))
        {
            due.Add(row);
            if (due.Count >= max)
            {
                break;
            }
        }

        return due;
    }

    /// <summary>How many rows are due and unfinished (keys only, at most <paramref name="max"/>): the backlog.</summary>
    public async Task<int> CountDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey le {OutboxRow.DueUpTo(now)} and NextUtc le {now}");
        var count = 0;
        await foreach (var _ in tables[Table].QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["PartitionKey"], cancellationToken: cancellationToken))
        {
            if (++count >= max)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>Takes the row for <paramref name="owner"/> until <paramref name="leaseUntil"/>; false if another instance has it.</summary>
    public async Task<bool> TryClaimAsync(OutboxRow row, string owner, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        if (row.LeaseUntilUtc > now && row.Owner is not null)
        {
            return false;
        }

        var interrupted = row.LeaseUntilUtc is not null;
        row.Owner = owner;
        row.LeaseUntilUtc = leaseUntil;
        row.NextUtc = leaseUntil;
        row.Attempts++;
        if (!await TryReplaceAsync(Table, row, cancellationToken))
        {
            return false;
        }

        row.WasInterrupted = interrupted;
        return true;
    }

    /// <summary>Lets go of the row until <paramref name="next"/>, with the reason of this try.</summary>
    public async Task<bool> RetryLaterAsync(OutboxRow row, DeliveryOutcome outcome, DateTimeOffset next, CancellationToken cancellationToken = default)
    {
        row.LastOutcome = outcome.State;
        row.Reason = outcome.Reason;
        row.NextUtc = next;
        row.Owner = null;
        row.LeaseUntilUtc = null;
        return await TryReplaceAsync(Table, row, cancellationToken);
    }

    /// <summary>
    /// Records the final outcome on the pending row, copies it to the done table and deletes it. A row planned
    /// again while it ran (its plan changed) stays pending for a run of its own; this run is still recorded.
    /// Without <paramref name="archive"/> nothing is copied: the row is only deleted.
    /// </summary>
    public async Task FinishAsync(OutboxRow row, DeliveryOutcome outcome, DateTimeOffset now, bool archive = true, CancellationToken cancellationToken = default)
    {
        var (kind, payload, due) = (row.Kind, row.Payload, row.DueUtc);
        Stamp(row, outcome, now);
        if (await TryReplaceAsync(Table, row, cancellationToken))
        {
            await MoveToDoneAsync(row, archive, cancellationToken);
            return;
        }

        var fresh = await GetAsync(row.PartitionKey, row.RowKey, cancellationToken);
        if (fresh is not null && fresh.Kind == kind && fresh.Payload == payload && fresh.DueUtc == due && fresh.Outcome.Length == 0)
        {
            // Planned again with the same plan while it ran: it is this row, finish it.
            Stamp(fresh, outcome, now);
            fresh.Attempts = row.Attempts;
            if (await TryReplaceAsync(Table, fresh, cancellationToken))
            {
                await MoveToDoneAsync(fresh, archive, cancellationToken);
                return;
            }
        }

        if (archive)
        {
            await tables[DoneTable].UpsertEntityAsync(ToDone(row), TableUpdateMode.Replace, cancellationToken);
        }

        if (fresh is not null && fresh.Owner == row.Owner)
        {
            fresh.Owner = null;
            fresh.LeaseUntilUtc = null;
            await TryReplaceAsync(Table, fresh, cancellationToken);
        }
    }

    /// <summary>Copies a finished row to the done table and deletes the pending one (also finishes a move an earlier instance left half done).</summary>
    public async Task MoveToDoneAsync(OutboxRow row, bool archive = true, CancellationToken cancellationToken = default)
    {
        if (archive)
        {
            await tables[DoneTable].UpsertEntityAsync(ToDone(row), TableUpdateMode.Replace, cancellationToken);
        }

        try
        {
            await tables[Table].DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Moved by another instance, or planned again since: that plan is a new run.
        }
    }

    /// <summary>
    /// The poison list, for the coordinator: rows that ended <c>Never</c> (blocked, unknown, rejected, out of attempts)
    /// and rows that ended <c>Uncertain</c> (the send may have happened and the handler chose not to try again),
    /// each with its reason. Nothing is dropped silently.
    /// </summary>
    public async Task<IReadOnlyList<OutboxRow>> PoisonAsync(CancellationToken cancellationToken = default)
    {
        var rows = new List<OutboxRow>();
        var filter = TableClient.CreateQueryFilter($"Outcome eq {DeliveryStates.Never} or Outcome eq {DeliveryStates.Uncertain}");
        await foreach (var row in tables[DoneTable].QueryAsync<OutboxRow>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Deletes the finished rows of the days before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> PurgeDoneAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey lt {OutboxRow.DonePartition(cutoff)}");
        var old = new List<TableEntity>();
        await foreach (var e in tables[DoneTable].QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            old.Add(e);
        }

        foreach (var partition in old.GroupBy(e => e.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                try
                {
                    await tables[DoneTable].SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 404)
                {
                    // Another instance (or the retention job) purged some of these rows first: delete the rest one by one.
                    foreach (var e in chunk)
                    {
                        await DeleteDoneIfExistsAsync(e, cancellationToken);
                    }
                }
            }
        }

        return old.Count;
    }

    private async Task DeleteDoneIfExistsAsync(TableEntity e, CancellationToken cancellationToken)
    {
        try
        {
            await tables[DoneTable].DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Gone already.
        }
    }

    private async Task<OutboxRow?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await tables[Table].GetEntityIfExistsAsync<OutboxRow>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private async Task<bool> TryReplaceAsync(string table, OutboxRow row, CancellationToken cancellationToken)
    {
        try
        {
            var response = await tables[table].UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            row.ETag = response.Headers.ETag ?? row.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    private static void Stamp(OutboxRow row, DeliveryOutcome outcome, DateTimeOffset now)
    {
        row.Outcome = outcome.State;
        row.LastOutcome = outcome.State;
        row.Reason = outcome.Reason;
        row.ActivityId = outcome.ActivityId;
        row.FinishedUtc = now;
        row.NextUtc = now;
        row.LeaseUntilUtc = null;
    }

    private static OutboxRow ToDone(OutboxRow row)
    {
        var finished = row.FinishedUtc ?? row.NextUtc;
        var done = row.Copy();
        done.PartitionKey = OutboxRow.DonePartition(finished);
        done.RowKey = row.RowKey + "|" + finished.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
        done.ETag = default;
        return done;
    }

    private static TableEntity PlanEntity(OutboxRow row)
    {
        var entity = new TableEntity(row.PartitionKey, row.RowKey)
        {
            [nameof(OutboxRow.Kind)] = row.Kind,
            [nameof(OutboxRow.Key)] = row.Key,
            [nameof(OutboxRow.DueUtc)] = row.DueUtc,
            [nameof(OutboxRow.NextUtc)] = row.NextUtc,
            [nameof(OutboxRow.Outcome)] = "",
        };
        foreach (var (name, value) in new[] { (nameof(row.TenantId), row.TenantId), (nameof(row.RecipientId), row.RecipientId), (nameof(row.ConversationId), row.ConversationId), (nameof(row.Payload), row.Payload) })
        {
            if (value is not null)
            {
                entity[name] = value;
            }
        }

        return entity;
    }
}

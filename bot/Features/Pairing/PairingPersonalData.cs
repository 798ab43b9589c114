using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using TutorBot.Privacy;

namespace TutorBot.Features.Pairing;

/// <summary>
/// A person's pairing rows. As a student: priority mark, claim, history, follow-up and alumni rows (deleted), and the
/// pair rows in their tutor's partition (kept for the tutor's history under an anonymous student id; an active pair
/// is ended first, through the store, so the tutor's counter frees the place). As a tutor: the directory row
/// (deleted) and their partition, whose pair rows move to an anonymous tutor partition. Any other column naming
/// them (a coordinator's CreatedBy, MarkedBy, RecordedBy…) takes the anonymous id. Every step is safe to repeat.
/// </summary>
public sealed class PairingPersonalData(PairingStore store, TimeProvider clock) : IPersonalData
{
    /// <summary>Who ended a pair that an erasure ended.</summary>
    public const string ErasureActor = "privacy";

    private static readonly string[] PersonColumns = ["StudentId", "TutorId", "CreatedBy", "EndRequestedBy", "EndedBy", "MarkedBy", "RecordedBy"];

    public string Name => "pairing";

    private TableClient Table => store.Table;

    public async Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        var rows = new JsonArray();
        var seen = new HashSet<(string, string)>();
        foreach (var id in subject.PersonIds)
        {
            await foreach (var e in StudentRowsAsync(id, cancellationToken).Concat(TutorRowsAsync(id, cancellationToken)).Concat(NamingRowsAsync(id, cancellationToken)))
            {
                if (seen.Add((e.PartitionKey, e.RowKey)))
                {
                    rows.Add(Export(e));
                }
            }
        }

        return rows.Count > 0 ? rows : null;
    }

    public async Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        foreach (var id in subject.PersonIds)
        {
            await EndActivePairsAsync(TableClient.CreateQueryFilter($"StudentId eq {id}"), cancellationToken);
            await EndActivePairsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {PairingKeys.TutorPartition(id)}"), cancellationToken);

            await foreach (var e in StudentRowsAsync(id, cancellationToken))
            {
                await DeleteAsync(e.PartitionKey, e.RowKey, cancellationToken);
            }

            await DeleteAsync(PairingKeys.Directory, id, cancellationToken);
            await MoveTutorPartitionAsync(id, subject.AnonymousId, cancellationToken);

            await foreach (var e in NamingRowsAsync(id, cancellationToken))
            {
                foreach (var column in PersonColumns.Where(c => e.GetString(c) == id))
                {
                    e[column] = subject.AnonymousId;
                }

                await Table.UpdateEntityAsync(e, ETag.All, TableUpdateMode.Replace, cancellationToken);
            }
        }
    }

    /// <summary>Ends the active pairs the filter finds, through the store (pair and counter in one transaction, then the claim).</summary>
    private async Task EndActivePairsAsync(string filter, CancellationToken cancellationToken)
    {
        var active = new List<Pair>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (e.PartitionKey.StartsWith("t|", StringComparison.Ordinal) && e.RowKey.StartsWith("p|", StringComparison.Ordinal) && PairingEntities.Pair(e) is { IsActive: true } pair)
            {
                active.Add(pair);
            }
        }

        foreach (var pair in active)
        {
            await store.EndAsync(pair.TutorId, pair.Id, ErasureActor, clock.GetUtcNow(), cancellationToken);
        }
    }

    /// <summary>The tutor's pair rows go to the anonymous partition (written before the original is deleted); the counter and sent markers go.</summary>
    private async Task MoveTutorPartitionAsync(string tutorId, string anonymousId, CancellationToken cancellationToken)
    {
        await foreach (var e in TutorRowsAsync(tutorId, cancellationToken))
        {
            if (e.RowKey.StartsWith("p|", StringComparison.Ordinal))
            {
                var moved = new TableEntity(e) { PartitionKey = PairingKeys.TutorPartition(anonymousId), ETag = default };
                await Table.UpsertEntityAsync(moved, TableUpdateMode.Replace, cancellationToken);
            }

            await DeleteAsync(e.PartitionKey, e.RowKey, cancellationToken);
        }
    }

    /// <summary>Rows keyed by the student: mark, claim, history and follow-up in any school, and the alumni row.</summary>
    private IAsyncEnumerable<TableEntity> StudentRowsAsync(string id, CancellationToken cancellationToken)
    {
        var history = PairingKeys.HistoryPrefix(id);
        var followUp = PairingKeys.FollowUpPrefix(id);
        var filter = TableClient.CreateQueryFilter(
            $"(PartitionKey eq {PairingStore.AlumniPartition} and RowKey eq {id}) or (PartitionKey ge {"s|"} and PartitionKey lt {"s}"} and (RowKey eq {PairingKeys.MarkRow(id)} or RowKey eq {PairingKeys.ClaimRow(id)} or (RowKey ge {history} and RowKey lt {history[..^1] + "}"}) or (RowKey ge {followUp} and RowKey lt {followUp[..^1] + "}"})))");
        return Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken);
    }

    /// <summary>The tutor's directory row and partition (counter, pair rows, sent markers).</summary>
    private IAsyncEnumerable<TableEntity> TutorRowsAsync(string id, CancellationToken cancellationToken) =>
        Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PairingKeys.TutorPartition(id)} or (PartitionKey eq {PairingKeys.Directory} and RowKey eq {id})"), cancellationToken: cancellationToken);

    /// <summary>Rows of others that name the person in a column (pair rows naming the student, history naming the tutor, a coordinator's marks).</summary>
    private IAsyncEnumerable<TableEntity> NamingRowsAsync(string id, CancellationToken cancellationToken)
    {
        var filter = string.Join(" or ", PersonColumns.Select(c => $"{c} eq '{id.Replace("'", "''", StringComparison.Ordinal)}'"));
        return Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken);
    }

    private async Task DeleteAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Erased before: the job is running again.
        }
    }

    private static JsonObject Export(TableEntity e)
    {
        var row = new JsonObject { ["partition"] = e.PartitionKey, ["row"] = e.RowKey };
        foreach (var (key, value) in e)
        {
            if (key is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
            {
                continue;
            }

            row[key] = value switch
            {
                null => null,
                DateTimeOffset at => at,
                bool b => b,
                int i => i,
                long l => l,
                double d => d,
                _ => value.ToString(),
            };
        }

        return row;
    }
}

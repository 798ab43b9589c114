using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Delivery;

/// <summary>
/// The rows planned or delivered for the person, or about them (a reminder to the tutor names the student in its
/// key and payload). Nothing is sent to an erased person, so their pending rows go as well as the finished ones.
/// </summary>
public sealed class OutboxPersonalData(Tables tables) : IPersonalData
{
    private static readonly string[] Columns = ["PartitionKey", "RowKey", nameof(OutboxRow.Kind), nameof(OutboxRow.Key), nameof(OutboxRow.RecipientId), nameof(OutboxRow.Payload), nameof(OutboxRow.DueUtc), nameof(OutboxRow.Outcome), nameof(OutboxRow.FinishedUtc)];

    public string Name => "deliveries";

    public async Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        var rows = new JsonArray();
        foreach (var table in new[] { OutboxStore.Table, OutboxStore.DoneTable })
        {
            await foreach (var e in RowsAsync(table, subject, cancellationToken))
            {
                rows.Add(new JsonObject
                {
                    ["state"] = table == OutboxStore.Table ? "pending" : "finished",
                    ["kind"] = e.GetString(nameof(OutboxRow.Kind)),
                    ["key"] = e.GetString(nameof(OutboxRow.Key)),
                    ["recipientId"] = e.GetString(nameof(OutboxRow.RecipientId)),
                    ["dueUtc"] = e.GetDateTimeOffset(nameof(OutboxRow.DueUtc)),
                    ["outcome"] = e.GetString(nameof(OutboxRow.Outcome)),
                    ["finishedUtc"] = e.GetDateTimeOffset(nameof(OutboxRow.FinishedUtc)),
                });
            }
        }

        return rows.Count > 0 ? rows : null;
    }

    public async Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        foreach (var table in new[] { OutboxStore.Table, OutboxStore.DoneTable })
        {
            var found = new List<TableEntity>();
            await foreach (var e in RowsAsync(table, subject, cancellationToken))
            {
                found.Add(e);
            }

            foreach (var partition in found.GroupBy(e => e.PartitionKey))
            {
                foreach (var chunk in partition.Chunk(100))
                {
                    try
                    {
                        await tables[table].SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
                    }
                    catch (TableTransactionFailedException ex) when (ex.Status == 404)
                    {
                        // A row finished (moved) meanwhile: the next run of the step finds it in the done table.
                        throw new InvalidOperationException("an outbox row moved during the erasure; the step runs again", ex);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Rows whose recipient is the person, or whose key or payload names them. Keys and payloads cannot be filtered
    /// on by substring, so the table is read with only these columns; finished rows live Delivery:DoneRetention.
    /// </summary>
    private async IAsyncEnumerable<TableEntity> RowsAsync(string table, PrivacySubject subject, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var ids = subject.PersonIds.ToList();
        await foreach (var e in tables[table].QueryAsync<TableEntity>(select: Columns, cancellationToken: cancellationToken))
        {
            var key = e.GetString(nameof(OutboxRow.Key)) ?? "";
            var payload = e.GetString(nameof(OutboxRow.Payload)) ?? "";
            if (ids.Any(id => subject.Is(e.GetString(nameof(OutboxRow.RecipientId)))
                || key.Split('/').Contains(id, StringComparer.Ordinal)
                || payload.Contains('"' + id + '"', StringComparison.Ordinal)))
            {
                yield return e;
            }
        }
    }
}

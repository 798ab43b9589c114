using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Workshops;

/// <summary>
/// Registrations, attendance, speaker offers and the cards sent, in each workshop's partition. Erasing keeps each
/// workshop's counts: the person's registration, presence and speaker rows are re-keyed to an anonymous id in one
/// transaction of the partition; the cards sent to them are forgotten; the ids they left on others' rows are cleared.
/// </summary>
public sealed class WorkshopPersonalData(Tables tables) : IPersonalData
{
    private static readonly string[] PersonColumns = [nameof(Presence.By), nameof(Speaker.DecidedBy), nameof(Workshop.CreatedBy), nameof(Workshop.HostId)];

    public string Name => "workshops";

    private TableClient Workshops => tables[WorkshopStore.Table];

    public async Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        var rows = new JsonArray();
        foreach (var e in await RowsAsync(subject, cancellationToken))
        {
            var o = new JsonObject { ["workshopId"] = e.PartitionKey, ["row"] = e.RowKey };
            foreach (var (key, value) in e.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")))
            {
                o[key] = JsonValue.Create(value);
            }

            rows.Add(o);
        }

        return rows.Count > 0 ? rows : null;
    }

    public async Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        foreach (var e in await RowsAsync(subject, cancellationToken))
        {
            var prefix = e.RowKey.Length > 4 ? e.RowKey[..4] : "";
            if (prefix is Registration.Prefix or Presence.Prefix or Speaker.Prefix && subject.Is(e.GetString("PersonId")))
            {
                var anonymous = new TableEntity(e.PartitionKey, prefix + subject.AnonymousId);
                foreach (var (key, value) in e.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "odata.etag" or "Timestamp")))
                {
                    anonymous[key] = value;
                }

                anonymous["PersonId"] = subject.AnonymousId;
                Clear(anonymous, subject);
                await Workshops.SubmitTransactionAsync(
                    [new(TableTransactionActionType.UpsertReplace, anonymous), new(TableTransactionActionType.Delete, e, ETag.All)],
                    cancellationToken);
            }
            else if (e.RowKey.StartsWith(SentCard.Prefix, StringComparison.Ordinal))
            {
                await Workshops.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken);
            }
            else
            {
                Clear(e, subject);
                await Workshops.UpdateEntityAsync(e, ETag.All, TableUpdateMode.Replace, cancellationToken);
            }
        }
    }

    private static void Clear(TableEntity e, PrivacySubject subject)
    {
        foreach (var column in PersonColumns.Where(c => subject.Is(e.GetString(c))))
        {
            e.Remove(column);
        }

        if (subject.Mailbox is { } mailbox && string.Equals(e.GetString(nameof(Workshop.HostMailbox)), mailbox, StringComparison.OrdinalIgnoreCase))
        {
            e.Remove(nameof(Workshop.HostMailbox));
        }
    }

    /// <summary>
    /// Every row naming the person: a filtered query for the id columns, and the <c>sent:</c> rows, whose key ends
    /// with the recipient's id (a key suffix cannot be filtered on: the sent rows are read by key only).
    /// </summary>
    private async Task<List<TableEntity>> RowsAsync(PrivacySubject subject, CancellationToken cancellationToken)
    {
        var rows = new Dictionary<(string, string), TableEntity>();
        foreach (var id in subject.PersonIds)
        {
            var filter = TableClient.CreateQueryFilter($"PersonId eq {id} or By eq {id} or DecidedBy eq {id} or CreatedBy eq {id} or HostId eq {id}");
            if (subject.Mailbox is { } mailbox)
            {
                filter += " or " + TableClient.CreateQueryFilter($"HostMailbox eq {mailbox}");
            }

            await foreach (var e in Workshops.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                rows[(e.PartitionKey, e.RowKey)] = e;
            }

            var sentFilter = TableClient.CreateQueryFilter($"RowKey ge {SentCard.Prefix} and RowKey lt {"sent;"}");
            await foreach (var e in Workshops.QueryAsync<TableEntity>(sentFilter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                if (e.RowKey.EndsWith(":" + id, StringComparison.Ordinal) || e.RowKey.Contains(":" + id + ":", StringComparison.Ordinal))
                {
                    rows[(e.PartitionKey, e.RowKey)] = e;
                }
            }
        }

        return [.. rows.Values];
    }
}

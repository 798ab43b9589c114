using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using TutorBot.Conversation;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Calendar;

/// <summary>The local run's bookings, kept under the organiser's mailbox (no attendee is stored by name).</summary>
public sealed class LocalCalendarPersonalData(Tables tables) : IPersonalData
{
    public string Name => "calendar";

    private TableClient Events => tables[LocalCalendar.Table];

    public async Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        var rows = new JsonArray();
        foreach (var e in await RowsAsync(subject, cancellationToken))
        {
            rows.Add(new JsonObject
            {
                ["eventId"] = e.RowKey,
                ["subject"] = e.GetString("Subject"),
                ["startUtc"] = e.GetDateTimeOffset("StartUtc"),
                ["endUtc"] = e.GetDateTimeOffset("EndUtc"),
                ["location"] = e.GetString("Location"),
                ["cancelled"] = e.GetBoolean("Cancelled"),
            });
        }

        return rows.Count > 0 ? rows : null;
    }

    public async Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        foreach (var e in await RowsAsync(subject, cancellationToken))
        {
            await Events.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken);
        }
    }

    private async Task<List<TableEntity>> RowsAsync(PrivacySubject subject, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        if (subject.Mailbox is { Length: > 0 } mailbox)
        {
            var partition = ConversationStore.Key(mailbox);
            await foreach (var e in Events.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
            {
                rows.Add(e);
            }
        }

        return rows;
    }
}

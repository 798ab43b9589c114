using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using TutorBot.Privacy;

namespace TutorBot.Features.Privacy;

/// <summary>A coordinator who is erased leaves the privacy records they made: the records stay, with "a coordinator".</summary>
public sealed class PrivacyRecordsPersonalData(PrivacyStore store) : IPersonalData
{
    public string Name => "privacy-records";

    /// <summary>The coordinator's own records: their export lists them under <c>privacy</c> already, from the audit of their hash.</summary>
    public Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default) => Task.FromResult<JsonNode?>(null);

    public async Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        foreach (var id in subject.PersonIds)
        {
            var filter = TableClient.CreateQueryFilter($"By eq {id} or RequestedBy eq {id}");
            await foreach (var e in store.Records.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                foreach (var column in new[] { "By", "RequestedBy" }.Where(c => subject.Is(e.GetString(c))))
                {
                    e[column] = subject.AnonymousId;
                }

                await store.Records.UpdateEntityAsync(e, ETag.All, TableUpdateMode.Merge, cancellationToken);
            }
        }
    }
}

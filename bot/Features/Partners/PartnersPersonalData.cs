using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Partners;

/// <summary>Mention insertions the person made: the partner's proof keeps the fact, the person id is anonymised.</summary>
public sealed class PartnersPersonalData(Tables tables) : IPersonalData
{
    public string Name => "insertions";

    private TableClient Table => tables[PartnersKeys.Table];

    public async Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        var rows = new JsonArray();
        await foreach (var e in RowsAsync(subject, cancellationToken))
        {
            rows.Add(new JsonObject
            {
                ["id"] = e.RowKey,
                ["at"] = e.GetDateTimeOffset("At"),
                ["agreementId"] = e.GetString("AgreementId"),
                ["organisationId"] = e.GetString("OrganisationId"),
                ["logoHash"] = e.GetString("LogoHash"),
            });
        }

        return rows.Count > 0 ? rows : null;
    }

    public async Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        await foreach (var e in RowsAsync(subject, cancellationToken))
        {
            e["PersonId"] = subject.AnonymousId;
            await Table.UpdateEntityAsync(e, ETag.All, TableUpdateMode.Replace, cancellationToken);
        }
    }

    private async IAsyncEnumerable<TableEntity> RowsAsync(PrivacySubject subject, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var id in subject.PersonIds)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {"insertion|"} and PartitionKey lt {"insertion}"} and PersonId eq {id}");
            await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                yield return e;
            }
        }
    }
}

using Azure.Data.Tables;
using TutorBot.Storage;

namespace TutorBot.Features.Roster;

/// <summary>Organisations, agreements, schools and classes: few rows, read whole.</summary>
public sealed class RosterPlaces(Tables tables)
{
    public TableClient Table => tables[RosterKeys.PlacesTable];

    public async Task<Dictionary<string, RosterSchool>> SchoolsAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, RosterSchool>(StringComparer.Ordinal);
        await foreach (var e in Table.QueryAsync<TableEntity>(e => e.PartitionKey == RosterKeys.Schools, cancellationToken: cancellationToken))
        {
            result[e.RowKey] = RosterEntities.School(e);
        }

        return result;
    }

    public async Task<Dictionary<string, RosterOrganisation>> OrganisationsAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, RosterOrganisation>(StringComparer.Ordinal);
        await foreach (var e in Table.QueryAsync<TableEntity>(e => e.PartitionKey == RosterKeys.Organisations, cancellationToken: cancellationToken))
        {
            result[e.RowKey] = RosterEntities.Organisation(e);
        }

        return result;
    }

    public async Task<List<RosterAgreement>> AgreementsAsync(CancellationToken cancellationToken)
    {
        var result = new List<RosterAgreement>();
        await foreach (var e in Table.QueryAsync<TableEntity>(e => e.PartitionKey == RosterKeys.Agreements, cancellationToken: cancellationToken))
        {
            result.Add(RosterEntities.Agreement(e));
        }

        return result;
    }

    public async Task<List<RosterClass>> ClassesAsync(string uai, CancellationToken cancellationToken)
    {
        var result = new List<RosterClass>();
        var partition = RosterKeys.ClassPartition(uai);
        await foreach (var e in Table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            result.Add(RosterEntities.Class(e));
        }

        return result;
    }
}

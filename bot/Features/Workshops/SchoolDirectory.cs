using Azure.Data.Tables;
using TutorBot.Features.Programme;
using TutorBot.Storage;

namespace TutorBot.Features.Workshops;

/// <summary>The schools and classes of the programme, for the forms (a few dozen rows).</summary>
public sealed class SchoolDirectory(Tables tables)
{
    public async Task<(IReadOnlyList<School> Schools, IReadOnlyList<SchoolClass> Classes)> LoadAsync(CancellationToken cancellationToken = default)
    {
        var table = tables[Tables.Programme];
        var schools = new List<School>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == "school", cancellationToken: cancellationToken))
        {
            schools.Add(new School(e.RowKey, e.GetString("Name") ?? e.RowKey, e.GetString("City") ?? "", e.GetString("Academy") ?? ""));
        }

        var classes = new List<SchoolClass>();
        await foreach (var e in table.QueryAsync<TableEntity>(e => e.PartitionKey == "class", cancellationToken: cancellationToken))
        {
            classes.Add(new SchoolClass(e.RowKey, e.GetString("SchoolId") ?? "", e.GetString("Name") ?? e.RowKey, e.GetString("Stream") ?? ""));
        }

        return ([.. schools.OrderBy(s => s.Name, StringComparer.Ordinal)], [.. classes.OrderBy(c => c.SchoolId, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal)]);
    }
}

/// <summary>Whom a fan-out reaches: the students of the invited classes, the coordinators (ids only).</summary>
public sealed class WorkshopAudience(Tables tables)
{
    public async Task<IReadOnlyList<string>> StudentsOfAsync(IEnumerable<string> classIds, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        foreach (var classId in classIds)
        {
            ids.AddRange(await PeopleAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"people"} and Role eq {Roles.Student} and ClassId eq {classId}"), cancellationToken));
        }

        return ids;
    }

    public Task<IReadOnlyList<string>> CoordinatorsAsync(CancellationToken cancellationToken = default) =>
        PeopleAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"people"} and Role eq {Roles.Coordinator}"), cancellationToken);

    private async Task<IReadOnlyList<string>> PeopleAsync(string filter, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var e in tables[Tables.Programme].QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(e.RowKey["id:".Length..]);
        }

        return ids;
    }
}

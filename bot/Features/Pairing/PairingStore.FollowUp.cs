using Azure.Data.Tables;

namespace TutorBot.Features.Pairing;

/// <summary>The follow-up rows (<c>f|student|year</c> in the school's partition) and the alumni partition.</summary>
public sealed partial class PairingStore
{
    public const string AlumniPartition = "alumni";

    /// <summary>Records one year of a student's path; a later record of the same year replaces it.</summary>
    public Task SaveFollowUpAsync(string uai, FollowUp f, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(
            new TableEntity(PairingKeys.SchoolPartition(uai), PairingKeys.FollowUpRow(f.StudentId, f.Year))
            {
                ["ClassName"] = f.ClassName,
                ["School"] = f.School,
                ["DegreeTarget"] = f.DegreeTarget,
                ["Graduated"] = f.Graduated,
                ["FirstJob"] = f.FirstJob,
                ["RecordedBy"] = f.RecordedBy,
                ["RecordedUtc"] = f.RecordedUtc,
            },
            TableUpdateMode.Replace,
            cancellationToken);

    public async Task<List<FollowUp>> FollowUpsAsync(string uai, string studentId, CancellationToken cancellationToken = default)
    {
        var partition = PairingKeys.SchoolPartition(uai);
        var from = PairingKeys.FollowUpPrefix(studentId);
        var to = from[..^1] + "}";
        var result = new List<FollowUp>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}"), cancellationToken: cancellationToken))
        {
            result.Add(new FollowUp(
                studentId,
                int.Parse(e.RowKey[from.Length..], System.Globalization.CultureInfo.InvariantCulture),
                e.GetString("ClassName"),
                e.GetString("School"),
                e.GetString("DegreeTarget"),
                e.GetBoolean("Graduated") ?? false,
                e.GetString("FirstJob"),
                e.GetString("RecordedBy") ?? "",
                e.GetDateTimeOffset("RecordedUtc") ?? default));
        }

        return result;
    }

    /// <summary>A graduate's opt-in (or opt-out) of the alumni community: one row per student, kept while opted in.</summary>
    public async Task SetAlumnusAsync(Alumnus alumnus, CancellationToken cancellationToken = default)
    {
        if (alumnus.OptedIn)
        {
            await Table.UpsertEntityAsync(
                new TableEntity(AlumniPartition, alumnus.StudentId) { ["SchoolUai"] = alumnus.SchoolUai, ["ChangedUtc"] = alumnus.ChangedUtc, ["RecordedBy"] = alumnus.RecordedBy },
                TableUpdateMode.Replace,
                cancellationToken);
        }
        else
        {
            await Table.DeleteEntityAsync(AlumniPartition, alumnus.StudentId, Azure.ETag.All, cancellationToken);
        }
    }

    public async Task<List<Alumnus>> AlumniAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<Alumnus>();
        await foreach (var e in Table.QueryAsync<TableEntity>(e => e.PartitionKey == AlumniPartition, cancellationToken: cancellationToken))
        {
            result.Add(new Alumnus(e.RowKey, e.GetString("SchoolUai") ?? "", true, e.GetDateTimeOffset("ChangedUtc") ?? default, e.GetString("RecordedBy") ?? ""));
        }

        return result;
    }
}

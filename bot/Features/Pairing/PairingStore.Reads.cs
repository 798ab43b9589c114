using Azure;
using Azure.Data.Tables;

namespace TutorBot.Features.Pairing;

/// <summary>The directory of tutors, a school's pairing state, priority marks.</summary>
public sealed partial class PairingStore
{
    /// <summary>Every tutor of the directory: one partition query (what the suggestions' benchmark compares with).</summary>
    public async Task<List<PairingTutor>> TutorsAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<PairingTutor>();
        await foreach (var e in Table.QueryAsync<TableEntity>(e => e.PartitionKey == PairingKeys.Directory, cancellationToken: cancellationToken))
        {
            result.Add(PairingEntities.Tutor(e));
        }

        return result;
    }

    public async Task<PairingTutor?> TutorAsync(string tutorId, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(PairingKeys.Directory, tutorId, cancellationToken: cancellationToken);
        return response.HasValue ? PairingEntities.Tutor(response.Value!) : null;
    }

    /// <summary>Writes the directory row whole (the roster's facts, the profile and the count, as the caller merged them).</summary>
    public Task UpsertTutorAsync(PairingTutor tutor, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(PairingEntities.Tutor(tutor), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The count of active pairs the tutor's counter holds (0 without one).</summary>
    public async Task<int> ActiveCountAsync(string tutorId, CancellationToken cancellationToken = default)
    {
        var counter = await Table.GetEntityIfExistsAsync<TableEntity>(PairingKeys.TutorPartition(tutorId), PairingKeys.Counter, cancellationToken: cancellationToken);
        return counter.HasValue ? counter.Value!.GetInt32("Active") ?? 0 : 0;
    }

    /// <summary>Every active pair of the programme (or of one school): one query over the tutors' partitions' pair rows.</summary>
    public async Task<List<Pair>> ActivePairsAsync(string? schoolUai = null, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {"t|"} and PartitionKey lt {"t}"} and RowKey ge {"p|"} and RowKey lt {"p}"} and (Status eq {PairStatus.Active} or Status eq {PairStatus.EndRequested})");
        if (schoolUai is not null)
        {
            filter += TableClient.CreateQueryFilter($" and SchoolUai eq {schoolUai}");
        }

        var result = new List<Pair>();
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(PairingEntities.Pair(e));
        }

        return result;
    }

    /// <summary>A school's marks, claims and history: one partition query.</summary>
    public async Task<SchoolPairing> SchoolAsync(string uai, CancellationToken cancellationToken = default)
    {
        var partition = PairingKeys.SchoolPartition(uai);
        var rows = new List<TableEntity>();
        await foreach (var e in Table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            rows.Add(e);
        }

        return PairingEntities.School(rows);
    }

    /// <summary>One student's claim and history: a range of their school's partition.</summary>
    public async Task<(StudentClaim? Claim, List<PairHistory> History)> StudentAsync(string uai, string studentId, CancellationToken cancellationToken = default)
    {
        var partition = PairingKeys.SchoolPartition(uai);
        var claim = await Table.GetEntityIfExistsAsync<TableEntity>(partition, PairingKeys.ClaimRow(studentId), cancellationToken: cancellationToken);
        var from = PairingKeys.HistoryPrefix(studentId);
        var to = from[..^1] + "}";
        var history = new List<PairHistory>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {to}"), cancellationToken: cancellationToken))
        {
            history.Add(PairingEntities.History(e));
        }

        return (claim.HasValue ? PairingEntities.Claim(claim.Value!) : null, history);
    }

    /// <summary>Marks or unmarks a student as a priority; repeating it changes nothing.</summary>
    public async Task MarkAsync(string uai, string studentId, bool marked, string by, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var partition = PairingKeys.SchoolPartition(uai);
        if (marked)
        {
            try
            {
                await Table.AddEntityAsync(new TableEntity(partition, PairingKeys.MarkRow(studentId)) { ["MarkedBy"] = by, ["MarkedUtc"] = now }, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Marked already: the first mark keeps who and when.
            }
        }
        else
        {
            await Table.DeleteEntityAsync(partition, PairingKeys.MarkRow(studentId), ETag.All, cancellationToken);
        }
    }
}

using Azure;
using Azure.Data.Tables;
using TutorBot.Storage;

namespace TutorBot.Features.Pairing;

/// <summary>
/// Pairs, with their two rules enforced by storage: the student's claim row is inserted first (a second
/// coordinator's insert fails: one active tutor per student), then the pair row and the tutor's counter are one
/// entity-group transaction under the counter's ETag (two pairings racing for a tutor's last place: one commits,
/// the other re-reads and finds the tutor full). A claim whose pair never committed (a crash in between) is taken
/// over once it is older than <see cref="StaleClaim"/>.
/// </summary>
public sealed partial class PairingStore(Tables tables)
{
    public static readonly TimeSpan StaleClaim = TimeSpan.FromSeconds(30);

    private const int CounterTries = 3;

    public TableClient Table => tables[PairingKeys.Table];

    public Task<PairingResult> PairAsync(string tutorId, int capacity, string studentId, string uai, string by, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        PairAsync(new Pair(Pair.NewId(now), tutorId, studentId, uai, PairStatus.Active, now, by), capacity, cancellationToken);

    /// <summary>Makes <paramref name="pair"/> (id chosen by the caller, so its outbox rows can be planned first).</summary>
    public async Task<PairingResult> PairAsync(Pair pair, int capacity, CancellationToken cancellationToken = default)
    {
        var (tutorId, now) = (pair.TutorId, pair.StartedUtc);
        if (!await TryClaimAsync(pair, now, cancellationToken))
        {
            return new PairingResult(PairingOutcome.StudentTaken);
        }

        for (var attempt = 0; attempt < CounterTries; attempt++)
        {
            var counter = await Table.GetEntityIfExistsAsync<TableEntity>(PairingKeys.TutorPartition(tutorId), PairingKeys.Counter, cancellationToken: cancellationToken);
            var active = counter.HasValue ? counter.Value!.GetInt32("Active") ?? 0 : 0;
            if (active >= capacity)
            {
                break;
            }

            var count = new TableEntity(PairingKeys.TutorPartition(tutorId), PairingKeys.Counter) { ["Active"] = active + 1 };
            TableTransactionAction[] actions =
            [
                counter.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, count, counter.Value!.ETag)
                    : new(TableTransactionActionType.Add, count),
                new(TableTransactionActionType.Add, PairingEntities.Pair(pair)),
            ];
            try
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
                return new PairingResult(PairingOutcome.Paired, pair);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && ex.FailedTransactionActionIndex == 0)
            {
                // Another pairing or ending changed the count since it was read: read it again.
            }
        }

        await ReleaseClaimAsync(pair, CancellationToken.None);
        return new PairingResult(PairingOutcome.TutorFull);
    }

    /// <summary>
    /// Ends an active pair: the pair row and the counter in one transaction under both ETags, then the student's claim
    /// is released (a failure there is repaired by the pairing's sync row). Null when there is no such active pair.
    /// </summary>
    public async Task<Pair?> EndAsync(string tutorId, string pairId, string by, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < CounterTries; attempt++)
        {
            var (pair, pairTag) = await GetPairAsync(tutorId, pairId, cancellationToken) ?? default;
            if (pair is not { IsActive: true })
            {
                return null;
            }

            var counter = await Table.GetEntityIfExistsAsync<TableEntity>(PairingKeys.TutorPartition(tutorId), PairingKeys.Counter, cancellationToken: cancellationToken);
            if (!counter.HasValue)
            {
                return null;
            }

            var ended = pair.End(by, now);
            var count = new TableEntity(PairingKeys.TutorPartition(tutorId), PairingKeys.Counter) { ["Active"] = Math.Max(0, (counter.Value!.GetInt32("Active") ?? 1) - 1) };
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateReplace, PairingEntities.Pair(ended), pairTag),
                    new(TableTransactionActionType.UpdateReplace, count, counter.Value.ETag),
                ], cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                continue;
            }

            await ReleaseClaimAsync(ended, CancellationToken.None);
            return ended;
        }

        return null;
    }

    /// <summary>Writes a changed pair (an end request, a declined one) if nobody changed it since it was read.</summary>
    public async Task<bool> TryReplaceAsync(Pair pair, ETag etag, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.UpdateEntityAsync(PairingEntities.Pair(pair), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<(Pair Pair, ETag ETag)?> GetPairAsync(string tutorId, string pairId, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(PairingKeys.TutorPartition(tutorId), PairingKeys.PairRow(pairId), cancellationToken: cancellationToken);
        return response.HasValue ? (PairingEntities.Pair(response.Value!), response.Value!.ETag) : null;
    }

    /// <summary>Every pair of a tutor, active and ended (one partition query).</summary>
    public async Task<List<Pair>> PairsOfTutorAsync(string tutorId, CancellationToken cancellationToken = default)
    {
        var partition = PairingKeys.TutorPartition(tutorId);
        var result = new List<Pair>();
        await foreach (var e in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge 'p|' and RowKey lt 'p}}'"), cancellationToken: cancellationToken))
        {
            result.Add(PairingEntities.Pair(e));
        }

        return result;
    }

    /// <summary>
    /// Releases the student's claim if it still names this pair (a pair that ended, or never committed), and
    /// dates the history row. Safe to repeat.
    /// </summary>
    public async Task ReleaseClaimAsync(Pair pair, CancellationToken cancellationToken = default)
    {
        var partition = PairingKeys.SchoolPartition(pair.SchoolUai);
        var claim = await Table.GetEntityIfExistsAsync<TableEntity>(partition, PairingKeys.ClaimRow(pair.StudentId), cancellationToken: cancellationToken);
        var actions = new List<TableTransactionAction>();
        if (claim.HasValue && claim.Value!.GetString("PairId") == pair.Id)
        {
            actions.Add(new(TableTransactionActionType.Delete, claim.Value, claim.Value.ETag));
        }

        var history = new TableEntity(partition, PairingKeys.HistoryRow(pair.StudentId, pair.Id));
        if (pair.Status == PairStatus.Ended)
        {
            actions.Add(new(TableTransactionActionType.UpsertMerge, new TableEntity(history.PartitionKey, history.RowKey) { ["EndedUtc"] = pair.EndedUtc }));
        }

        try
        {
            if (actions.Count > 0)
            {
                await Table.SubmitTransactionAsync(actions, cancellationToken);
            }
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
        {
            // Released already, or the claim changed hands: nothing of this pair is left to release.
            return;
        }

        if (pair.Status != PairStatus.Ended)
        {
            // A pair that never committed leaves no history.
            try
            {
                await Table.DeleteEntityAsync(partition, history.RowKey, ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }
        }
    }

    /// <summary>Inserts the claim and the history row (one transaction); takes over a stale claim once.</summary>
    private async Task<bool> TryClaimAsync(Pair pair, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, PairingEntities.Claim(new StudentClaim(pair.StudentId, pair.TutorId, pair.Id, now), pair.SchoolUai)),
                    new(TableTransactionActionType.Add, PairingEntities.History(new PairHistory(pair.StudentId, pair.Id, pair.TutorId, now, null), pair.SchoolUai)),
                ], cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex == 0)
            {
                if (attempt > 0 || !await TakeOverStaleClaimAsync(pair.SchoolUai, pair.StudentId, now, cancellationToken))
                {
                    return false;
                }
            }
        }

        return false;
    }

    private async Task<bool> TakeOverStaleClaimAsync(string uai, string studentId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claim = await Table.GetEntityIfExistsAsync<TableEntity>(PairingKeys.SchoolPartition(uai), PairingKeys.ClaimRow(studentId), cancellationToken: cancellationToken);
        if (!claim.HasValue)
        {
            return true;
        }

        var found = PairingEntities.Claim(claim.Value!);
        if (now - found.ClaimedUtc < StaleClaim)
        {
            return false;
        }

        var pair = await GetPairAsync(found.TutorId, found.PairId, cancellationToken);
        if (pair is { Pair.IsActive: true })
        {
            return false;
        }

        await ReleaseClaimAsync(pair?.Pair ?? new Pair(found.PairId, found.TutorId, studentId, uai, "never", found.ClaimedUtc, ""), cancellationToken);
        return true;
    }
}

using TutorBot.Delivery;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Pairing;

/// <summary>
/// Making and ending pairs, shared by the page's API and the coordinator's decision card: the outbox rows a change
/// needs are planned first (they find no pair, and drop, if the change loses its race), then the change is written
/// once, then the projections are brought in step at once (their row does it again if this instance stops).
/// </summary>
public sealed partial class Pairings(
    PairingStore store,
    PairingDirectory directory,
    PairingSync sync,
    OutboxStore outbox,
    TimeProvider clock,
    ILogger<Pairings> logger)
{
    /// <summary>Pairs a roster student with a directory tutor; the tutor's trained flag and capacity are the roster's, read now.</summary>
    public async Task<PairingResult> PairAsync(RosterPerson student, string tutorId, string by, string? tenantId, CancellationToken cancellationToken = default)
    {
        var tutor = await directory.RefreshAsync(tutorId, cancellationToken);
        if (tutor is not { Trained: true } || student.Kind != RosterKinds.Student || !student.Active || student.SchoolUai is null)
        {
            return new PairingResult(PairingOutcome.NotPairable);
        }

        var now = clock.GetUtcNow();
        var pair = new Pair(Pair.NewId(now), tutorId, student.Id, student.SchoolUai, PairStatus.Active, now, by);
        await outbox.PlanAsync(PairingRows.Paired(pair, tenantId, now), cancellationToken);
        var result = await store.PairAsync(pair, tutor.Capacity, cancellationToken);
        if (result.Outcome == PairingOutcome.Paired)
        {
            Log.Paired(logger, tutorId, student.Id, pair.Id);
            await SyncQuietlyAsync(pair, cancellationToken);
        }

        return result;
    }

    /// <summary>Ends an active pair (a coordinator's decision); both sides are told. Null when it was not active.</summary>
    public async Task<Pair?> EndAsync(string tutorId, string pairId, string by, string? tenantId, CancellationToken cancellationToken = default, bool syncNow = true)
    {
        if (await store.GetPairAsync(tutorId, pairId, cancellationToken) is not { Pair: { IsActive: true } pair })
        {
            return null;
        }

        var now = clock.GetUtcNow();
        await outbox.PlanAsync(PairingRows.Ended(pair, PairingRowKinds.Ended, tenantId, now), cancellationToken);
        var ended = await store.EndAsync(tutorId, pairId, by, now, cancellationToken);
        if (ended is not null)
        {
            Log.Ended(logger, tutorId, pairId, by);
            if (syncNow)
            {
                await SyncQuietlyAsync(ended, cancellationToken);
            }
        }

        return ended;
    }

    private async Task SyncQuietlyAsync(Pair pair, CancellationToken cancellationToken)
    {
        try
        {
            await sync.SyncAsync(pair.TutorId, pair.Id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The sync row planned with the change does it again.
            Log.SyncLater(logger, pair.TutorId, pair.Id, ex.GetType().Name);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 9611, Level = LogLevel.Information, Message = "Tutor {TutorId} paired with student {StudentId} as pair {PairId}")]
        public static partial void Paired(ILogger logger, string tutorId, string studentId, string pairId);

        [LoggerMessage(EventId = 9612, Level = LogLevel.Information, Message = "Pair {PairId} of tutor {TutorId} ended by {By}")]
        public static partial void Ended(ILogger logger, string tutorId, string pairId, string by);

        [LoggerMessage(EventId = 9613, Level = LogLevel.Warning, Message = "Pair {PairId} of tutor {TutorId} not synced now ({Error}): its outbox row will")]
        public static partial void SyncLater(ILogger logger, string tutorId, string pairId, string error);
    }
}

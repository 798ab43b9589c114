using TutorBot.Delivery;
using TutorBot.Features.Roster;
using TutorBot.Features.Workshops;

namespace TutorBot.Features.Pairing;

/// <summary>Reads what a pairing card names (names, class, school, company) for the handlers; null parts are shown as empty.</summary>
public sealed class PairingParties(PairingStore store, RosterStore roster, RosterPlaces places)
{
    public async Task<(RosterPerson? Student, PairingTutor? Tutor, string SchoolName, string CompanyName)> LoadAsync(Pair pair, CancellationToken cancellationToken)
    {
        var student = (await roster.GetAsync(RosterKeys.SchoolPartition(pair.SchoolUai), pair.StudentId, cancellationToken))?.Person;
        var tutor = await store.TutorAsync(pair.TutorId, cancellationToken);
        var schools = await places.SchoolsAsync(cancellationToken);
        var organisations = await places.OrganisationsAsync(cancellationToken);
        return (student, tutor, schools.GetValueOrDefault(pair.SchoolUai)?.Name ?? "", tutor is null ? "" : organisations.GetValueOrDefault(tutor.OrganisationId)?.Name ?? "");
    }

    /// <summary>The pair a row names, or the outcome for a row whose change has not committed (later) or lost (dropped).</summary>
    public static async Task<(Pair? Pair, DeliveryOutcome? Outcome)> PairOfAsync(PairingStore store, OutboxRow row, TimeProvider clock, CancellationToken cancellationToken)
    {
        var payload = PairingRowPayload.Of(row);
        if (await store.GetPairAsync(payload.TutorId, payload.PairId, cancellationToken) is { Pair: var pair })
        {
            return (pair, null);
        }

        return (null, clock.GetUtcNow() - row.DueUtc < PairingRows.CommitWait
            ? DeliveryOutcome.Later("pair not written yet", TimeSpan.FromSeconds(5))
            : DeliveryOutcome.Dropped("no such pair"));
    }
}

/// <summary>Keeps the projections in step with the pair (no message).</summary>
public sealed class PairingSyncHandler(PairingSync sync, TimeProvider clock) : IOutboxHandler
{
    public string Kind => PairingRowKinds.Sync;

    public bool UsesConnector => false;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var payload = PairingRowPayload.Of(row);
        if (await sync.SyncAsync(payload.TutorId, payload.PairId, cancellationToken))
        {
            return DeliveryOutcome.Sent();
        }

        return clock.GetUtcNow() - row.DueUtc < PairingRows.CommitWait ? DeliveryOutcome.Later("pair not written yet", TimeSpan.FromSeconds(5)) : DeliveryOutcome.Dropped("no such pair");
    }
}

/// <summary>The introduction card to the tutor or the student of a new, still active pair.</summary>
public sealed class IntroductionHandler(PairingStore store, PairingParties parties, PairingCards cards, PairingMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    public string Kind => PairingRowKinds.Introduction;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var (pair, outcome) = await PairingParties.PairOfAsync(store, row, clock, cancellationToken);
        if (pair is null || !pair.IsActive)
        {
            return outcome ?? DeliveryOutcome.Dropped("pair ended");
        }

        var (student, tutor, schoolName, companyName) = await parties.LoadAsync(pair, cancellationToken);
        var role = PairingRowPayload.Of(row).Role;
        return role == PairingRoles.Tutor
            ? await messenger.SendOnceAsync(row, pair.TutorId, pair.TutorId, () => cards.TutorIntroduction(pair, student?.DisplayName ?? "", student?.ClassName ?? "", schoolName), cancellationToken)
            : await messenger.SendOnceAsync(row, pair.TutorId, pair.StudentId, () => cards.StudentIntroduction(pair, tutor?.Name ?? "", companyName), cancellationToken);
    }
}

/// <summary>An end request: one decision row per coordinator of the programme.</summary>
public sealed class EndRequestedHandler(PairingStore store, WorkshopAudience audience, OutboxStore outbox, TimeProvider clock) : IOutboxHandler
{
    public string Kind => PairingRowKinds.EndRequested;

    public bool UsesConnector => false;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var (pair, outcome) = await PairingParties.PairOfAsync(store, row, clock, cancellationToken);
        if (pair is not { Status: PairStatus.EndRequested })
        {
            return outcome ?? (clock.GetUtcNow() - row.DueUtc < PairingRows.CommitWait ? DeliveryOutcome.Later("request not written yet", TimeSpan.FromSeconds(5)) : DeliveryOutcome.Dropped("no end request"));
        }

        var coordinators = await audience.CoordinatorsAsync(cancellationToken);
        await outbox.PlanAsync(coordinators.Select(id => PairingRows.EndDecision(pair, row.TenantId, id, row.DueUtc)), cancellationToken);
        return DeliveryOutcome.Sent();
    }
}

/// <summary>A coordinator's decision card, while the request waits.</summary>
public sealed class EndDecisionHandler(PairingStore store, PairingParties parties, PairingCards cards, PairingMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    public string Kind => PairingRowKinds.EndDecision;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var (pair, outcome) = await PairingParties.PairOfAsync(store, row, clock, cancellationToken);
        if (pair is not { Status: PairStatus.EndRequested } || row.RecipientId is not { } coordinatorId)
        {
            return outcome ?? DeliveryOutcome.Dropped("decided already");
        }

        var (student, tutor, _, _) = await parties.LoadAsync(pair, cancellationToken);
        var requester = pair.EndRequestedBy == pair.TutorId ? tutor?.Name : student?.DisplayName;
        return await messenger.SendOnceAsync(row, pair.TutorId, coordinatorId, () => cards.Decision(pair, requester ?? "", tutor?.Name ?? "", student?.DisplayName ?? ""), cancellationToken);
    }
}

/// <summary>Tells each side that the pair ended, or that the request to end it was declined, naming the other side.</summary>
public sealed class PairOutcomeHandler(string kind, PairingStore store, PairingParties parties, PairingCards cards, PairingMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    public string Kind => kind;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var (pair, outcome) = await PairingParties.PairOfAsync(store, row, clock, cancellationToken);
        var wanted = kind == PairingRowKinds.Ended ? pair?.Status == PairStatus.Ended : pair?.Status == PairStatus.Active;
        if (pair is null || !wanted)
        {
            return outcome ?? (clock.GetUtcNow() - row.DueUtc < PairingRows.CommitWait ? DeliveryOutcome.Later("decision not written yet", TimeSpan.FromSeconds(5)) : DeliveryOutcome.Dropped("not " + kind));
        }

        var (student, tutor, _, _) = await parties.LoadAsync(pair, cancellationToken);
        var key = kind == PairingRowKinds.Ended ? "Ended_Text" : "Declined_Text";
        return PairingRowPayload.Of(row).Role == PairingRoles.Tutor
            ? await messenger.SendOnceAsync(row, pair.TutorId, pair.TutorId, () => cards.Notice(key, student?.DisplayName ?? ""), cancellationToken)
            : await messenger.SendOnceAsync(row, pair.TutorId, pair.StudentId, () => cards.Notice(key, tutor?.Name ?? ""), cancellationToken);
    }
}

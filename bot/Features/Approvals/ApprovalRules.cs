using TutorBot.Delivery;
using TutorBot.Features.Roster;

namespace TutorBot.Features.Approvals;

/// <summary>The facts a decision leaves in the audit log, and how long a row waits for the write it was planned for.</summary>
public static class ApprovalRules
{
    /// <summary>A row planned before its change is written waits this long for it, then is dropped as a lost race.</summary>
    public static readonly TimeSpan CommitWait = TimeSpan.FromSeconds(10);

    public static AuditFact RequestedFact(BatRequest r) => new(
        $"bat/{r.OrganisationId}/{r.Id}/requested", AuditKinds.Requested, r.CreatedAt, r.RequesterId, r.OrganisationId, r.LogoHash, r.Medium, RequestId: r.Id, Detail: r.DraftHash);

    public static IEnumerable<AuditFact> DecisionFacts(BatRequest r)
    {
        if (r.Status == BatStatus.Expired)
        {
            yield return new($"bat/{r.OrganisationId}/{r.Id}/expired", AuditKinds.Expired, r.DecidedAt ?? r.To, null, r.OrganisationId, r.LogoHash, r.Medium, RequestId: r.Id);
            yield break;
        }

        yield return new($"bat/{r.OrganisationId}/{r.Id}/decided", AuditKinds.Decided, r.DecidedAt ?? r.CreatedAt, r.DecidedBy, r.OrganisationId, r.LogoHash, r.Medium, RequestId: r.Id, Detail: r.Status);
        if (r.ToGrant() is { } g)
        {
            yield return new($"grant/{g.OrganisationId}/{g.Id}/granted", AuditKinds.Granted, g.GrantedAt, r.DecidedBy, g.OrganisationId, g.LogoHash, g.Medium, RequestId: g.Id, Detail: g.ContentHash);
        }
    }

    public static AuditFact RevokedFact(Grant g) => new(
        $"grant/{g.OrganisationId}/{g.Id}/revoked", AuditKinds.Revoked, g.RevokedAt!.Value, g.RevokedBy, g.OrganisationId, g.LogoHash, g.Medium, RequestId: g.Id);
}

/// <summary>What a decision attempt did: the outcome, and the request as it stands (decided, or as found).</summary>
public sealed record DecisionAttempt(DecisionOutcome Outcome, BatRequest Request);

/// <summary>
/// One decision, from a Teams card or the coordinator page: one load, the rules of <see cref="BatRequest"/>, then
/// the rows it needs (planned first, each checks the write happened) and one conditional write under the request's
/// ETag (with the grant, in the same transaction). A write that loses its race reads the winner's decision (409).
/// </summary>
public sealed class BatDecider(ApprovalStore store, OutboxStore outbox, TimeProvider clock)
{
    public async Task<DecisionAttempt?> DecideAsync(string organisationId, string requestId, RosterPerson? decider, string? decision, string? comment, CancellationToken cancellationToken)
    {
        if (await store.RequestAsync(organisationId, requestId, cancellationToken) is not { } found)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var (outcome, decided) = found.Request.Decide(decider, decision, comment, now);
        if (outcome != DecisionOutcome.Decided)
        {
            return new(outcome, decided);
        }

        await outbox.PlanAsync(ApprovalRows.ForDecision(decided, now), cancellationToken);
        if (await store.SaveDecisionAsync(decided, found.ETag, cancellationToken))
        {
            return new(DecisionOutcome.Decided, decided);
        }

        var winner = await store.RequestAsync(organisationId, requestId, cancellationToken);
        return new(DecisionOutcome.AlreadyDecided, winner?.Request ?? found.Request);
    }
}

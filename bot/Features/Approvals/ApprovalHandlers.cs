using TutorBot.Delivery;

namespace TutorBot.Features.Approvals;

/// <summary>The decision card (and its reminder) to one correspondent of the partner, while the request waits.</summary>
public sealed class DecisionCardHandler(ApprovalStore store, ApprovalMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    public string Kind => ApprovalRowKinds.DecisionCard;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var p = ApprovalRowPayload.Of(row);
        var found = await store.RequestAsync(p.Org, p.Id, cancellationToken);
        if (found is null && clock.GetUtcNow() - row.DueUtc < ApprovalRules.CommitWait && row.Kind == ApprovalRowKinds.DecisionCard)
        {
            return DeliveryOutcome.Later("request not written yet", TimeSpan.FromSeconds(1));
        }

        if (found is not { Request: { } r } || !r.IsPending || clock.GetUtcNow() >= r.To || row.RecipientId is null || p.Partition is null)
        {
            return DeliveryOutcome.Dropped("request no longer waiting");
        }

        var facts = await messenger.FactsAsync(r, withPreview: true, cancellationToken, (p.Partition, row.RecipientId));
        var reminder = row.Kind == ApprovalRowKinds.Reminder;
        return await messenger.SendAsync(row, p.Partition, row.RecipientId, () => ApprovalCards.Decision(r, facts, reminder), cancellationToken);
    }
}

public sealed class ReminderHandler(ApprovalStore store, ApprovalMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    private readonly DecisionCardHandler _card = new(store, messenger, clock);

    public string Kind => ApprovalRowKinds.Reminder;

    public Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken) => _card.HandleAsync(row, cancellationToken);
}

/// <summary>The answer to the requester, once the decision (or the expiry) is written.</summary>
public sealed class AnswerHandler(ApprovalStore store, ApprovalMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    public string Kind => ApprovalRowKinds.Answer;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var p = ApprovalRowPayload.Of(row);
        switch (await store.RequestAsync(p.Org, p.Id, cancellationToken))
        {
            case { Request.IsPending: true } when clock.GetUtcNow() - row.DueUtc < ApprovalRules.CommitWait:
                return DeliveryOutcome.Later("decision not written yet", TimeSpan.FromSeconds(1));
            case { Request: { IsPending: false } r }:
                var facts = await messenger.FactsAsync(r, withPreview: false, cancellationToken);
                return await messenger.SendAsync(row, r.RequesterPartition, r.RequesterId, () => ApprovalCards.Answer(r, facts), cancellationToken);
            default:
                return DeliveryOutcome.Dropped("no decision was written");
        }
    }
}

/// <summary>Chains the decision, and the grant an approval made, into the audit log (idempotent: keyed by request).</summary>
public sealed class DecisionAuditHandler(ApprovalStore store, AuditLog audit, TimeProvider clock) : IOutboxHandler
{
    public string Kind => ApprovalRowKinds.Audit;

    public bool UsesConnector => false;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var p = ApprovalRowPayload.Of(row);
        switch (await store.RequestAsync(p.Org, p.Id, cancellationToken))
        {
            case { Request.IsPending: true } when clock.GetUtcNow() - row.DueUtc < ApprovalRules.CommitWait:
                return DeliveryOutcome.Later("decision not written yet", TimeSpan.FromSeconds(1));
            case { Request: { IsPending: false } r }:
                foreach (var fact in ApprovalRules.DecisionFacts(r))
                {
                    await audit.AppendAsync(fact, cancellationToken);
                }

                return DeliveryOutcome.Sent();
            default:
                return DeliveryOutcome.Dropped("no decision was written");
        }
    }
}

/// <summary>
/// The end of a request's period: unanswered, it expires (written under its ETag, the requester told, the audit log
/// told); approved, its grant's end is chained into the audit log unless it was revoked before.
/// </summary>
public sealed class ExpiryHandler(ApprovalStore store, AuditLog audit, OutboxStore outbox, TimeProvider clock) : IOutboxHandler
{
    public string Kind => ApprovalRowKinds.Expiry;

    public bool UsesConnector => false;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var p = ApprovalRowPayload.Of(row);
        var now = clock.GetUtcNow();
        if (await store.RequestAsync(p.Org, p.Id, cancellationToken) is not { } found)
        {
            return DeliveryOutcome.Dropped("no request");
        }

        var (r, etag) = found;
        if (r.ShouldExpire(now))
        {
            var expired = r.Expire(now);
            await outbox.PlanAsync(ApprovalRows.ForDecision(expired, now), cancellationToken);
            return await store.SaveDecisionAsync(expired, etag, cancellationToken)
                ? DeliveryOutcome.Sent()
                : DeliveryOutcome.Later("decided meanwhile", TimeSpan.Zero);
        }

        if (r.Status == BatStatus.Approved && await store.GrantAsync(r.OrganisationId, r.Id, cancellationToken) is { Grant: { RevokedAt: null } g } && now >= g.To)
        {
            await audit.AppendAsync(new AuditFact($"grant/{g.OrganisationId}/{g.Id}/expired", AuditKinds.GrantExpired, g.To, null, g.OrganisationId, g.LogoHash, g.Medium, RequestId: g.Id), cancellationToken);
            return DeliveryOutcome.Sent();
        }

        return DeliveryOutcome.Dropped("nothing ends now");
    }
}

/// <summary>Tells one user of a revoked grant that it was revoked.</summary>
public sealed class RevokedHandler(ApprovalStore store, ApprovalMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    public string Kind => ApprovalRowKinds.Revoked;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var p = ApprovalRowPayload.Of(row);
        switch (await store.GrantAsync(p.Org, p.Id, cancellationToken))
        {
            case { Grant.RevokedAt: null } when clock.GetUtcNow() - row.DueUtc < ApprovalRules.CommitWait:
                return DeliveryOutcome.Later("revocation not written yet", TimeSpan.FromSeconds(1));
            case { Grant: { RevokedAt: not null } g } when row.RecipientId is { } person && p.Partition is { } partition:
                var partner = await messenger.OrganisationNameAsync(g.OrganisationId, cancellationToken);
                return await messenger.SendAsync(row, partition, person, () => ApprovalCards.Revoked(g, partner), cancellationToken);
            default:
                return DeliveryOutcome.Dropped("not revoked");
        }
    }
}

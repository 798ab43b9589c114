using System.Text.Json;
using TutorBot.Delivery;

namespace TutorBot.Features.Approvals;

/// <summary>The outbox kinds of the BAT workflow: every card it sends, and its timed changes.</summary>
public static class ApprovalRowKinds
{
    /// <summary>The decision card, to each correspondent of the partner that owns the logo.</summary>
    public const string DecisionCard = "bat.decisionCard";

    /// <summary>The decision card again, marked as a reminder, when nobody answered after <c>Approvals:ReminderDelay</c>.</summary>
    public const string Reminder = "bat.reminder";

    /// <summary>At the end of the period: an unanswered request expires; a grant's end is recorded in the audit log.</summary>
    public const string Expiry = "bat.expiry";

    /// <summary>The decision (or the expiry), to the requester.</summary>
    public const string Answer = "bat.answer";

    /// <summary>Chains a decision and the grant it made into the audit log, once the decision is written.</summary>
    public const string Audit = "bat.audit";

    /// <summary>A revoked grant, told to each person who used it.</summary>
    public const string Revoked = "bat.revoked";
}

/// <summary>What a BAT row carries: the partner organisation, the request (or grant) id, the recipient's roster partition.</summary>
public sealed record ApprovalRowPayload(string Org, string Id, string? Partition = null)
{
    public static ApprovalRowPayload Of(OutboxRow row) => JsonSerializer.Deserialize<ApprovalRowPayload>(row.Payload ?? "{}", Json) ?? new("", "");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

public static class ApprovalRows
{
    private static string Prefix(BatRequest r) => $"bat/{r.OrganisationId}/{r.Id}/";

    private static OutboxRow Row(string kind, BatRequest r, string what, DateTimeOffset due, string? recipient, string? partition = null) =>
        OutboxRow.Create(kind, Prefix(r) + what, due, null, recipient, new ApprovalRowPayload(r.OrganisationId, r.Id, partition).ToJson(), group: Prefix(r) + what);

    /// <summary>What a new request plans: a card and a reminder per correspondent, and its expiry.</summary>
    public static IEnumerable<OutboxRow> ForNewRequest(BatRequest r, IReadOnlyList<string> correspondents, string correspondentPartition, TimeSpan reminderDelay)
    {
        foreach (var id in correspondents)
        {
            yield return Row(ApprovalRowKinds.DecisionCard, r, "decide/" + id, r.CreatedAt, id, correspondentPartition);
            if (r.CreatedAt + reminderDelay < r.To)
            {
                yield return Row(ApprovalRowKinds.Reminder, r, "remind/" + id, r.CreatedAt + reminderDelay, id, correspondentPartition);
            }
        }

        yield return Row(ApprovalRowKinds.Expiry, r, "expire", r.To, null);
    }

    /// <summary>What a decision plans, before it is written (each row checks that it was).</summary>
    public static IEnumerable<OutboxRow> ForDecision(BatRequest r, DateTimeOffset now)
    {
        yield return Row(ApprovalRowKinds.Audit, r, "audit", now, null);
        yield return Row(ApprovalRowKinds.Answer, r, "answer", now, r.RequesterId, r.RequesterPartition);
    }

    public static OutboxRow RevokedNotice(Grant g, string personId, string personPartition, DateTimeOffset now) =>
        OutboxRow.Create(ApprovalRowKinds.Revoked, $"grant/{g.OrganisationId}/{g.Id}/revoked/{personId}", now, null, personId, new ApprovalRowPayload(g.OrganisationId, g.Id, personPartition).ToJson());
}

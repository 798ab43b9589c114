using Azure;
using Azure.Data.Tables;
using TutorBot.Storage;

namespace TutorBot.Features.Approvals;

/// <summary>
/// The Approvals table. One partition per partner organisation (<c>bat|{org}</c>) holds its requests, its grants and
/// who used each grant, so a decision and the grant it makes are one entity-group transaction under the request's ETag.
/// </summary>
public sealed class ApprovalStore(Tables tables)
{
    public const string Table = "Approvals";
    public const string DraftContainer = "batdrafts";

    public TableClient Approvals => tables[Table];

    public static string Partition(string organisationId) => "bat|" + organisationId;

    public static string RequestRow(string id) => "request|" + id;

    public static string GrantRow(string id) => "grant|" + id;

    public static string UseRow(string grantId, string personId) => $"use|{grantId}|{personId}";

    public Task AddRequestAsync(BatRequest request, CancellationToken cancellationToken) =>
        Approvals.AddEntityAsync(ToEntity(request), cancellationToken);

    public async Task<(BatRequest Request, ETag ETag)?> RequestAsync(string organisationId, string id, CancellationToken cancellationToken)
    {
        var found = await Approvals.GetEntityIfExistsAsync<TableEntity>(Partition(organisationId), RequestRow(id), cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } e ? (ToRequest(e), e.ETag) : null;
    }

    /// <summary>
    /// Writes the decided (or expired) request if it is still at <paramref name="etag"/>, with the grant an approval
    /// makes, in one transaction. False when someone else changed it first (412).
    /// </summary>
    public async Task<bool> SaveDecisionAsync(BatRequest decided, ETag etag, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, ToEntity(decided), etag) };
        if (decided.ToGrant() is { } grant)
        {
            actions.Add(new(TableTransactionActionType.Add, ToEntity(grant)));
        }

        try
        {
            await Approvals.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409)
        {
            return false;
        }
    }

    /// <summary>A request's state for the requester: those of one requester, newest first (a filtered scan: few rows).</summary>
    public async Task<List<BatRequest>> RequestsOfAsync(string requesterId, CancellationToken cancellationToken)
    {
        var result = new List<BatRequest>();
        var filter = TableClient.CreateQueryFilter($"RequesterId eq {requesterId}");
        await foreach (var e in Approvals.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(ToRequest(e));
        }

        return [.. result.OrderByDescending(r => r.CreatedAt)];
    }

    public async Task<List<Grant>> GrantsAsync(string organisationId, CancellationToken cancellationToken)
    {
        var partition = Partition(organisationId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"grant|"} and RowKey lt {"grant}"}");
        var result = new List<Grant>();
        await foreach (var e in Approvals.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(ToGrant(e));
        }

        return result;
    }

    public async Task<(Grant Grant, ETag ETag)?> GrantAsync(string organisationId, string id, CancellationToken cancellationToken)
    {
        var found = await Approvals.GetEntityIfExistsAsync<TableEntity>(Partition(organisationId), GrantRow(id), cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } e ? (ToGrant(e), e.ETag) : null;
    }

    /// <summary>Writes a grant (tests and the BAT workflow's transaction use the same shape).</summary>
    public Task AddGrantAsync(Grant grant, CancellationToken cancellationToken) => Approvals.AddEntityAsync(ToEntity(grant), cancellationToken);

    /// <summary>Replaces the grant if it is still at <paramref name="etag"/>; false on a 412.</summary>
    public async Task<bool> UpdateGrantAsync(Grant grant, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Approvals.UpdateEntityAsync(ToEntity(grant), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Remembers that a person used a grant (an insertion of its logo), so a revocation can tell them.</summary>
    public Task RecordUseAsync(Grant grant, string personId, string personPartition, CancellationToken cancellationToken) =>
        Approvals.UpsertEntityAsync(
            new TableEntity(Partition(grant.OrganisationId), UseRow(grant.Id, personId)) { ["PersonId"] = personId, ["PersonPartition"] = personPartition },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>Who used a grant: (person id, roster partition).</summary>
    public async Task<List<(string PersonId, string PersonPartition)>> UsersAsync(Grant grant, CancellationToken cancellationToken)
    {
        var prefix = $"use|{grant.Id}|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(grant.OrganisationId)} and RowKey ge {prefix} and RowKey lt {prefix + "\uffff"}");
        var result = new List<(string, string)>();
        await foreach (var e in Approvals.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add((e.GetString("PersonId"), e.GetString("PersonPartition")));
        }

        return result;
    }

    private static TableEntity ToEntity(BatRequest r) => new(Partition(r.OrganisationId), RequestRow(r.Id))
    {
        ["LogoHash"] = r.LogoHash,
        ["Medium"] = r.Medium,
        ["From"] = r.From,
        ["To"] = r.To,
        ["DraftHash"] = r.DraftHash,
        ["DraftContentType"] = r.DraftContentType,
        ["DraftBytes"] = r.DraftBytes,
        ["RequesterId"] = r.RequesterId,
        ["RequesterPartition"] = r.RequesterPartition,
        ["RequesterOrganisationId"] = r.RequesterOrganisationId,
        ["CreatedAt"] = r.CreatedAt,
        ["Status"] = r.Status,
        ["DecidedBy"] = r.DecidedBy,
        ["DecidedAt"] = r.DecidedAt,
        ["Comment"] = r.Comment,
    };

    private static BatRequest ToRequest(TableEntity e) => new(
        e.RowKey["request|".Length..],
        e.PartitionKey["bat|".Length..],
        e.GetString("LogoHash"),
        e.GetString("Medium"),
        e.GetDateTimeOffset("From") ?? default,
        e.GetDateTimeOffset("To") ?? default,
        e.GetString("DraftHash"),
        e.GetString("DraftContentType"),
        e.GetInt64("DraftBytes") ?? 0,
        e.GetString("RequesterId"),
        e.GetString("RequesterPartition"),
        e.GetString("RequesterOrganisationId"),
        e.GetDateTimeOffset("CreatedAt") ?? default,
        e.GetString("Status") ?? BatStatus.Pending,
        e.GetString("DecidedBy"),
        e.GetDateTimeOffset("DecidedAt"),
        e.GetString("Comment"));

    private static TableEntity ToEntity(Grant g) => new(Partition(g.OrganisationId), GrantRow(g.Id))
    {
        ["LogoHash"] = g.LogoHash,
        ["Medium"] = g.Medium,
        ["From"] = g.From,
        ["To"] = g.To,
        ["ContentHash"] = g.ContentHash,
        ["GranteeOrganisationId"] = g.GranteeOrganisationId,
        ["GrantedAt"] = g.GrantedAt,
        ["RevokedAt"] = g.RevokedAt,
        ["RevokedBy"] = g.RevokedBy,
    };

    private static Grant ToGrant(TableEntity e) => new(
        e.RowKey["grant|".Length..],
        e.PartitionKey["bat|".Length..],
        e.GetString("LogoHash"),
        e.GetString("Medium"),
        e.GetDateTimeOffset("From") ?? default,
        e.GetDateTimeOffset("To") ?? default,
        e.GetString("ContentHash") ?? "",
        e.GetString("GranteeOrganisationId") ?? "",
        e.GetDateTimeOffset("GrantedAt") ?? default,
        e.GetDateTimeOffset("RevokedAt"),
        e.GetString("RevokedBy"));
}

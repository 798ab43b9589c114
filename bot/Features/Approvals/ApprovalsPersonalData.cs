using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using TutorBot.Privacy;

namespace TutorBot.Features.Approvals;

/// <summary>
/// Logo approvals naming the person: requests they made or decided and grants they revoked keep the fact under an
/// anonymous id (the partner's proof of approval), with the Comment they typed on a decision cleared; their use rows
/// are deleted. The audit log is exported, never rewritten: its chain is append-only and the actor id stops resolving.
/// </summary>
public sealed class ApprovalsPersonalData(ApprovalStore store, AuditLog audit) : IPersonalData
{
    private static readonly string[] PersonColumns = ["RequesterId", "DecidedBy", "RevokedBy", "PersonId"];

    public string Name => "approvals";

    public async Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        var rows = new JsonArray();
        await foreach (var e in RowsAsync(subject, cancellationToken))
        {
            var row = new JsonObject { ["organisationId"] = e.PartitionKey["bat|".Length..], ["row"] = e.RowKey };
            foreach (var column in new[] { "Status", "Medium", "LogoHash", "RequesterId", "DecidedBy", "Comment", "RevokedBy", "PersonId" })
            {
                if (e.GetString(column) is { } value)
                {
                    row[column] = value;
                }
            }

            foreach (var column in new[] { "From", "To", "CreatedAt", "DecidedAt", "RevokedAt" })
            {
                if (e.GetDateTimeOffset(column) is { } at)
                {
                    row[column] = at;
                }
            }

            rows.Add(row);
        }

        var entries = new JsonArray();
        foreach (var entry in (await audit.ReadAsync(cancellationToken)).Where(a => subject.Is(a.Fact.ActorId)))
        {
            entries.Add(new JsonObject
            {
                ["seq"] = entry.Seq,
                ["kind"] = entry.Fact.Kind,
                ["at"] = entry.Fact.At,
                ["organisationId"] = entry.Fact.OrganisationId,
                ["requestId"] = entry.Fact.RequestId,
                ["medium"] = entry.Fact.Medium,
            });
        }

        return rows.Count + entries.Count > 0 ? new JsonObject { ["rows"] = rows, ["audit"] = entries } : null;
    }

    public async Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        var found = new List<TableEntity>();
        await foreach (var e in RowsAsync(subject, cancellationToken))
        {
            found.Add(e);
        }

        foreach (var e in found)
        {
            if (e.RowKey.StartsWith("use|", StringComparison.Ordinal))
            {
                try
                {
                    await store.Approvals.DeleteEntityAsync(e.PartitionKey, e.RowKey, ETag.All, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // Deleted by an earlier run of the job.
                }

                continue;
            }

            if (subject.Is(e.GetString("DecidedBy")))
            {
                e.Remove("Comment");
            }

            foreach (var column in PersonColumns.Where(c => subject.Is(e.GetString(c))))
            {
                e[column] = subject.AnonymousId;
            }

            await store.Approvals.UpdateEntityAsync(e, ETag.All, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>Requests, grants and use rows with one of the person's ids in a person column (a filtered scan: erasures are rare).</summary>
    private async IAsyncEnumerable<TableEntity> RowsAsync(PrivacySubject subject, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var id in subject.PersonIds)
        {
            var quoted = "'" + id.Replace("'", "''", StringComparison.Ordinal) + "'";
            var filter = string.Join(" or ", PersonColumns.Select(c => $"{c} eq {quoted}"));
            await foreach (var e in store.Approvals.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                yield return e;
            }
        }
    }
}

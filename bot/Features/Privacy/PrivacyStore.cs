using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TutorBot.Conversation;
using TutorBot.Privacy;
using TutorBot.Storage;

namespace TutorBot.Features.Privacy;

/// <summary>An erasure job: the record of who asked and when, the steps done, and (while it runs) whom it erases.</summary>
public sealed record ErasureJob(string Id, string State, IReadOnlyList<string> Steps, string RequestedBy, DateTimeOffset RequestedUtc, DateTimeOffset? FinishedUtc, PrivacySubject? Subject, string? Owner, DateTimeOffset? LeaseUntilUtc, ETag ETag);

public static class ErasureStates
{
    public const string Running = "running";
    public const string Done = "done";
}

/// <summary>
/// The <c>Privacy</c> table: erasure jobs (partition <c>erasure</c>, row = salted hash of the person id), the log of
/// exports and erasures (partition <c>audit</c>), the salt, and the retention job's lease. Records hold who asked,
/// when and the hash: never the erased data.
/// </summary>
public sealed class PrivacyStore(Tables tables, IOptions<PrivacyOptions> options)
{
    public const string Table = "Privacy";
    private const string ErasurePartition = "erasure";
    private const string AuditPartition = "audit";

    private byte[]? _salt;

    public TableClient Records => tables[Table];

    /// <summary>The salted hash of a person id (HMAC-SHA256, hex): what records keep instead of the id.</summary>
    public async Task<string> HashAsync(string personId, CancellationToken cancellationToken = default)
    {
        var salt = await SaltAsync(cancellationToken);
        return Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(personId)))[..32];
    }

    public async Task<ErasureJob?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Records.GetEntityIfExistsAsync<TableEntity>(ErasurePartition, ConversationStore.Key(id), cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? Job(e) : null;
    }

    /// <summary>Starts (or restarts, for a person erased before and added again) the job; the running one when there is one.</summary>
    public async Task<ErasureJob> StartAsync(string id, PrivacySubject subject, string requestedBy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(ErasurePartition, id)
        {
            ["State"] = ErasureStates.Running,
            ["Steps"] = "",
            ["Subject"] = JsonSerializer.Serialize(subject),
            ["RequestedBy"] = requestedBy,
            ["RequestedUtc"] = now,
        };
        for (var attempt = 0; ; attempt++)
        {
            var existing = await GetAsync(id, cancellationToken);
            try
            {
                if (existing is null)
                {
                    await Records.AddEntityAsync(entity, cancellationToken);
                }
                else if (existing.State == ErasureStates.Running)
                {
                    return existing;
                }
                else
                {
                    await Records.UpdateEntityAsync(entity, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return (await GetAsync(id, cancellationToken))!;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 5)
            {
                // Two coordinators at once: the other request's job is the one.
            }
        }
    }

    public async Task<IReadOnlyList<ErasureJob>> RunningAsync(CancellationToken cancellationToken = default)
    {
        var jobs = new List<ErasureJob>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ErasurePartition} and State eq {ErasureStates.Running}");
        await foreach (var e in Records.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            jobs.Add(Job(e));
        }

        return jobs;
    }

    /// <summary>Takes or renews the job's lease and records the steps done, under its ETag; null when another instance has it.</summary>
    public async Task<ErasureJob?> TryWriteAsync(ErasureJob job, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(ErasurePartition, job.Id)
        {
            ["Steps"] = string.Join(',', job.Steps),
            ["Owner"] = owner,
            ["LeaseUntilUtc"] = leaseUntil,
        };
        try
        {
            var response = await Records.UpdateEntityAsync(entity, job.ETag, TableUpdateMode.Merge, cancellationToken);
            return job with { Owner = owner, LeaseUntilUtc = leaseUntil, ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>Lets go of the job after a failed step, so the next poll (here or elsewhere) retries it at once.</summary>
    public async Task ReleaseAsync(ErasureJob job, CancellationToken cancellationToken = default)
    {
        try
        {
            await Records.UpdateEntityAsync(new TableEntity(ErasurePartition, job.Id) { ["Owner"] = "", ["LeaseUntilUtc"] = job.RequestedUtc }, job.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Taken over meanwhile.
        }
    }

    /// <summary>The job is done: only who asked, when, the hash and the steps remain; whom it erased is dropped.</summary>
    public async Task<bool> FinishAsync(ErasureJob job, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(ErasurePartition, job.Id)
        {
            ["State"] = ErasureStates.Done,
            ["Steps"] = string.Join(',', job.Steps),
            ["RequestedBy"] = job.RequestedBy,
            ["RequestedUtc"] = job.RequestedUtc,
            ["FinishedUtc"] = now,
        };
        try
        {
            await Records.UpdateEntityAsync(entity, job.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>One line of the privacy log: an export or an erasure, by whom, when, of which hashed person.</summary>
    public Task AuditAsync(string action, string by, string subjectHash, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Records.AddEntityAsync(
            new TableEntity(AuditPartition, (DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "|" + Guid.NewGuid().ToString("N")[..8])
            {
                ["Action"] = action,
                ["By"] = by,
                ["AtUtc"] = now,
                ["SubjectHash"] = subjectHash,
            },
            cancellationToken);

    /// <summary>The log lines about one hashed person (their export carries them).</summary>
    public async Task<List<TableEntity>> AuditOfAsync(string subjectHash, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        await foreach (var e in Records.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {AuditPartition} and SubjectHash eq {subjectHash}"), cancellationToken: cancellationToken))
        {
            rows.Add(e);
        }

        return rows;
    }

    private async Task<byte[]> SaltAsync(CancellationToken cancellationToken)
    {
        if (_salt is not null)
        {
            return _salt;
        }

        if (options.Value.HashSalt is { Length: > 0 } configured)
        {
            return _salt = Encoding.UTF8.GetBytes(configured);
        }

        var stored = await Records.GetEntityIfExistsAsync<TableEntity>("salt", "salt", cancellationToken: cancellationToken);
        if (!stored.HasValue)
        {
            try
            {
                await Records.AddEntityAsync(new TableEntity("salt", "salt") { ["Value"] = RandomNumberGenerator.GetBytes(32) }, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Another instance made it first: theirs is the salt.
            }

            stored = await Records.GetEntityIfExistsAsync<TableEntity>("salt", "salt", cancellationToken: cancellationToken);
        }

        return _salt = stored.Value!.GetBinary("Value");
    }

    private static ErasureJob Job(TableEntity e) => new(
        e.RowKey,
        e.GetString("State") ?? ErasureStates.Running,
        (e.GetString("Steps") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries),
        e.GetString("RequestedBy") ?? "",
        e.GetDateTimeOffset("RequestedUtc") ?? default,
        e.GetDateTimeOffset("FinishedUtc"),
        e.GetString("Subject") is { Length: > 0 } json ? JsonSerializer.Deserialize<PrivacySubject>(json) : null,
        e.GetString("Owner") is { Length: > 0 } owner ? owner : null,
        e.GetDateTimeOffset("LeaseUntilUtc"),
        e.ETag);
}

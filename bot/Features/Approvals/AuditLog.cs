using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TutorBot.Storage;

namespace TutorBot.Features.Approvals;

/// <summary>What an audit entry records (a constant of the code, never free text).</summary>
public static class AuditKinds
{
    public const string Requested = "bat.requested";
    public const string Decided = "bat.decided";
    public const string Expired = "bat.expired";
    public const string Granted = "grant.granted";
    public const string GrantExpired = "grant.expired";
    public const string Revoked = "grant.revoked";
    public const string Insertion = "addin.insertion";
    public const string SendBlocked = "send.blocked";
    public const string SendUnchecked = "send.unchecked";
}

/// <summary>
/// One fact of the partners' communication: who (an opaque roster id), when, which partner, logo version, medium,
/// message subject hash, request. Never a name, a text or a subject. <see cref="Key"/> makes an append idempotent.
/// </summary>
public sealed record AuditFact(
    string Key,
    string Kind,
    DateTimeOffset At,
    string? ActorId = null,
    string? OrganisationId = null,
    string? LogoHash = null,
    string? Medium = null,
    string? SubjectHash = null,
    string? RequestId = null,
    string? AgreementId = null,
    string? Detail = null);

/// <summary>A fact as chained: its number, the previous entry's hash, and its own hash over both.</summary>
public sealed record AuditEntry(long Seq, AuditFact Fact, string PreviousHash, string Hash)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>SHA-256 over the number, every field of the fact and the previous hash, in a fixed order.</summary>
    public static string HashOf(long seq, AuditFact f, string previousHash)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            seq, f.Key, f.Kind, f.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), f.ActorId, f.OrganisationId, f.LogoHash,
            f.Medium, f.SubjectHash, f.RequestId, f.AgreementId, f.Detail, previousHash,
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static AuditEntry Chain(long seq, AuditFact fact, string previousHash) => new(seq, fact, previousHash, HashOf(seq, fact, previousHash));
}

/// <summary>What verification found wrong, naming the entry: <c>changed</c>, <c>missing</c>, <c>unlinked</c>, <c>truncated</c>.</summary>
public sealed record AuditProblem(long Seq, string Problem);

public sealed record AuditVerification(long Entries, IReadOnlyList<AuditProblem> Problems)
{
    public bool Intact => Problems.Count == 0;

    /// <summary>Walks the chain in order: each entry's hash must be its own, follow the previous one, and no number may be skipped.</summary>
    public static AuditVerification Of(IReadOnlyList<AuditEntry> entries, long headSeq, string headHash)
    {
        var problems = new List<AuditProblem>();
        var expected = 1L;
        var previous = AuditEntry.Genesis;
        foreach (var entry in entries)
        {
            for (var missing = expected; missing < entry.Seq; missing++)
            {
                problems.Add(new AuditProblem(missing, "missing"));
            }

            if (AuditEntry.HashOf(entry.Seq, entry.Fact, entry.PreviousHash) != entry.Hash)
            {
                problems.Add(new AuditProblem(entry.Seq, "changed"));
            }
            else if (entry.PreviousHash != previous && entry.Seq == expected)
            {
                // Its own hash is right, but it does not follow the entry before: that one was rewritten.
                problems.Add(new AuditProblem(entry.Seq - 1, "changed"));
            }

            previous = entry.Hash;
            expected = entry.Seq + 1;
        }

        for (var missing = expected; missing <= headSeq; missing++)
        {
            problems.Add(new AuditProblem(missing, "missing"));
        }

        if (problems.Count == 0 && (entries.Count > 0 ? entries[^1].Hash : AuditEntry.Genesis) != headHash)
        {
            problems.Add(new AuditProblem(headSeq, "truncated"));
        }

        return new AuditVerification(entries.Count, problems);
    }
}

/// <summary>
/// The audit log: append-only and hash-chained, in one partition of the AuditLog table: entries by number
/// (<c>000000000001</c>…), a head row (last number and hash) and a key row per fact. An append writes the three in one
/// transaction under the head's ETag, so two appends never take the same number and a fact is never chained twice.
/// </summary>
public sealed partial class AuditLog(Tables tables, ILogger<AuditLog> logger)
{
    public const string Table = "AuditLog";
    public const string Partition = "chain";
    public const string Head = "head";

    public TableClient Entries => tables[Table];

    public static string EntryRow(long seq) => seq.ToString("D12", CultureInfo.InvariantCulture);

    public static string KeyRow(string key) => "key|" + Uri.EscapeDataString(key);

    /// <summary>Chains the fact unless a fact with its key is there already; returns the entry's number.</summary>
    public async Task<long> AppendAsync(AuditFact fact, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            var known = await Entries.GetEntityIfExistsAsync<TableEntity>(Partition, KeyRow(fact.Key), cancellationToken: cancellationToken);
            if (known.HasValue && known.Value is { } k)
            {
                return k.GetInt64("Seq") ?? 0;
            }

            var head = await Entries.GetEntityIfExistsAsync<TableEntity>(Partition, Head, cancellationToken: cancellationToken);
            var seq = (head.HasValue ? head.Value!.GetInt64("Seq") ?? 0 : 0) + 1;
            var entry = AuditEntry.Chain(seq, fact, head.HasValue ? head.Value!.GetString("Hash") : AuditEntry.Genesis);
            var newHead = new TableEntity(Partition, Head) { ["Seq"] = seq, ["Hash"] = entry.Hash };
            TableTransactionAction[] actions =
            [
                head.HasValue ? new(TableTransactionActionType.UpdateReplace, newHead, head.Value!.ETag) : new(TableTransactionActionType.Add, newHead),
                new(TableTransactionActionType.Add, ToEntity(entry)),
                new(TableTransactionActionType.Add, new TableEntity(Partition, KeyRow(fact.Key)) { ["Seq"] = seq }),
            ];
            try
            {
                await Entries.SubmitTransactionAsync(actions, cancellationToken);
                Log.Appended(logger, seq, fact.Kind);
                return seq;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 && attempt < 50)
            {
                // Another append took the number (or chained this fact): read again.
                await Task.Delay(Random.Shared.Next(5, 20 + (attempt * 10)), cancellationToken);
            }
        }
    }

    /// <summary>Every entry in order (the row keys sort by number; the head and key rows sort after them).</summary>
    public async Task<List<AuditEntry>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var result = new List<AuditEntry>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {"a"}");
        await foreach (var e in Entries.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(ToEntry(e));
        }

        return result;
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var entries = await ReadAsync(cancellationToken);
        var head = await Entries.GetEntityIfExistsAsync<TableEntity>(Partition, Head, cancellationToken: cancellationToken);
        var result = AuditVerification.Of(entries, head.HasValue ? head.Value!.GetInt64("Seq") ?? 0 : 0, head.HasValue ? head.Value!.GetString("Hash") : AuditEntry.Genesis);
        foreach (var problem in result.Problems)
        {
            Log.Tampered(logger, problem.Seq, problem.Problem);
        }

        return result;
    }

    private static TableEntity ToEntity(AuditEntry entry) => new(Partition, EntryRow(entry.Seq))
    {
        ["Seq"] = entry.Seq,
        ["Key"] = entry.Fact.Key,
        ["Kind"] = entry.Fact.Kind,
        ["At"] = entry.Fact.At,
        ["ActorId"] = entry.Fact.ActorId,
        ["OrganisationId"] = entry.Fact.OrganisationId,
        ["LogoHash"] = entry.Fact.LogoHash,
        ["Medium"] = entry.Fact.Medium,
        ["SubjectHash"] = entry.Fact.SubjectHash,
        ["RequestId"] = entry.Fact.RequestId,
        ["AgreementId"] = entry.Fact.AgreementId,
        ["Detail"] = entry.Fact.Detail,
        ["PreviousHash"] = entry.PreviousHash,
        ["Hash"] = entry.Hash,
    };

    private static AuditEntry ToEntry(TableEntity e) => new(
        e.GetInt64("Seq") ?? long.Parse(e.RowKey, CultureInfo.InvariantCulture),
        new AuditFact(
            e.GetString("Key") ?? "",
            e.GetString("Kind") ?? "",
            e.GetDateTimeOffset("At") ?? default,
            e.GetString("ActorId"),
            e.GetString("OrganisationId"),
            e.GetString("LogoHash"),
            e.GetString("Medium"),
            e.GetString("SubjectHash"),
            e.GetString("RequestId"),
            e.GetString("AgreementId"),
            e.GetString("Detail")),
        e.GetString("PreviousHash") ?? "",
        e.GetString("Hash") ?? "");

    private static partial class Log
    {
        [LoggerMessage(EventId = 1401, Level = LogLevel.Debug, Message = "Audit entry {Seq} appended ({Kind})")]
        public static partial void Appended(ILogger logger, long seq, string kind);

        [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Audit entry {Seq} fails verification: {Problem}")]
        public static partial void Tampered(ILogger logger, long seq, string problem);
    }
}

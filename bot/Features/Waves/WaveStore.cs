using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using TutorBot.Storage;

namespace TutorBot.Features.Waves;

/// <summary>
/// The <c>Waves</c> table: every wave's own row in partition <c>waves</c> (few, listed together), and per wave a
/// partition <c>w|{id}</c> of recipient rows (written 100 to a transaction) and the progress card's row. A wave's
/// row changes under its ETag; handlers read it through a cache of at most <see cref="StateCacheFor"/>, which is how
/// long a pause or a cancel takes to reach every instance.
/// </summary>
public sealed class WaveStore(Tables tables, TimeProvider clock)
{
    public const string Table = "Waves";
    public const string WavesPartition = "waves";
    public const string ProgressRow = "progress";

    public static readonly TimeSpan StateCacheFor = TimeSpan.FromSeconds(2);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // On the app's clock (not the memory cache's own), so "within seconds" is the same on a test's fake clock.
    private readonly ConcurrentDictionary<string, (Wave Wave, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public TableClient Client => tables[Table];

    public async Task AddAsync(Wave wave, CancellationToken cancellationToken = default) =>
        await Client.AddEntityAsync(ToEntity(wave), cancellationToken);

    public async Task<Wave?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Client.GetEntityIfExistsAsync<TableEntity>(WavesPartition, Conversation.ConversationStore.Key(id), cancellationToken: cancellationToken);
        var wave = response.HasValue && response.Value is { } e ? FromEntity(e) : null;
        if (wave is not null)
        {
            _cache[id] = (wave, clock.GetUtcNow() + StateCacheFor);
        }

        return wave;
    }

    /// <summary>The wave as read at most <see cref="StateCacheFor"/> ago on this instance: what every card row checks.</summary>
    public async Task<Wave?> GetCachedAsync(string id, CancellationToken cancellationToken = default) =>
        _cache.TryGetValue(id, out var cached) && cached.Until > clock.GetUtcNow() ? cached.Wave : await GetAsync(id, cancellationToken);

    /// <summary>Writes a changed wave under the ETag it was read with; false when someone changed it meanwhile.</summary>
    public async Task<bool> TryReplaceAsync(Wave wave, CancellationToken cancellationToken = default)
    {
        try
        {
            await Client.UpdateEntityAsync(ToEntity(wave), wave.ETag, TableUpdateMode.Replace, cancellationToken);
            _cache.TryRemove(wave.Id, out _);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Every wave, newest first (a programme sends tens a year).</summary>
    public async Task<IReadOnlyList<Wave>> ListAsync(CancellationToken cancellationToken = default)
    {
        var waves = new List<Wave>();
        await foreach (var e in Client.QueryAsync<TableEntity>(e => e.PartitionKey == WavesPartition, cancellationToken: cancellationToken))
        {
            waves.Add(FromEntity(e));
        }

        return [.. waves.OrderByDescending(w => w.CreatedUtc)];
    }

    /// <summary>Writes recipient rows without touching what they recorded (a plan written again changes nothing): 100 per transaction.</summary>
    public async Task PlanRecipientsAsync(string waveId, IEnumerable<WaveRecipient> recipients, CancellationToken cancellationToken = default)
    {
        // Merges: a recipient's state, written by its card, is kept when the plan runs again.
        await Parallel.ForEachAsync(recipients.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (chunk, ct) =>
            await Client.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(r.PartitionKey, r.RowKey)
            {
                [nameof(WaveRecipient.Role)] = r.Role,
                [nameof(WaveRecipient.SchoolId)] = r.SchoolId,
                [nameof(WaveRecipient.Chunk)] = r.Chunk,
                [nameof(WaveRecipient.Roster)] = r.Roster,
            })), ct));
    }

    public async Task<WaveRecipient?> GetRecipientAsync(string waveId, string personId, CancellationToken cancellationToken = default)
    {
        var response = await Client.GetEntityIfExistsAsync<WaveRecipient>(WaveRecipient.Partition(waveId), WaveRecipient.Row(personId), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Every recipient row of a wave (one partition query).</summary>
    public async Task<IReadOnlyList<WaveRecipient>> RecipientsAsync(string waveId, CancellationToken cancellationToken = default)
    {
        var partition = WaveRecipient.Partition(waveId);
        var rows = new List<WaveRecipient>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {WaveRecipient.Prefix} and RowKey lt {"r}"}");
        await foreach (var r in Client.QueryAsync<WaveRecipient>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            rows.Add(r);
        }

        return rows;
    }

    /// <summary>A recipient's change under the ETag it was read with; false when it changed meanwhile (another run, a click).</summary>
    public async Task<bool> TryReplaceRecipientAsync(WaveRecipient recipient, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Client.UpdateEntityAsync(recipient, recipient.ETag, TableUpdateMode.Replace, cancellationToken);
            recipient.ETag = response.Headers.ETag ?? recipient.ETag;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Records an outcome on a recipient, whatever else changed since (a click's answer is kept: only these columns are merged).</summary>
    public Task MergeRecipientAsync(string waveId, string personId, IDictionary<string, object?> columns, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(columns) { PartitionKey = WaveRecipient.Partition(waveId), RowKey = WaveRecipient.Row(personId) };
        return Client.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<TableEntity?> GetProgressAsync(string waveId, CancellationToken cancellationToken = default)
    {
        var response = await Client.GetEntityIfExistsAsync<TableEntity>(WaveRecipient.Partition(waveId), ProgressRow, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    public Task UpsertProgressAsync(string waveId, IDictionary<string, object?> columns, CancellationToken cancellationToken = default)
    {
        var entity = new TableEntity(columns) { PartitionKey = WaveRecipient.Partition(waveId), RowKey = ProgressRow };
        return Client.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    private static TableEntity ToEntity(Wave w) => new(WavesPartition, Conversation.ConversationStore.Key(w.Id))
    {
        ["Title"] = w.Title,
        ["Message"] = JsonSerializer.Serialize(w.Message, Json),
        ["Answers"] = JsonSerializer.Serialize(w.Answers, Json),
        ["Audience"] = JsonSerializer.Serialize(w.Audience, Json),
        ["NudgeAfterHours"] = w.NudgeAfterHours,
        ["State"] = w.State,
        ["CreatedBy"] = w.CreatedBy,
        ["CreatedUtc"] = w.CreatedUtc,
        ["Recipients"] = w.Recipients,
        ["SendAtUtc"] = w.SendAtUtc,
        ["StartedUtc"] = w.StartedUtc,
        ["Expanded"] = w.Expanded,
        ["Resumes"] = w.Resumes,
        ["ServiceUrl"] = w.ServiceUrl,
        ["BotId"] = w.BotId,
        ["TenantId"] = w.TenantId,
    };

    private static Wave FromEntity(TableEntity e) => new(
        e.RowKey,
        e.GetString("Title") ?? "",
        JsonSerializer.Deserialize<WaveText>(e.GetString("Message") ?? "{}", Json) ?? new WaveText(""),
        JsonSerializer.Deserialize<List<WaveText>>(e.GetString("Answers") ?? "[]", Json) ?? [],
        JsonSerializer.Deserialize<WaveAudience>(e.GetString("Audience") ?? "{}", Json) ?? new WaveAudience(AudienceKinds.Everyone),
        e.GetInt32("NudgeAfterHours"),
        e.GetString("State") ?? WaveStates.Draft,
        e.GetString("CreatedBy") ?? "",
        e.GetDateTimeOffset("CreatedUtc") ?? DateTimeOffset.MinValue,
        e.GetInt32("Recipients") ?? 0)
    {
        SendAtUtc = e.GetDateTimeOffset("SendAtUtc"),
        StartedUtc = e.GetDateTimeOffset("StartedUtc"),
        Expanded = e.GetBoolean("Expanded") ?? false,
        Resumes = e.GetInt32("Resumes") ?? 0,
        ServiceUrl = e.GetString("ServiceUrl"),
        BotId = e.GetString("BotId"),
        TenantId = e.GetString("TenantId"),
        ETag = e.ETag,
    };
}

using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using TutorBot.Protocol.Connector;
using TutorBot.Storage;

namespace TutorBot.Conversation;

/// <summary>
/// The conversation reference of each user (PLATFORM.md §1): stored when they install the app or write,
/// read for every proactive card. Keyed by tenant and Entra object id, the stable identity of a person.
/// </summary>
public sealed class ConversationStore(Tables tables)
{
    // References this instance already stored: spares a storage write on every turn.
    private readonly ConcurrentDictionary<string, (ConversationRef, string?)> _known = new(StringComparer.Ordinal);

    // Language preferences, read on every turn: cached briefly, so another instance's change shows within a minute.
    private readonly ConcurrentDictionary<string, (string? Language, DateTimeOffset Until)> _languages = new(StringComparer.Ordinal);

    private TableClient Table => tables[Tables.Conversations];

    public async Task SaveIfChangedAsync(string tenantId, string aadObjectId, ConversationRef reference, string? locale, CancellationToken cancellationToken = default)
    {
        var key = tenantId + "|" + aadObjectId;
        if (_known.TryGetValue(key, out var known) && known == (reference, locale))
        {
            return;
        }

        await SaveAsync(tenantId, aadObjectId, reference, locale, cancellationToken);
        _known[key] = (reference, locale);
    }

    public async Task SaveAsync(string tenantId, string aadObjectId, ConversationRef reference, string? locale, CancellationToken cancellationToken = default)
    {
        if (ObjectIds.Missing(aadObjectId))
        {
            // A row under an empty id would be found by the next person without one: it is nobody's.
            return;
        }

        var entity = new TableEntity(Key(tenantId), Key(aadObjectId))
        {
            ["ServiceUrl"] = reference.ServiceUrl,
            ["ConversationId"] = reference.ConversationId,
            ["UserId"] = reference.UserId,
            ["BotId"] = reference.BotId,
        };
        if (locale is not null)
        {
            // Installation and conversation updates carry no locale: they must not erase the one last seen.
            entity["Locale"] = locale;
        }

        // Merge keeps the Welcomed flag written by TryMarkWelcomedAsync.
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<(ConversationRef Reference, string? Locale)?> FindAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken = default)
    {
        if (ObjectIds.Missing(aadObjectId))
        {
            return null;
        }

        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Key(tenantId), Key(aadObjectId), cancellationToken: cancellationToken);
        if (!response.HasValue || response.Value is not { } e || e.GetString("ConversationId") is not { } conversationId)
        {
            return null;
        }

        return (new ConversationRef(e.GetString("ServiceUrl")!, conversationId, tenantId, e.GetString("UserId"), e.GetString("BotId")), e.GetString("Locale"));
    }

    /// <summary>
    /// Where the bot talks to someone in the tenant (the service URL and the bot's id of a stored chat, seen in a
    /// validated activity): a wave sent from the page by someone with no chat of their own opens new chats there.
    /// </summary>
    public async Task<(string ServiceUrl, string BotId)?> AnyEndpointAsync(string tenantId, CancellationToken cancellationToken = default)
    {
        var rows = Table.QueryAsync<TableEntity>(e => e.PartitionKey == Key(tenantId), maxPerPage: 20, select: ["ServiceUrl", "BotId"], cancellationToken: cancellationToken);
        await foreach (var e in rows)
        {
            if (e.GetString("ServiceUrl") is { Length: > 0 } serviceUrl && e.GetString("BotId") is { Length: > 0 } botId)
            {
                return (serviceUrl, botId);
            }
        }

        return null;
    }

    /// <summary>The language the person chose with the <c>français</c> / <c>english</c> command, overriding Teams' locale.</summary>
    public async Task<string?> GetLanguageAsync(string tenantId, string aadObjectId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        if (ObjectIds.Missing(aadObjectId))
        {
            return null;
        }

        var key = tenantId + "|" + aadObjectId;
        if (_languages.TryGetValue(key, out var cached) && cached.Until > now)
        {
            return cached.Language;
        }

        var response = await Table.GetEntityIfExistsAsync<TableEntity>(Key(tenantId), Key(aadObjectId), select: ["Language"], cancellationToken: cancellationToken);
        var language = response.HasValue ? response.Value?.GetString("Language") : null;
        _languages[key] = (language, now.AddMinutes(1));
        return language;
    }

    public async Task SetLanguageAsync(string tenantId, string aadObjectId, string language, CancellationToken cancellationToken = default)
    {
        if (ObjectIds.Missing(aadObjectId))
        {
            return;
        }

        await Table.UpsertEntityAsync(new TableEntity(Key(tenantId), Key(aadObjectId)) { ["Language"] = language, ["Locale"] = language }, TableUpdateMode.Merge, cancellationToken);
        _languages.TryRemove(tenantId + "|" + aadObjectId, out _);
        _known.TryRemove(tenantId + "|" + aadObjectId, out _);
    }

    /// <summary>True the first time for a conversation: installation and conversation updates both arrive, one welcome is enough.</summary>
    public async Task<bool> TryMarkWelcomedAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.AddEntityAsync(new TableEntity("welcomed", Key(conversationId)), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Whether a conversation was welcomed already (read only; see <see cref="TryMarkWelcomedAsync"/>).</summary>
    public async Task<bool> IsWelcomedAsync(string conversationId, CancellationToken cancellationToken = default) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>("welcomed", Key(conversationId), select: ["RowKey"], cancellationToken: cancellationToken)).HasValue;

    /// <summary>
    /// The person removed the app (installationUpdate <c>remove</c>): the reference goes, and a marker on the
    /// conversation id lets <see cref="RemovedConversations"/> refuse every send to it until they install again.
    /// </summary>
    public async Task RemoveAsync(string tenantId, string aadObjectId, string conversationId, CancellationToken cancellationToken = default)
    {
        if (ObjectIds.Missing(aadObjectId))
        {
            return;
        }

        await Table.UpsertEntityAsync(new TableEntity(RemovedPartition, Key(conversationId)) { ["TenantId"] = tenantId, ["ObjectId"] = aadObjectId }, TableUpdateMode.Replace, cancellationToken);
        await Table.UpsertEntityAsync(new TableEntity(RemovedPartition, RemovedPersonRow(tenantId, aadObjectId)) { ["ConversationId"] = conversationId }, TableUpdateMode.Replace, cancellationToken);
        await DeleteIfExistsAsync(Key(tenantId), Key(aadObjectId), cancellationToken);
        Uncache(tenantId, aadObjectId);
    }

    /// <summary>The person installed the app again: sends to them are allowed again.</summary>
    public async Task ReinstalledAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken = default)
    {
        if (ObjectIds.Missing(aadObjectId))
        {
            return;
        }

        var marker = await Table.GetEntityIfExistsAsync<TableEntity>(RemovedPartition, RemovedPersonRow(tenantId, aadObjectId), cancellationToken: cancellationToken);
        if (marker.HasValue && marker.Value?.GetString("ConversationId") is { } conversationId)
        {
            await DeleteIfExistsAsync(RemovedPartition, Key(conversationId), cancellationToken);
            await DeleteIfExistsAsync(RemovedPartition, RemovedPersonRow(tenantId, aadObjectId), cancellationToken);
        }
    }

    /// <summary>True when the conversation belongs to someone who removed the app.</summary>
    public async Task<bool> IsRemovedAsync(string conversationId, CancellationToken cancellationToken = default) =>
        (await Table.GetEntityIfExistsAsync<TableEntity>(RemovedPartition, Key(conversationId), select: ["PartitionKey"], cancellationToken: cancellationToken)).HasValue;

    /// <summary>Erasure: the reference, its welcomed row and any uninstall marker.</summary>
    public async Task ForgetAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Key(tenantId), Key(aadObjectId), cancellationToken: cancellationToken);
        if (row.HasValue && row.Value?.GetString("ConversationId") is { } conversationId)
        {
            await DeleteIfExistsAsync("welcomed", Key(conversationId), cancellationToken);
        }

        await ReinstalledAsync(tenantId, aadObjectId, cancellationToken);
        await DeleteIfExistsAsync(Key(tenantId), Key(aadObjectId), cancellationToken);
        Uncache(tenantId, aadObjectId);
    }

    private const string RemovedPartition = "removed";

    private static string RemovedPersonRow(string tenantId, string aadObjectId) => "person|" + Key(tenantId) + "|" + Key(aadObjectId);

    private void Uncache(string tenantId, string aadObjectId)
    {
        _known.TryRemove(tenantId + "|" + aadObjectId, out _);
        _languages.TryRemove(tenantId + "|" + aadObjectId, out _);
    }

    private async Task DeleteIfExistsAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Gone already: erasure and uninstall run again harmlessly.
        }
    }

    /// <summary>Row keys may not hold / \ # ? or control characters; Teams ids can.</summary>
    public static string Key(string value)
    {
        var buffer = value.Length <= 256 ? stackalloc char[value.Length] : new char[value.Length];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            buffer[i] = c is '/' or '\\' or '#' or '?' || char.IsControl(c) ? '_' : c;
        }

        return new string(buffer);
    }
}

using Azure;
using Azure.Data.Tables;
using TutorBot.Conversation;
using TutorBot.Storage;

namespace TutorBot.Features.Roster;

/// <summary>A roster person's Teams identity: tenant, Entra object id, and the Teams user id once the bot heard from them.</summary>
public sealed record IdentityLink(string TenantId, string ObjectId, string? TeamsUserId);

/// <summary>Where the app's proactive installation for a person stands.</summary>
public static class InstallStates
{
    /// <summary>Graph installed it (201) or it already was (409): the bot hears from them and links them.</summary>
    public const string Installed = "installed";

    /// <summary>Graph refused (403): a tenant admin must grant <see cref="RosterOptions.InstallPermission"/>.</summary>
    public const string WaitingForAdmin = "waitingForAdmin";

    /// <summary>Graph does not know them (404: not a user of the tenant) or the tries ran out.</summary>
    public const string NotReachable = "notReachable";
}

/// <summary>The people of the roster: the views of the coordinator page, edits, and who a signed-in caller is.</summary>
public sealed class RosterStore(Tables tables)
{
    public TableClient People => tables[RosterKeys.PeopleTable];

    public TableClient Index => tables[RosterKeys.IndexTable];

    public async Task<(RosterPerson Person, ETag ETag)?> GetAsync(string partition, string id, CancellationToken cancellationToken)
    {
        var response = await People.GetEntityIfExistsAsync<TableEntity>(partition, id, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? (RosterEntities.Person(e), e.ETag) : null;
    }

    /// <summary>One index read and one row read: how a Teams identity is linked by UPN.</summary>
    public async Task<(RosterPerson Person, ETag ETag)?> FindByLoginAsync(string login, CancellationToken cancellationToken)
    {
        var normalised = RosterKeys.NormaliseLogin(login);
        var index = await Index.GetEntityIfExistsAsync<TableEntity>(RosterKeys.LoginPartition(normalised), RosterKeys.LoginRow(normalised), cancellationToken: cancellationToken);
        return index.HasValue && index.Value is { } i ? await GetAsync(i.GetString("PersonPk"), i.GetString("PersonId"), cancellationToken) : null;
    }

    public async Task<RosterPerson?> FindByIdentityAsync(string tenantId, string objectId, CancellationToken cancellationToken)
    {
        var index = await Index.GetEntityIfExistsAsync<TableEntity>(RosterKeys.IdentityPartition(tenantId, objectId), ConversationStore.Key(objectId), cancellationToken: cancellationToken);
        return index.HasValue && index.Value is { } i ? (await GetAsync(i.GetString("PersonPk"), i.GetString("PersonId"), cancellationToken))?.Person : null;
    }

    /// <summary>
    /// Remembers which roster person an Entra object id is, so later calls need no UPN; and, beside the person's
    /// partition, which identity the person has, so a school's view tells who reaches the bot in one more query.
    /// </summary>
    public async Task LinkIdentityAsync(string tenantId, string objectId, RosterPerson person, CancellationToken cancellationToken) =>
        await LinkIdentityAsync(tenantId, objectId, null, person, cancellationToken);

    /// <summary>The same, with the person's Teams user id (<c>29:…</c>) when the bot heard from them: what their projection needs.</summary>
    public async Task LinkIdentityAsync(string tenantId, string objectId, string? teamsUserId, RosterPerson person, CancellationToken cancellationToken)
    {
        await Index.UpsertEntityAsync(
            new TableEntity(RosterKeys.IdentityPartition(tenantId, objectId), ConversationStore.Key(objectId))
            {
                ["PersonPk"] = RosterKeys.PartitionOf(person),
                ["PersonId"] = person.Id,
            },
            TableUpdateMode.Replace,
            cancellationToken);
        var link = new TableEntity(RosterKeys.LinkPartition(RosterKeys.PartitionOf(person)), person.Id) { ["TenantId"] = tenantId, ["ObjectId"] = objectId };
        if (teamsUserId is not null)
        {
            link["TeamsUserId"] = teamsUserId;
        }

        // Merge: a sign-in on the page (no Teams user id) keeps the one the bot stored.
        await Index.UpsertEntityAsync(link, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>The Teams identities of the people of one partition, with their Teams user ids when known.</summary>
    public async Task<Dictionary<string, IdentityLink>> IdentityLinksAsync(string partition, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IdentityLink>(StringComparer.Ordinal);
        var links = RosterKeys.LinkPartition(partition);
        await foreach (var e in Index.QueryAsync<TableEntity>(e => e.PartitionKey == links, cancellationToken: cancellationToken))
        {
            result[e.RowKey] = new IdentityLink(e.GetString("TenantId"), e.GetString("ObjectId"), e.GetString("TeamsUserId"));
        }

        return result;
    }

    /// <summary>The Teams identities linked to the people of one partition (school or organisation), by person id.</summary>
    public async Task<Dictionary<string, (string TenantId, string ObjectId)>> LinksAsync(string partition, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var links = RosterKeys.LinkPartition(partition);
        await foreach (var e in Index.QueryAsync<TableEntity>(e => e.PartitionKey == links, cancellationToken: cancellationToken))
        {
            result[e.RowKey] = (e.GetString("TenantId"), e.GetString("ObjectId"));
        }

        return result;
    }

    /// <summary>Where the proactive installation of one person stands (<see cref="InstallStates"/>).</summary>
    public Task SetInstallStateAsync(RosterPerson person, string state, DateTimeOffset at, CancellationToken cancellationToken) =>
        Index.UpsertEntityAsync(
            new TableEntity(RosterKeys.InstallPartition(RosterKeys.PartitionOf(person)), person.Id) { ["State"] = state, ["AtUtc"] = at },
            TableUpdateMode.Replace,
            cancellationToken);

    /// <summary>The proactive installation states of the people of one partition, by person id.</summary>
    public async Task<Dictionary<string, string>> InstallStatesAsync(string partition, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var states = RosterKeys.InstallPartition(partition);
        await foreach (var e in Index.QueryAsync<TableEntity>(e => e.PartitionKey == states, cancellationToken: cancellationToken))
        {
            result[e.RowKey] = e.GetString("State");
        }

        return result;
    }

    public async Task<List<RosterPerson>> ListAsync(string partition, string? kind, CancellationToken cancellationToken)
    {
        var filter = kind is null ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}") : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Kind eq {kind}");
        var result = new List<RosterPerson>();
        await foreach (var e in People.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            result.Add(RosterEntities.Person(e));
        }

        return result;
    }

    /// <summary>People whose last name starts with <paramref name="prefix"/> (folded): one range query on one name partition.</summary>
    public async Task<List<RosterPerson>> SearchAsync(string prefix, int max, CancellationToken cancellationToken)
    {
        var folded = RosterKeys.FoldName(prefix);
        if (folded.Length < 2)
        {
            return [];
        }

        var partition = RosterKeys.NamePartition(folded);
        var upper = folded + "\uffff";
        var result = new List<RosterPerson>();
        await foreach (var i in Index.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {folded} and RowKey lt {upper}"), maxPerPage: max, cancellationToken: cancellationToken))
        {
            if (await GetAsync(i.GetString("PersonPk"), i.GetString("PersonId"), cancellationToken) is { } found)
            {
                result.Add(found.Person);
            }

            if (result.Count >= max)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>Writes an edited person if nobody changed the row since it was read (412 otherwise); keeps the name index in step.</summary>
    public async Task UpdateAsync(RosterPerson before, RosterPerson after, ETag etag, CancellationToken cancellationToken)
    {
        await People.UpdateEntityAsync(RosterEntities.Person(after), etag, TableUpdateMode.Replace, cancellationToken);
        if (RosterKeys.FoldName(before.LastName) != RosterKeys.FoldName(after.LastName))
        {
            var old = RosterEntities.NameIndex(before);
            await Index.DeleteEntityAsync(old.PartitionKey, old.RowKey, cancellationToken: cancellationToken);
        }

        await Index.UpsertEntityAsync(RosterEntities.NameIndex(after), TableUpdateMode.Replace, cancellationToken);
    }
}

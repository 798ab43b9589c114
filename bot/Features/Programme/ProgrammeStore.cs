using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;
using TutorBot.Conversation;
using TutorBot.Storage;

namespace TutorBot.Features.Programme;

/// <summary>
/// People, organisations, schools and classes. A person and the index row that finds them by Entra object id
/// share one partition, so both are written in one entity-group transaction.
/// </summary>
public sealed class ProgrammeStore(Tables tables, IMemoryCache cache)
{
    private const string PeoplePartition = "people";

    // People change rarely and every card action reads two of them: a short cache spares storage round trips.
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);

    // Every turn looks its sender up by Entra object id. The answer (a person id, or nobody) is kept briefly; this
    // instance forgets it whenever it writes that person or link, other instances within SenderCacheFor.
    private static readonly TimeSpan SenderCacheFor = TimeSpan.FromSeconds(30);
    private TableClient Table => tables[Tables.Programme];

    public async Task UpsertAsync(Person person, CancellationToken cancellationToken = default)
    {
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpsertReplace, new TableEntity(PeoplePartition, "id:" + person.Id)
            {
                ["Role"] = person.Role,
                ["DisplayName"] = person.DisplayName,
                ["TenantId"] = person.TenantId,
                ["AadObjectId"] = person.AadObjectId,
                ["TeamsUserId"] = person.TeamsUserId,
                ["OrganisationId"] = person.OrganisationId,
                ["SchoolId"] = person.SchoolId,
                ["ClassId"] = person.ClassId,
                ["TutorId"] = person.TutorId,
                ["Mailbox"] = person.Mailbox,
            }),
        };
        if (ObjectIds.Usable(person.AadObjectId) is { } aad)
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(PeoplePartition, AadKey(person.TenantId, aad)) { ["PersonId"] = person.Id }));
        }

        // The link the person had before (their id may have changed) is forgotten with the new one.
        var before = cache.TryGetValue(CacheKey(person.Id), out Person? old) ? old : null;
        await Table.SubmitTransactionAsync(actions, cancellationToken);
        cache.Remove(CacheKey(person.Id));
        ForgetSender(person.TenantId, person.AadObjectId);
        if (before is not null)
        {
            ForgetSender(before.TenantId, before.AadObjectId);
        }
    }

    /// <summary>Forgets the cached sender lookup of one Entra object id (call it after writing its link row elsewhere).</summary>
    public void ForgetSender(string? tenantId, string? aadObjectId)
    {
        if (!string.IsNullOrEmpty(tenantId) && ObjectIds.Usable(aadObjectId) is { } aad)
        {
            cache.Remove(SenderKey(tenantId, aad));
        }
    }

    /// <summary>Removes a person and their index row (a deactivated roster person: the bot no longer knows them).</summary>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>(PeoplePartition, "id:" + ConversationStore.Key(id), cancellationToken: cancellationToken);
        if (response.HasValue && response.Value is { } e)
        {
            var person = ToPerson(e);
            if (ObjectIds.Usable(person.AadObjectId) is { } aad)
            {
                await Table.DeleteEntityAsync(PeoplePartition, AadKey(person.TenantId, aad), cancellationToken: cancellationToken);
            }

            await Table.DeleteEntityAsync(PeoplePartition, e.RowKey, cancellationToken: cancellationToken);
            ForgetSender(person.TenantId, person.AadObjectId);
        }

        cache.Remove(CacheKey(id));
    }

    /// <summary>Erasure: the person and their Entra index row (both absent already is fine).</summary>
    public async Task DeleteAsync(string id, string? tenantId, string? aadObjectId, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(tenantId) && ObjectIds.Usable(aadObjectId) is { } aad)
        {
            await Table.DeleteEntityAsync(PeoplePartition, AadKey(tenantId, aad), Azure.ETag.All, cancellationToken);
        }

        await Table.DeleteEntityAsync(PeoplePartition, "id:" + ConversationStore.Key(id), Azure.ETag.All, cancellationToken);
        cache.Remove(CacheKey(id));
    }

    public async Task<Person?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (cache.TryGetValue(CacheKey(id), out Person? cached))
        {
            return cached;
        }

        var response = await Table.GetEntityIfExistsAsync<TableEntity>(PeoplePartition, "id:" + ConversationStore.Key(id), cancellationToken: cancellationToken);
        var person = response.HasValue && response.Value is { } e ? ToPerson(e) : null;
        if (person is not null)
        {
            cache.Set(CacheKey(id), person, CacheFor);
        }

        return person;
    }

    private static string CacheKey(string id) => "person:" + id;

    private static string SenderKey(string tenantId, string aadObjectId) => "sender:" + tenantId + "|" + aadObjectId;

    public async Task<Person?> FindByAadObjectIdAsync(string? tenantId, string? aadObjectId, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(tenantId) || ObjectIds.Usable(aadObjectId) is null)
        {
            return null;
        }

        var senderKey = SenderKey(tenantId, aadObjectId!);
        if (!cache.TryGetValue(senderKey, out string? id))
        {
            var index = await Table.GetEntityIfExistsAsync<TableEntity>(PeoplePartition, AadKey(tenantId, aadObjectId!), select: ["PersonId"], cancellationToken: cancellationToken);
            id = index.HasValue ? index.Value?.GetString("PersonId") : null;
            cache.Set(senderKey, id, SenderCacheFor);
        }

        var person = id is not null ? await GetAsync(id, cancellationToken) : null;

        // An index row left by a person whose id has since changed (or was cleared) finds nobody.
        return person is not null && person.TenantId == tenantId && ObjectIds.Same(person.AadObjectId, aadObjectId) ? person : null;
    }

    public async Task<IReadOnlyList<Person>> StudentsOfAsync(string tutorId, CancellationToken cancellationToken = default)
    {
        var students = new List<Person>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PeoplePartition} and Role eq {Roles.Student} and TutorId eq {tutorId}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            students.Add(ToPerson(e));
        }

        return students;
    }

    /// <summary>The stored people of an organisation (a partner company's employees), by name.</summary>
    public async Task<IReadOnlyList<Person>> MembersOfAsync(string organisationId, CancellationToken cancellationToken = default)
    {
        var members = new List<Person>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PeoplePartition} and OrganisationId eq {organisationId}");
        await foreach (var e in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            members.Add(ToPerson(e));
        }

        return [.. members.OrderBy(p => p.DisplayName, StringComparer.CurrentCulture)];
    }

    public Task UpsertAsync(Organisation organisation, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(new TableEntity("org", organisation.Id) { ["Name"] = organisation.Name, ["Kind"] = organisation.Kind }, TableUpdateMode.Replace, cancellationToken);

    public Task UpsertAsync(School school, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(new TableEntity("school", school.Id) { ["Name"] = school.Name, ["City"] = school.City, ["Academy"] = school.Academy }, TableUpdateMode.Replace, cancellationToken);

    public Task UpsertAsync(SchoolClass schoolClass, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(new TableEntity("class", schoolClass.Id) { ["SchoolId"] = schoolClass.SchoolId, ["Name"] = schoolClass.Name, ["Stream"] = schoolClass.Stream }, TableUpdateMode.Replace, cancellationToken);

    public async Task<Organisation?> GetOrganisationAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Table.GetEntityIfExistsAsync<TableEntity>("org", id, cancellationToken: cancellationToken);
        return response.HasValue && response.Value is { } e ? new Organisation(id, e.GetString("Name")!, e.GetString("Kind")!) : null;
    }

    private static string AadKey(string tenantId, string aadObjectId) => $"aad:{ConversationStore.Key(tenantId)}:{ConversationStore.Key(aadObjectId)}";

    private static Person ToPerson(TableEntity e) => new(
        e.RowKey["id:".Length..],
        e.GetString("Role")!,
        e.GetString("DisplayName")!,
        e.GetString("TenantId")!,
        e.GetString("AadObjectId"),
        e.GetString("TeamsUserId"),
        e.GetString("OrganisationId"),
        e.GetString("SchoolId"),
        e.GetString("ClassId"),
        e.GetString("TutorId"),
        e.GetString("Mailbox"));
}

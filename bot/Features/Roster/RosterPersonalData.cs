using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using TutorBot.Conversation;
using TutorBot.Privacy;

namespace TutorBot.Features.Roster;

/// <summary>
/// The roster person, the index rows that find them (login, name, Entra identity, link), the students they tutor
/// (by login), an organisation that names them as correspondent, and their proactive installation state
/// (<c>i|{partition}</c> / person id, written by the Identity feature's install handler).
/// </summary>
public sealed class RosterPersonalData(RosterStore store, RosterPlaces places) : IPersonalData
{
    public string Name => "roster";

    public int Order => 90;

    public async Task<JsonNode?> ExportAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        if (subject.RosterPartition is null || subject.RosterId is null
            || await store.GetAsync(subject.RosterPartition, subject.RosterId, cancellationToken) is not { } found)
        {
            return null;
        }

        var person = JsonSerializer.SerializeToNode(found.Person, JsonSerializerOptions.Web)!.AsObject();
        var links = await store.LinksAsync(subject.RosterPartition, cancellationToken);
        if (links.TryGetValue(subject.RosterId, out var link))
        {
            person["teamsIdentity"] = new JsonObject { ["tenantId"] = link.TenantId, ["objectId"] = link.ObjectId };
        }

        var install = await store.Index.GetEntityIfExistsAsync<TableEntity>(RosterKeys.InstallPartition(subject.RosterPartition), subject.RosterId, cancellationToken: cancellationToken);
        if (install.HasValue)
        {
            person["installation"] = new JsonObject { ["state"] = install.Value!.GetString("State"), ["at"] = install.Value.GetDateTimeOffset("AtUtc") };
        }

        return person;
    }

    public async Task EraseAsync(PrivacySubject subject, CancellationToken cancellationToken = default)
    {
        if (subject.Login is { } login)
        {
            var normalised = RosterKeys.NormaliseLogin(login);
            await foreach (var e in store.People.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"TutorLogin eq {normalised}"), cancellationToken: cancellationToken))
            {
                e.Remove("TutorLogin");
                await store.People.UpdateEntityAsync(e, ETag.All, TableUpdateMode.Replace, cancellationToken);
            }

            await foreach (var org in places.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RosterKeys.Organisations} and CorrespondentEmail eq {normalised}"), cancellationToken: cancellationToken))
            {
                org.Remove("CorrespondentName");
                org.Remove("CorrespondentEmail");
                await places.Table.UpdateEntityAsync(org, ETag.All, TableUpdateMode.Replace, cancellationToken);
            }

            await Delete(store.Index, RosterKeys.LoginPartition(normalised), RosterKeys.LoginRow(normalised), cancellationToken);
        }

        if (subject.LastName is { } lastName && subject.RosterId is { } id)
        {
            var folded = RosterKeys.FoldName(lastName);
            await Delete(store.Index, RosterKeys.NamePartition(folded), RosterKeys.NameRow(folded, id), cancellationToken);
        }

        if (subject.TenantId is { } tenant && subject.ObjectId is { } oid)
        {
            await Delete(store.Index, RosterKeys.IdentityPartition(tenant, oid), ConversationStore.Key(oid), cancellationToken);
        }

        if (subject.RosterPartition is { } partition && subject.RosterId is { } rosterId)
        {
            await Delete(store.Index, RosterKeys.InstallPartition(partition), rosterId, cancellationToken);
            await Delete(store.Index, RosterKeys.LinkPartition(partition), rosterId, cancellationToken);
            await Delete(store.People, partition, rosterId, cancellationToken);
        }
    }

    private static async Task Delete(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Erased before this run: the job is running again.
        }
    }
}

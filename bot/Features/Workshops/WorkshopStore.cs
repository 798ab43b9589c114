using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using TutorBot.Conversation;
using TutorBot.Storage;

namespace TutorBot.Features.Workshops;

/// <summary>
/// Workshops and site visits, their registrations and speakers. Every change to a place count is one entity-group
/// transaction with the registrations it concerns, guarded by the meta row's ETag: capacity holds whatever the
/// concurrency, across instances. Inside one instance, sign-ups to the same workshop queue on a lock so they
/// do not all lose the ETag race and retry (the ETag still decides between instances).
/// </summary>
public sealed partial class WorkshopStore(Tables tables)
{
    public const string Table = "Workshops";
    private const int MaxAttempts = 50;

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    private TableClient Workshops => tables[Table];

    /// <summary>The partition listing every workshop, so lists read it and not the whole table with its registrations.</summary>
    private const string IndexPartition = "_index";

    /// <summary>Adds the workshop; false when it exists already (the same form submitted twice).</summary>
    public async Task<bool> TryAddAsync(Workshop workshop, CancellationToken cancellationToken = default)
    {
        // The index row first: one without its workshop is skipped by the lists, a workshop without one would be invisible.
        await Workshops.UpsertEntityAsync(new TableEntity(IndexPartition, workshop.PartitionKey) { ["StartUtc"] = workshop.StartUtc }, TableUpdateMode.Replace, cancellationToken);
        try
        {
            var response = await Workshops.AddEntityAsync(workshop, cancellationToken);
            workshop.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<Workshop?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        var response = await Workshops.GetEntityIfExistsAsync<Workshop>(ConversationStore.Key(id), Workshop.MetaRow, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Writes the workshop if nobody changed it since it was read; false on a lost race.</summary>
    public async Task<bool> TryReplaceAsync(Workshop workshop, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Workshops.UpdateEntityAsync(workshop, workshop.ETag, TableUpdateMode.Replace, cancellationToken);
            workshop.ETag = response.Headers.ETag ?? default;
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>The workshops and visits that end after <paramref name="since"/>: the index partition, then one point read each.</summary>
    public async Task<IReadOnlyList<Workshop>> ListAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {IndexPartition} and StartUtc ge {since.AddDays(-2)}");
        await foreach (var row in Workshops.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(row.RowKey);
        }

        var workshops = await Task.WhenAll(ids.Select(id => GetAsync(id, cancellationToken)));
        return [.. workshops.OfType<Workshop>().Where(w => w.EndUtc > since)];
    }

    public async Task<Registration?> GetRegistrationAsync(string workshopId, string personId, CancellationToken cancellationToken = default)
    {
        var response = await Workshops.GetEntityIfExistsAsync<Registration>(ConversationStore.Key(workshopId), Registration.Key(personId), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    public async Task<IReadOnlyList<Registration>> RegistrationsAsync(string workshopId, CancellationToken cancellationToken = default)
    {
        var list = new List<Registration>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {workshopId} and RowKey ge {Registration.Prefix} and RowKey lt {"reg;"}");
        await foreach (var r in Workshops.QueryAsync<Registration>(filter, cancellationToken: cancellationToken))
        {
            list.Add(r);
        }

        return [.. list.OrderBy(r => r.Seq)];
    }

    public async Task<IReadOnlyList<Speaker>> SpeakersAsync(string workshopId, CancellationToken cancellationToken = default)
    {
        var list = new List<Speaker>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {workshopId} and RowKey ge {Speaker.Prefix} and RowKey lt {"spk;"}");
        await foreach (var s in Workshops.QueryAsync<Speaker>(filter, cancellationToken: cancellationToken))
        {
            list.Add(s);
        }

        return list;
    }

    /// <summary>The place in the waiting list: how many waiting registrations arrived before, plus one.</summary>
    public async Task<int> PositionAsync(string workshopId, Registration registration, CancellationToken cancellationToken = default) =>
        (await RegistrationsAsync(workshopId, cancellationToken)).Count(r => r.Status == RegistrationStatus.Waiting && r.Seq < registration.Seq) + 1;

    private async Task<bool> TrySubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await Workshops.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 409)
        {
            // Another instance changed the count or the registration first: read again.
            return false;
        }
    }

    private static Task BackOffAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 + Math.Min(attempt, 10) * 5)), cancellationToken);
}

using Azure;
using Azure.Data.Tables;

namespace TutorBot.Features.Roster;

/// <summary>
/// Reads what a file's rows already have in storage, and writes a plan in entity-group transactions: the places, then
/// the people window by window, partition by partition, each window's login index rows before its people. Index rows
/// are written before the people they point to, so a window cut short by a restart is simply redone: every write is
/// keyed by stable ids and skipped when the content is already there.
/// </summary>
public sealed class RosterImportStore(RosterStore people, RosterPlaces places, ProgrammeProjection projection, Identity.ProactiveInstall install)
{
    private const int BatchSize = 100;

    /// <summary>Up to this many logins not found in the file's partitions are looked up one by one in the login index.</summary>
    private const int PointReads = 64;

    public async Task<RosterSnapshot> SnapshotAsync(RawFile file, CancellationToken cancellationToken)
    {
        var snapshot = new RosterSnapshot();
        foreach (var (uai, school) in await places.SchoolsAsync(cancellationToken))
        {
            snapshot.Schools[uai] = school;
        }

        foreach (var (id, organisation) in await places.OrganisationsAsync(cancellationToken))
        {
            snapshot.Organisations[id] = organisation;
        }

        var logins = new HashSet<string>(StringComparer.Ordinal);
        var partitions = new HashSet<string>(StringComparer.Ordinal) { RosterKeys.OrganisationPartition(RosterValidator.AssociationId) };
        var uais = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in file.Rows)
        {
            foreach (var column in (string[])["login", "tuteur"])
            {
                if (RosterValidator.Get(row, column) is { } login)
                {
                    logins.Add(RosterKeys.NormaliseLogin(login));
                }
            }

            if (RosterValidator.Get(row, "uai") is { } uai)
            {
                uais.Add(uai.ToUpperInvariant());
                partitions.Add(RosterKeys.SchoolPartition(uai.ToUpperInvariant()));
            }

            if (RosterValidator.Get(row, "entreprise") is { } company)
            {
                partitions.Add(RosterKeys.OrganisationPartition(RosterKeys.Slug(company)));
            }
        }

        // The people in the file's own partitions first: a re-import finds everyone there and reads no index row.
        await ReadPartitionsAsync(partitions, snapshot, cancellationToken);

        // Logins not found there are new, or people stored elsewhere (a student who moved school, a tutor of an
        // earlier file): the login index tells which other partitions to read. A few are point reads; many (a first
        // import) read the index buckets that hold them.
        var missing = logins.Where(l => !snapshot.People.ContainsKey(l)).ToList();
        var elsewhere = new HashSet<string>(StringComparer.Ordinal);
        if (missing.Count <= PointReads)
        {
            await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (login, ct) =>
            {
                var index = await people.Index.GetEntityIfExistsAsync<TableEntity>(RosterKeys.LoginPartition(login), RosterKeys.LoginRow(login), ["PersonPk"], ct);
                if (index.HasValue && index.Value is { } i)
                {
                    lock (elsewhere)
                    {
                        elsewhere.Add(i.GetString("PersonPk"));
                    }
                }
            });
        }
        else
        {
            await Parallel.ForEachAsync(missing.GroupBy(RosterKeys.LoginPartition), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (bucket, ct) =>
            {
                var wanted = bucket.Select(RosterKeys.LoginRow).ToHashSet(StringComparer.Ordinal);
                await foreach (var e in people.Index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {bucket.Key}"), select: ["RowKey", "PersonPk"], cancellationToken: ct))
                {
                    if (wanted.Contains(e.RowKey))
                    {
                        lock (elsewhere)
                        {
                            elsewhere.Add(e.GetString("PersonPk"));
                        }
                    }
                }
            });
        }

        elsewhere.ExceptWith(partitions);
        await ReadPartitionsAsync(elsewhere, snapshot, cancellationToken);

        await Parallel.ForEachAsync(uais, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (uai, ct) =>
        {
            foreach (var c in await places.ClassesAsync(uai, ct))
            {
                lock (snapshot)
                {
                    snapshot.Classes.Add(uai + "|" + RosterKeys.Slug(c.Name));
                }
            }
        });

        return snapshot;
    }

    /// <summary>Places a plan needs before its people: new organisations, schools, classes.</summary>
    public async Task WritePlacesAsync(RosterPlan plan, CancellationToken cancellationToken)
    {
        var entities = plan.NewOrganisations.Select(RosterEntities.Organisation)
            .Concat(plan.Schools.Where(s => s.Status != ItemStatus.Unchanged).Select(s => RosterEntities.School(s.School)))
            .Concat(plan.Classes.Select(RosterEntities.Class));
        await SubmitAsync(places.Table, entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
    }

    /// <summary>
    /// The order people are written in: partition by partition (file order within one), so a window's rows share a
    /// few partitions and go in full transactions. Deterministic for a file, so a resumed job's progress still counts.
    /// </summary>
    public static IReadOnlyList<PlannedPerson> WriteOrder(RosterPlan plan) =>
        [.. plan.People.OrderBy(p => RosterKeys.PartitionOf(p.Person), StringComparer.Ordinal).ThenBy(p => p.Line)];

    /// <summary>
    /// Writes a plan: its places, then its people window by window. Each window's login index rows are written before
    /// its people (a window cut short by a restart is redone; every person row that exists has its login row), and
    /// go at the same time as what precedes them: the first window's with the places, the next window's while this
    /// window's people are written. Upserts of the same content, so a resumed job writes them again harmlessly.
    /// <paramref name="before"/> runs before a window's people (a job checks its lease there), <paramref name="written"/> after them.
    /// </summary>
    public async Task WriteAsync(
        RosterPlan plan, IReadOnlyList<IReadOnlyList<PlannedPerson>> windows, Func<int, Task> before, Func<int, Task> written, CancellationToken cancellationToken)
    {
        var index = windows.Count > 0 ? WriteIndexAsync(windows[0], cancellationToken) : Task.CompletedTask;
        try
        {
            await Task.WhenAll(WritePlacesAsync(plan, cancellationToken), people.RetireNameIndexAsync(cancellationToken));
            for (var i = 0; i < windows.Count; i++)
            {
                await index;
                index = Task.CompletedTask;
                await before(i);
                index = i + 1 < windows.Count ? WriteIndexAsync(windows[i + 1], cancellationToken) : Task.CompletedTask;
                await WritePeopleAsync(windows[i], cancellationToken);
                await written(i);
            }
        }
        catch
        {
            // Login rows still in flight end before the error goes up (they are harmless alone).
            await index.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>The login index rows of the new or changed people of one window (how a Teams identity is linked on first contact).</summary>
    public Task WriteIndexAsync(IEnumerable<PlannedPerson> window, CancellationToken cancellationToken) =>
        SubmitAsync(
            people.Index,
            window.Where(p => p.Status != ItemStatus.Unchanged).Select(p => new TableTransactionAction(TableTransactionActionType.UpsertReplace, RosterEntities.LoginIndex(p.Person))),
            cancellationToken);

    /// <summary>One window of people (their login rows written by <see cref="WriteIndexAsync"/> first).</summary>
    public async Task WritePeopleAsync(IEnumerable<PlannedPerson> window, CancellationToken cancellationToken)
    {
        var changed = window.Where(p => p.Status != ItemStatus.Unchanged).ToList();
        var rows = new List<TableTransactionAction>();
        var removals = new List<TableTransactionAction>();
        foreach (var p in changed)
        {
            var entity = RosterEntities.Person(p.Person);
            if (p.Stored is null)
            {
                rows.Add(new(TableTransactionActionType.Add, entity));
                continue;
            }

            if (RosterKeys.PartitionOf(p.Stored) == entity.PartitionKey)
            {
                // Conditional on the row as read: an edit made meanwhile on the page is not overwritten (412).
                rows.Add(new(TableTransactionActionType.UpdateReplace, entity, p.ETag!.Value));
            }
            else
            {
                rows.Add(new(TableTransactionActionType.Add, entity));
                removals.Add(new(TableTransactionActionType.Delete, new TableEntity(RosterKeys.PartitionOf(p.Stored), p.Stored.Id), p.ETag!.Value));
            }
        }

        // Installation rows before the people they are for (a row whose person never got written is dropped).
        await install.PlanAsync(changed.Where(p => p.Stored is null).Select(p => p.Person), cancellationToken);
        await SubmitAsync(people.People, rows, cancellationToken);
        await SubmitAsync(people.People, removals, cancellationToken);

        // People already linked to Teams see their change in the bot (name, class, tutor); a deactivated one leaves it.
        await projection.RefreshAsync(changed.Where(p => p.Stored is not null).Select(p => p.Person), cancellationToken);
    }

    private async Task ReadPartitionsAsync(IEnumerable<string> partitions, RosterSnapshot snapshot, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (partition, ct) =>
        {
            await foreach (var e in people.People.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: ct))
            {
                var person = RosterEntities.Person(e);
                lock (snapshot)
                {
                    snapshot.People[RosterKeys.NormaliseLogin(person.Login)] = (person, e.ETag);
                }
            }
        });

    private static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        // One entity-group transaction per partition and 100 rows (a row may appear once per transaction);
        // partitions are independent, so several go at once.
        var batches = actions.GroupBy(a => a.Entity.PartitionKey).SelectMany(p => p.DistinctBy(a => a.Entity.RowKey).Chunk(BatchSize));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch, ct));
    }
}

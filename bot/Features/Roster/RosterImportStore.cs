using Azure;
using Azure.Data.Tables;

namespace TutorBot.Features.Roster;

/// <summary>
/// Reads what a file's rows already have in storage, and writes a plan in entity-group transactions: the index rows
/// of the whole plan first, then the people window by window, partition by partition. Index rows are written before
/// the people they point to, so a window cut short by a restart is simply redone: every write is keyed by stable ids
/// and skipped when the content is already there.
/// </summary>
public sealed class RosterImportStore(RosterStore people, RosterPlaces places, ProgrammeProjection projection, Identity.ProactiveInstall install)
{
    private const int BatchSize = 100;

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

        // The login index, bucket by bucket, tells which other partitions hold people of this file (a student who moved school).
        var buckets = logins.GroupBy(RosterKeys.LoginPartition).ToList();
        await Parallel.ForEachAsync(buckets, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (bucket, ct) =>
        {
            await foreach (var e in people.Index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {bucket.Key}"), select: ["RowKey", "PersonPk"], cancellationToken: ct))
            {
                lock (partitions)
                {
                    partitions.Add(e.GetString("PersonPk"));
                }
            }
        });

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

        foreach (var uai in uais)
        {
            foreach (var c in await places.ClassesAsync(uai, cancellationToken))
            {
                snapshot.Classes.Add(uai + "|" + RosterKeys.Slug(c.Name));
            }
        }

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
    /// The login and name index rows of every new or changed person of a plan, before any of them is written: spread
    /// over a few dozen partitions, they go in full transactions once rather than in small ones per window. Upserts
    /// of the same content, so a resumed job writes them again harmlessly.
    /// </summary>
    public async Task WriteIndexAsync(RosterPlan plan, CancellationToken cancellationToken)
    {
        var changed = plan.People.Where(p => p.Status != ItemStatus.Unchanged).ToList();
        await SubmitAsync(
            people.Index,
            changed.SelectMany(p => new TableTransactionAction[]
            {
                new(TableTransactionActionType.UpsertReplace, RosterEntities.LoginIndex(p.Person)),
                new(TableTransactionActionType.UpsertReplace, RosterEntities.NameIndex(p.Person)),
            }),
            cancellationToken);
    }

    /// <summary>One window of people (index rows written by <see cref="WriteIndexAsync"/> first).</summary>
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

            if (RosterKeys.FoldName(p.Stored.LastName) != RosterKeys.FoldName(p.Person.LastName))
            {
                removals.Add(new(TableTransactionActionType.Delete, RosterEntities.NameIndex(p.Stored), ETag.All));
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
        await SubmitAsync(people.People, removals.Where(r => r.Entity.PartitionKey.StartsWith("s|", StringComparison.Ordinal) || r.Entity.PartitionKey.StartsWith("o|", StringComparison.Ordinal)), cancellationToken);
        foreach (var stale in removals.Where(r => r.Entity.PartitionKey.StartsWith("n|", StringComparison.Ordinal)))
        {
            // One by one (renames are rare): a person without a name row (a coordinator seeded from settings before
            // the seeder wrote one) must not fail the window, as one missing row would fail a whole transaction.
            await people.Index.DeleteEntityAsync(stale.Entity.PartitionKey, stale.Entity.RowKey, ETag.All, cancellationToken);
        }

        // People already linked to Teams see their change in the bot (name, class, tutor); a deactivated one leaves it.
        await projection.RefreshAsync(changed.Where(p => p.Stored is not null).Select(p => p.Person), cancellationToken);
    }

    private static async Task SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        // One entity-group transaction per partition and 100 rows (a row may appear once per transaction);
        // partitions are independent, so several go at once.
        var batches = actions.GroupBy(a => a.Entity.PartitionKey).SelectMany(p => p.DistinctBy(a => a.Entity.RowKey).Chunk(BatchSize));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (batch, ct) =>
            await table.SubmitTransactionAsync(batch, ct));
    }
}

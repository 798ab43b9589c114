using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TutorBot.Delivery;
using TutorBot.Features.Identity;
using TutorBot.Features.Programme;
using TutorBot.Features.Roster;
using TutorBot.Protocol;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Bench;

// Benchmark of a roster import (issue 11): 5,000 students of 20 schools, read, checked against storage and written by
// the import path as the job worker does (places, then windows of Roster:ImportWindow people with their login and name
// index rows), against a raw batched insert of the same 5,000 person rows (one entity-group transaction per partition
// and 100 rows, 8 at once) measured in the same run, into tables of their own. Targets: time <= 2x the raw insert,
// peak working set < 250 MB. Storage: TUTORBOT_TEST_STORAGE, else Azurite's default ports.
/// <summary><c>bench/run.sh import [students] [window]</c></summary>
public static class ImportBench
{
    private const int Schools = 20;

    public static async Task RunAsync(string[] args)
    {
        var students = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5_000;
        var window = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : new RosterOptions().ImportWindow;
        var file = Csv(students);
        Console.WriteLine($"roster file: {students:N0} students of {Schools} schools, {file.Length / 1024.0:N0} KB; window {window}");

        var (tables, prefix) = await TablesAsync();
        try
        {
            var people = new RosterStore(tables);
            var places = new RosterPlaces(tables);
            var projection = new ProgrammeProjection(people, places, new ProgrammeStore(tables, new MemoryCache(new MemoryCacheOptions())));
            var install = new ProactiveInstall(new OutboxStore(tables), Options.Create(new RosterOptions()), Options.Create(new BotOptions()), TimeProvider.System);
            var store = new RosterImportStore(people, places, projection, install);

            // The import first, so the peak working set is the import's (the raw insert holds less).
            var clock = Stopwatch.StartNew();
            var raw = RosterFile.Read(file, long.MaxValue);
            var plan = RosterValidator.Validate(raw, await store.SnapshotAsync(raw, CancellationToken.None));
            var read = clock.Elapsed;
            if (plan.Problems.Count > 0)
            {
                throw new InvalidOperationException($"{plan.Problems.Count} problems in the generated file");
            }

            await store.WritePlacesAsync(plan, CancellationToken.None);
            await store.WriteIndexAsync(plan, CancellationToken.None);
            var indexed = clock.Elapsed;
            foreach (var chunk in RosterImportStore.WriteOrder(plan).Chunk(window))
            {
                await store.WritePeopleAsync(chunk, CancellationToken.None);
            }

            var import = clock.Elapsed;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            Console.WriteLine($"import: {import.TotalSeconds:F2} s ({students / import.TotalSeconds:N0} people/s), peak working set {peak / 1024.0 / 1024.0:N0} MB");
            // Where the time goes: reading and checking, the two index rows per person (login, name), the person rows window by window.
            Console.WriteLine($"  read + check {read.TotalSeconds:F2} s; places + index rows {(indexed - read).TotalSeconds:F2} s; people windows {(import - indexed).TotalSeconds:F2} s ({Math.Ceiling(students / (double)window):N0} windows)");

            var rows = plan.People.Select(p => RosterEntities.Person(p.Person)).ToList();
            clock.Restart();
            var batches = rows.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(100));
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
                await tables["BenchRaw"].SubmitTransactionAsync(batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct));
            var baseline = clock.Elapsed;
            Console.WriteLine($"baseline: raw batched insert of {rows.Count:N0} person rows: {baseline.TotalSeconds:F2} s ({rows.Count / baseline.TotalSeconds:N0} rows/s)");
            Console.WriteLine($"import / raw insert: {import / baseline:F2}x (target <= 2x); peak working set {peak / 1024.0 / 1024.0:N0} MB (target < 250 MB)");

            clock.Restart();
            var again = RosterValidator.Validate(raw, await store.SnapshotAsync(raw, CancellationToken.None));
            Console.WriteLine($"re-import dry run: {again.Count(ItemStatus.Unchanged):N0} of {again.Total:N0} unchanged, {clock.Elapsed.TotalSeconds:F2} s");
        }
        finally
        {
            foreach (var table in new[] { RosterKeys.PeopleTable, RosterKeys.IndexTable, RosterKeys.PlacesTable, OutboxStore.Table, Tables.Programme, "BenchRaw" })
            {
                await new TableServiceClient(BotApplication.StorageConnection).DeleteTableAsync(prefix + table);
            }
        }
    }

    private static async Task<(Tables Tables, string Prefix)> TablesAsync()
    {
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var layout = new StorageLayout();
        foreach (var table in new[] { RosterKeys.PeopleTable, RosterKeys.IndexTable, RosterKeys.PlacesTable, OutboxStore.Table, Tables.Programme, "BenchRaw" })
        {
            layout.Tables.Add(table);
        }

        var tables = new Tables(Options.Create(new StorageOptions { ConnectionString = BotApplication.StorageConnection, TablePrefix = prefix }), Options.Create(layout));
        await tables.EnsureCreatedAsync();
        return (tables, prefix);
    }

    /// <summary>A French Excel CSV: the schools, then the students spread over them, three classes each.</summary>
    private static byte[] Csv(int students)
    {
        var text = new StringBuilder("type;prenom;nom;upn_email;uai;academie;ville;classe;niveau;filiere;genre;boursier\r\n");
        for (var s = 0; s < Schools; s++)
        {
            text.Append($"établissement;;Lycée Banc {s};;{Uai(s)};Aix-Marseille;Marseille;;;;;\r\n");
        }

        string[] names = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Benali"];
        for (var i = 0; i < students; i++)
        {
            text.Append($"élève;Élève{i};{names[i % names.Length]}{i};eleve{i}@banc.example;{Uai(i % Schools)};;;1re STI2D {i % 3};1re;STI2D;{(i % 2 == 0 ? "F" : "M")};{(i % 3 == 0 ? "oui" : "non")}\r\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Uai(int school) => $"0{13_0100 + school:D6}B";
}

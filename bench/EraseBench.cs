using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Features.Privacy;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Workshops;
using TutorBot.Protocol.Connector;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Bench;

// Erasing one student among many (issue 12), against Azurite on loopback, at the service layer.
// Seeds <students> students (default 5,000) with <sessions> sessions each (default 10), 150 workshops with their
// registrations, attendance and cards sent, 4 finished and 1 pending delivery each; and two target students with a
// school year's worth: 36 sessions, 12 workshops (registration, attendance, card), 60 finished and 5 pending deliveries.
// Baseline, in the same run: reading the target's rows once, knowing where they are (a partition query for the
// sessions, a point read for every other row). Measured: the erasure job of one target (the real runner), each step
// of the other's erasure on its own, and the export. Figures: storage requests (HTTP requests to the table endpoint)
// and wall time, as ratios to the baseline.
/// <summary><c>bench/run.sh erase [students] [sessions]</c></summary>
public static class EraseBench
{
    private const int Workshops = 150;
    private const int TargetSessions = 36;
    private const int TargetWorkshops = 12;
    private const int TargetDone = 60;
    private const int TargetPending = 5;

    public static async Task RunAsync(string[] args)
    {
        var students = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var sessionsEach = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        await using var s = await StandIns.StartAsync(new()
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Delivery:Enabled"] = "false",
            ["Demo:Seed"] = "false",
            ["Privacy:RetentionEnabled"] = "false",
            ["Privacy:ErasurePollInterval"] = "01:00:00",
        });
        var sp = s.App.Services;
        var tables = sp.GetRequiredService<Tables>();
        var now = DateTimeOffset.UtcNow;
        var port = new Uri(new TableServiceClient(BotApplication.StorageConnection).Uri.ToString()).Port;
        using var requests = new RequestCounter(port);

        var seeding = Stopwatch.StartNew();
        var rows = await SeedAsync(sp, tables, s.App.Connector.ServiceUrl, students, sessionsEach, now);
        Console.WriteLine($"seeded {rows:N0} rows for {students:N0} students in {seeding.Elapsed.TotalSeconds:F0} s");

        // Warm-up, then the baseline: the target's rows read once.
        await ReadTargetAsync(tables, "target-a");
        var baseline = await MeasureAsync(requests, "baseline: read the target's rows once", () => ReadTargetAsync(tables, "target-a"));

        var subjects = sp.GetRequiredService<PrivacySubjects>();
        var export = await MeasureAsync(requests, "export (every store)", async () =>
        {
            var (subject, _) = (await subjects.ResolveAsync("target-a"))!.Value;
            foreach (var step in sp.GetRequiredService<ErasureRunner>().Steps)
            {
                await step.ExportAsync(subject);
            }
        });

        // One target step by step: which store costs what.
        var steps = new List<Result>();
        var (a, _) = (await subjects.ResolveAsync("target-a"))!.Value;
        foreach (var step in sp.GetRequiredService<ErasureRunner>().Steps)
        {
            steps.Add(await MeasureAsync(requests, "  step " + step.Name, () => step.EraseAsync(a)));
        }

        // The other through the real job: resolve, start, run (leases and step records included).
        var job = await MeasureAsync(requests, "erasure job (resolve, record, every step)", async () =>
        {
            var (subject, hash) = (await subjects.ResolveAsync("target-b"))!.Value;
            await sp.GetRequiredService<PrivacyStore>().StartAsync(hash, subject, "bench", DateTimeOffset.UtcNow);
            var done = await sp.GetRequiredService<ErasureRunner>().RunAsync(hash);
            if (done?.State != ErasureStates.Done)
            {
                throw new InvalidOperationException("the erasure did not finish");
            }
        });
        if (await ReadTargetAsync(tables, "target-b") != 0)
        {
            throw new InvalidOperationException("rows of the erased target remain");
        }

        Console.WriteLine();
        Console.WriteLine($"{"",-46} {"requests",9} {"ms",9}   vs baseline: requests, time");
        foreach (var r in new[] { baseline, export }.Concat(steps).Append(job))
        {
            Console.WriteLine($"{r.Name,-46} {r.Requests,9} {r.Milliseconds,9:F0}   {(double)r.Requests / baseline.Requests,8:F1}x {r.Milliseconds / baseline.Milliseconds,8:F1}x");
        }
    }

    /// <summary>Reads every row of the target where it is known to be; returns how many exist.</summary>
    private static async Task<int> ReadTargetAsync(Tables tables, string id)
    {
        var found = 0;
        found += (await tables[Tables.Programme].GetEntityIfExistsAsync<TableEntity>("people", "id:" + id)).HasValue ? 1 : 0;
        await foreach (var _ in tables[SessionStore.Table].QueryAsync<TableEntity>(e => e.PartitionKey == id))
        {
            found++;
        }

        var reads = new List<Task<NullableResponse<TableEntity>>>();
        for (var w = 0; w < TargetWorkshops; w++)
        {
            foreach (var row in new[] { Registration.Key(id), Presence.Key(id), SentCard.Key("invite/" + id) })
            {
                reads.Add(tables[WorkshopStore.Table].GetEntityIfExistsAsync<TableEntity>(WorkshopId(w), row));
            }
        }

        for (var d = 0; d < TargetDone; d++)
        {
            var row = Done(id, d, DateTimeOffset.UtcNow);
            reads.Add(tables[OutboxStore.DoneTable].GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey));
        }

        foreach (var chunk in reads.Chunk(16))
        {
            found += (await Task.WhenAll(chunk)).Count(r => r.HasValue);
        }

        return found;
    }

    private static async Task<int> SeedAsync(IServiceProvider sp, Tables tables, string serviceUrl, int students, int sessionsEach, DateTimeOffset now)
    {
        var count = 0;
        var programme = sp.GetRequiredService<ProgrammeStore>();
        var conversations = sp.GetRequiredService<ConversationStore>();
        foreach (var target in new[] { "target-a", "target-b" })
        {
            await programme.UpsertAsync(new Person(target, Roles.Student, "Cible " + target, "tenant", "oid-" + target, "29:" + target, TutorId: "tutor-1"));
            await conversations.SaveAsync("tenant", "oid-" + target, new ConversationRef(serviceUrl, "a:" + target, "tenant", "29:" + target), "fr-FR");
        }

        var batches = new List<(string Table, TableEntity[] Rows)>();
        void Add(string table, IEnumerable<TableEntity> rows) => batches.AddRange(rows.GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(100)).Select(c => (table, c)));

        var ids = Enumerable.Range(0, students).Select(i => $"student-{i:D5}").Concat(["target-a", "target-b"]).ToList();
        foreach (var id in ids)
        {
            var target = id.StartsWith("target", StringComparison.Ordinal);
            Add(SessionStore.Table, Enumerable.Range(0, target ? TargetSessions : sessionsEach).Select(n => new TableEntity(id, $"session-{n:D3}")
            {
                ["TutorId"] = "tutor-" + (id.GetHashCode(StringComparison.Ordinal) & 511),
                ["StartUtc"] = now.AddDays(-300 + (n * 8)),
                ["DurationMinutes"] = 60,
                ["Status"] = SessionStatus.Confirmed,
                ["Outcome"] = Outcomes.Happened,
                ["Rating"] = 3,
                ["RatingComment"] = "bien",
            }));
        }

        var rand = new Random(12);
        var workshopRows = new List<TableEntity>();
        for (var w = 0; w < Workshops; w++)
        {
            workshopRows.Add(new TableEntity(WorkshopId(w), Workshop.MetaRow) { ["StartUtc"] = now.AddDays(-200 + w), ["Capacity"] = 60, ["Confirmed"] = 33 });
        }

        foreach (var id in ids)
        {
            var target = id.StartsWith("target", StringComparison.Ordinal);
            var mine = target ? Enumerable.Range(0, TargetWorkshops) : Enumerable.Range(0, 1).Select(_ => rand.Next(Workshops));
            foreach (var w in mine)
            {
                workshopRows.Add(new TableEntity(WorkshopId(w), Registration.Key(id)) { ["PersonId"] = id, ["Status"] = RegistrationStatus.Confirmed, ["Seq"] = 1L });
                workshopRows.Add(new TableEntity(WorkshopId(w), Presence.Key(id)) { ["PersonId"] = id, ["Present"] = true, ["By"] = "teacher-1" });
                workshopRows.Add(new TableEntity(WorkshopId(w), SentCard.Key("invite/" + id)) { ["Status"] = SentCardStatus.Sent });
            }
        }

        Add(WorkshopStore.Table, workshopRows.DistinctBy(r => (r.PartitionKey, r.RowKey)));
        var done = new List<TableEntity>();
        var pending = new List<TableEntity>();
        foreach (var id in ids)
        {
            var target = id.StartsWith("target", StringComparison.Ordinal);
            done.AddRange(Enumerable.Range(0, target ? TargetDone : 4).Select(d => Entity(Done(id, d, now))));
            pending.AddRange(Enumerable.Range(0, target ? TargetPending : 1).Select(d => Entity(OutboxRow.Create("tutoring.reminder", $"session/{id}-{d}/dayBefore/student", now.AddDays(1 + d), "tenant", id, JsonSerializer.Serialize(new { StudentId = id })))));
        }

        Add(OutboxStore.DoneTable, done);
        Add(OutboxStore.Table, pending);
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
        {
            await tables[batch.Table].SubmitTransactionAsync(batch.Rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), ct);
            Interlocked.Add(ref count, batch.Rows.Length);
        });
        return count;
    }

    private static string WorkshopId(int w) => $"ws-{w:D3}";

    /// <summary>A finished delivery of the last 30 days (within Delivery:DoneRetention), spread over the days.</summary>
    private static OutboxRow Done(string id, int d, DateTimeOffset now)
    {
        var finished = now.Date.AddDays(-(d % 28)).AddHours(10);
        var row = OutboxRow.Create("workshop.invite", $"workshop/ws-{d:D3}/invite/{id}", finished, "tenant", id);
        row.Outcome = DeliveryStates.Sent;
        row.FinishedUtc = new DateTimeOffset(finished, TimeSpan.Zero);
        row.PartitionKey = OutboxRow.DonePartition(row.FinishedUtc.Value);
        row.RowKey += "|" + d.ToString("D19", CultureInfo.InvariantCulture);
        return row;
    }

    private static TableEntity Entity(OutboxRow row) => new(row.PartitionKey, row.RowKey)
    {
        [nameof(OutboxRow.Kind)] = row.Kind,
        [nameof(OutboxRow.Key)] = row.Key,
        [nameof(OutboxRow.RecipientId)] = row.RecipientId,
        [nameof(OutboxRow.Payload)] = row.Payload,
        [nameof(OutboxRow.DueUtc)] = row.DueUtc,
        [nameof(OutboxRow.NextUtc)] = row.NextUtc,
        [nameof(OutboxRow.Outcome)] = row.Outcome,
    };

    private sealed record Result(string Name, long Requests, double Milliseconds);

    private static async Task<Result> MeasureAsync(RequestCounter requests, string name, Func<Task> work)
    {
        var before = requests.Count;
        var clock = Stopwatch.StartNew();
        await work();
        var result = new Result(name, requests.Count - before, clock.Elapsed.TotalMilliseconds);
        Console.WriteLine($"{name}: {result.Requests} requests, {result.Milliseconds:F0} ms");
        return result;
    }

    /// <summary>HTTP requests to the table endpoint, from .NET's own <c>http.client.request.duration</c> metric.</summary>
    private sealed class RequestCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public RequestCounter(int port)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "server.port" && tag.Value is int p && p == port)
                    {
                        Interlocked.Increment(ref _count);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}

using System.Diagnostics;
using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Bench;

// Benchmark of the day's reminders through the outbox: 4,300 students and 1,300 tutors, one session per student
// tomorrow between 08:00 and 20:00 Paris.
// 1. Planning: every session's rows (day before, hour before, both sides, quiet hours, the tutor's log) written to
//    the outbox, one plan per session as a confirmation does, against the raw enqueue of as many queue messages.
// 2. Sending: a drain of due reminders by the app's own worker (handlers, limiter, connector stand-in), timed
//    against the limiter's floor (sends / Delivery:TenantRequestsPerSecond), with the storage reads per sent row.
/// <summary><c>bench/run.sh reminders [sessions to drain]</c></summary>
public static class RemindersBench
{
    private const int Students = 4_300;
    private const int Tutors = 1_300;
    private const int Parallelism = 16;

    public static async Task RunAsync(string[] args)
    {
        var drainSessions = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 250;
        if (!args.Contains("drain-only"))
        {
            await PlanAsync();
        }

        await DrainAsync(drainSessions);
    }

    private static async Task PlanAsync()
    {
        var connection = BotApplication.StorageConnection;
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var layout = new StorageLayout();
        layout.Tables.Add(OutboxStore.Table);
        var tables = new Tables(Options.Create(new StorageOptions { ConnectionString = connection, TablePrefix = prefix }), Options.Create(layout));
        await tables.EnsureCreatedAsync();
        var store = new OutboxStore(tables);
        var queue = new QueueServiceClient(connection).GetQueueClient(prefix + "-baseline");
        await queue.CreateIfNotExistsAsync();
        var now = Culture.FromParis(DateOnly.FromDateTime(Culture.ToParis(DateTimeOffset.UtcNow).DateTime), new TimeOnly(7, 0))!.Value;
        var tomorrow = DateOnly.FromDateTime(Culture.ToParis(now).DateTime).AddDays(1);
        var tutor = DemoData.Tutor;
        var sessions = Enumerable.Range(0, Students).Select(i => Session(i, Culture.FromParis(tomorrow, new TimeOnly(8, 0).AddMinutes(i * 720 / Students))!.Value)).ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            var rows = sessions.SelectMany(s => SessionRows.Reminders(s, tutor, now)).ToList();
            Console.WriteLine($"computed {rows.Count:N0} outbox rows for {Students:N0} sessions ({Tutors:N0} tutors) in {clock.Elapsed.TotalMilliseconds:F1} ms");

            clock.Restart();
            await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, ct) =>
                await queue.SendMessageAsync("{\"sessionId\":\"session-" + i + "\",\"kind\":\"dayBefore\",\"role\":\"student\"}", cancellationToken: ct));
            var baseline = clock.Elapsed;
            Console.WriteLine($"baseline: raw enqueue of {rows.Count:N0} queue messages: {baseline.TotalSeconds:F2} s ({rows.Count / baseline.TotalSeconds:N0}/s)");

            clock.Restart();
            await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (s, ct) =>
                await store.PlanAsync(SessionRows.Reminders(s, tutor, now), ct));
            var plan = clock.Elapsed;
            Console.WriteLine($"outbox plan per session ({Students:N0} plans, {rows.Count:N0} rows): {plan.TotalSeconds:F2} s ({rows.Count / plan.TotalSeconds:N0} rows/s)");

            clock.Restart();
            await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (s, ct) =>
                await store.PlanAsync(SessionRows.Reminders(s, tutor, now.AddHours(3)), ct));
            var again = clock.Elapsed;
            var stored = 0;
            await foreach (var _ in tables[OutboxStore.Table].QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
            {
                stored++;
            }

            Console.WriteLine($"planned again 3 h later: {again.TotalSeconds:F2} s; rows stored {stored:N0} (expected {rows.Count:N0}: due times fixed by the session, no duplicate)");
            Console.WriteLine($"ratio outbox plan / raw enqueue = {plan / baseline:F2}x");
        }
        finally
        {
            await tables[OutboxStore.Table].DeleteAsync();
            await queue.DeleteIfExistsAsync();
        }
    }

    private static async Task DrainAsync(int count)
    {
        var start = Culture.FromParis(DateOnly.FromDateTime(Culture.ToParis(DateTimeOffset.UtcNow).DateTime).AddDays(2), new TimeOnly(20, 0))!.Value;
        var fake = new SettableClock(start - TimeSpan.FromDays(2));
        await using var s = await StandIns.StartAsync(new() { ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:TutorBot.Delivery"] = Environment.GetEnvironmentVariable("BENCH_DELIVERY_LOG") ?? "Warning", ["Delivery:PollInterval"] = "00:00:00.050", ["Demo:Seed"] = "false" }, x =>
        {
            x.AddSingleton<TimeProvider>(fake);
        });
        var rps = s.App.Services.GetRequiredService<IOptions<DeliveryOptions>>().Value.TenantRequestsPerSecond;
        var programme = s.App.Services.GetRequiredService<ProgrammeStore>();
        var sessions = s.App.Services.GetRequiredService<SessionStore>();
        var outbox = s.App.Services.GetRequiredService<OutboxStore>();
        var url = s.Connector.ServiceUrl;
        TutorBot.Tests.Delivery.DeliveryTestKit.Trust(s.App, s.Connector);
        for (var i = 0; i < count; i++)
        {
            var tutor = DemoData.Tutor with { Id = "bt-" + i, AadObjectId = "bt-aad-" + i, TeamsUserId = "29:bt-" + i, Mailbox = null };
            var student = DemoData.Student with { Id = "bs-" + i, AadObjectId = "bs-aad-" + i, TeamsUserId = "29:bs-" + i, TutorId = tutor.Id };
            await programme.UpsertAsync(tutor);
            await programme.UpsertAsync(student);
            var session = Session(i, start, student.Id, tutor.Id, url);
            await sessions.TryAddAsync(session);
            await outbox.PlanAsync(SessionRows.Reminders(session, tutor, fake.GetUtcNow()));
        }

        var sends = count * 4;
        var reads = 0L;
        using var listener = new AzureEventSourceListener((e, _) =>
        {
            if (e.EventName == "Request" && e.Payload is { Count: > 2 } p && p[1] as string == "GET")
            {
                Interlocked.Increment(ref reads);
            }
        }, EventLevel.Informational);
        s.Connector.Reset();
        fake.Now = start - TimeSpan.FromMinutes(30);
        var clock = Stopwatch.StartNew();
        while (s.Connector.Calls.Count(c => c.Method == "POST") < sends && clock.Elapsed < TimeSpan.FromSeconds(double.Parse(Environment.GetEnvironmentVariable("BENCH_DRAIN_TIMEOUT") ?? "600", System.Globalization.CultureInfo.InvariantCulture)))
        {
            await Task.Delay(100);
        }

        var drain = clock.Elapsed;
        var sent = s.Connector.Calls.Count(c => c.Method == "POST");
        var floor = TimeSpan.FromSeconds((double)sends / rps);
        Console.WriteLine();
        Console.WriteLine($"drain of {sent:N0} / {sends:N0} due reminders ({count:N0} sessions; the full day's 21,494 rows would take {21_494.0 / rps / 60:F1} min at the floor): {drain.TotalSeconds:F1} s");
        Console.WriteLine($"limiter floor {sends:N0} / {rps} per s = {floor.TotalSeconds:F1} s; drain / floor = {drain / floor:F2}x");
        Console.WriteLine($"storage reads (GET) during the drain: {reads:N0}, per sent row {(double)reads / Math.Max(1, sent):F2}");
    }

    private static TutoringSession Session(int i, DateTimeOffset start, string? studentId = null, string? tutorId = null, string? url = null) => new()
    {
        PartitionKey = studentId ?? "student-" + i,
        RowKey = "session-" + i,
        TutorId = tutorId ?? "tutor-" + (i % Tutors),
        StartUtc = start,
        DurationMinutes = 60,
        Status = SessionStatus.Confirmed,
        Generation = 1,
        TutorConversationId = url is null ? null : "a:29:bt-" + i,
        TutorServiceUrl = url,
        StudentConversationId = url is null ? null : "a:29:bs-" + i,
        StudentServiceUrl = url,
    };
}

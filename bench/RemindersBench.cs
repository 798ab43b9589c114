using System.Diagnostics;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using TutorBot.Conversation;
using TutorBot.Features.Tutoring;
using TutorBot.Storage;

namespace TutorBot.Bench;

// Benchmark of the day's reminders: 4,300 students and 1,300 tutors, one session per student tomorrow between
// 08:00 and 20:00 Paris. Computing the rows (day before, hour before, both sides, quiet hours, the tutor's log)
// and writing them to the Reminders table, against the raw enqueue of as many Storage queue messages, the
// floor of the alternative "queue with visibility delays" design, in the same run on the same Azurite.
/// <summary><c>bench/run.sh reminders</c> (Azurite from TUTORBOT_TEST_STORAGE, else the default ports)</summary>
public static class RemindersBench
{
    private const int Students = 4_300;
    private const int Tutors = 1_300;
    private const int Parallelism = 16;

    public static async Task RunAsync(string[] args)
    {
        var connection = TutorBot.Tests.Infrastructure.BotApplication.StorageConnection;
        var prefix = "bench" + Guid.NewGuid().ToString("N")[..8];
        var storage = Options.Create(new StorageOptions { ConnectionString = connection, TablePrefix = prefix });
        var layout = new StorageLayout();
        layout.Tables.Add(ReminderStore.Table);
        var tables = new Tables(storage, Options.Create(layout));
        await tables.EnsureCreatedAsync();
        var store = new ReminderStore(tables);
        var queue = new QueueServiceClient(connection).GetQueueClient(prefix + "-baseline");
        await queue.CreateIfNotExistsAsync();

        var now = Culture.FromParis(DateOnly.FromDateTime(Culture.ToParis(DateTimeOffset.UtcNow).DateTime), new TimeOnly(7, 0))!.Value;
        var tomorrow = DateOnly.FromDateTime(Culture.ToParis(now).DateTime).AddDays(1);
        var sessions = Enumerable.Range(0, Students).Select(i => new TutoringSession
        {
            PartitionKey = "student-" + i,
            RowKey = "session-" + i,
            TutorId = "tutor-" + (i % Tutors),
            StartUtc = Culture.FromParis(tomorrow, new TimeOnly(8, 0).AddMinutes(i * 720 / Students))!.Value,
            DurationMinutes = 60,
            Status = SessionStatus.Confirmed,
            Generation = 1,
        }).ToList();

        try
        {
            // 1. Compute only.
            var clock = Stopwatch.StartNew();
            var rows = sessions.SelectMany(s => ReminderPlan.For(s, now)).ToList();
            var compute = clock.Elapsed;
            Console.WriteLine($"computed {rows.Count:N0} rows for {Students:N0} sessions ({Tutors:N0} tutors) in {compute.TotalMilliseconds:F1} ms");

            // 2. Baseline: the raw enqueue of as many queue messages, same parallelism.
            clock.Restart();
            await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, ct) =>
                await queue.SendMessageAsync("{\"sessionId\":\"session-" + i + "\",\"kind\":\"dayBefore\",\"role\":\"student\"}", cancellationToken: ct));
            var baseline = clock.Elapsed;
            Console.WriteLine($"baseline: raw enqueue of {rows.Count:N0} queue messages: {baseline.TotalSeconds:F2} s ({rows.Count / baseline.TotalSeconds:N0}/s)");

            // 3. As the product does at each confirmation: one plan per session (its rows, an entity-group transaction per due day).
            clock.Restart();
            await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (s, ct) =>
                await store.PlanAsync(ReminderPlan.For(s, now), ct));
            var perSession = clock.Elapsed;
            Console.WriteLine($"compute + write per session ({Students:N0} plans): {perSession.TotalSeconds:F2} s");

            // 4. The whole day in one go (a re-plan after an import): batches of 100 rows per due day, run again on the same rows (idempotent).
            clock.Restart();
            var batches = sessions.SelectMany(s => ReminderPlan.For(s, now)).GroupBy(r => r.PartitionKey).SelectMany(g => g.Chunk(100)).ToList();
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (b, ct) => await store.PlanAsync(b, ct));
            var bulk = clock.Elapsed;
            Console.WriteLine($"compute + write in batches of 100 ({batches.Count:N0} transactions): {bulk.TotalSeconds:F2} s");

            var written = (await store.AllAsync()).Count;
            Console.WriteLine();
            Console.WriteLine($"rows stored: {written:N0} (expected {rows.Count:N0}: the second pass made no duplicate)");
            Console.WriteLine($"ratio per-session plan / raw enqueue = {perSession / baseline:F2}x; batched plan / raw enqueue = {bulk / baseline:F2}x");
        }
        finally
        {
            await tables[ReminderStore.Table].DeleteAsync();
            await queue.DeleteIfExistsAsync();
        }
    }
}

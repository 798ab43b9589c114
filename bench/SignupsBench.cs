using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Workshops;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Bench;

// Benchmark of workshop sign-ups at the service layer (WorkshopStore.SignUpAsync: two point reads and one
// entity-group transaction with the place count, under the workshop's ETag), against Azurite on loopback.
// 1. 200 students at once on ONE workshop (100 places: half confirmed, half on the waiting list).
// 2. 200 students at once spread over 50 workshops (4 each).
// Baseline, measured in the same run: 200 concurrent bare single-entity inserts into the same table.
// Storage: TUTORBOT_TEST_STORAGE (default: Azurite on its default ports).
/// <summary><c>bench/run.sh signups [rounds]</c></summary>
public static class SignupsBench
{
    private const int Students = 200;

    public static async Task RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
        await using var s = await StandIns.StartAsync(new()
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Delivery:Enabled"] = "false",
        });
        var store = s.App.Services.GetRequiredService<WorkshopStore>();
        var table = s.App.Services.GetRequiredService<Tables>()[WorkshopStore.Table];

        // Warm-up: connections, JIT.
        await MeasureAsync("warm-up", 1, async (_, i) => await table.AddEntityAsync(new TableEntity("warm-" + Guid.NewGuid().ToString("N"), "x")));

        var baseline = await MeasureAsync("baseline: bare single-entity insert", rounds, async (_, i) =>
            await table.AddEntityAsync(new TableEntity("bare-" + Guid.NewGuid().ToString("N"), "row") { ["Status"] = "confirmed", ["Seq"] = (long)i }));

        var one = await MeasureAsync("sign-up, 200 students on 1 workshop", rounds, async (round, i) =>
        {
            var result = await store.SignUpAsync(round.Workshops[0], $"student-{i}", DateTimeOffset.UtcNow);
            Check(result);
        }, workshops: 1, capacity: 100, store);

        var spread = await MeasureAsync("sign-up, 200 students over 50 workshops", rounds, async (round, i) =>
        {
            var result = await store.SignUpAsync(round.Workshops[i % 50], $"student-{i}", DateTimeOffset.UtcNow);
            Check(result);
        }, workshops: 50, capacity: 2, store);

        Console.WriteLine();
        Console.WriteLine($"{"",-44} {"p50 ms",9} {"p99 ms",9} {"ops/s",9}   vs baseline: p50, p99, throughput");
        foreach (var r in new[] { baseline, one, spread })
        {
            Console.WriteLine($"{r.Name,-44} {r.P50,9:F1} {r.P99,9:F1} {r.PerSecond,9:F0}   {r.P50 / baseline.P50,6:F2}x {r.P99 / baseline.P99,6:F2}x {r.PerSecond / baseline.PerSecond,6:F2}x");
        }

        Console.WriteLine();
        Console.WriteLine($"One workshop: sign-ups queue on the workshop's lock and its ETag, so p99 grows with the crowd ({one.P99 / baseline.P99:F1}x the bare insert); spread over 50 workshops they run side by side ({spread.PerSecond / one.PerSecond:F1}x the one-workshop throughput).");
    }

    private static void Check(SignUpResult result)
    {
        if (result.Outcome is not (SignUpOutcome.Confirmed or SignUpOutcome.Waiting))
        {
            throw new InvalidOperationException("unexpected sign-up outcome " + result.Outcome);
        }
    }

    private sealed record Round(IReadOnlyList<string> Workshops);

    private sealed record Result(string Name, double P50, double P99, double PerSecond);

    /// <summary>Rounds of 200 concurrent calls; latencies of every call, throughput over the rounds' wall time.</summary>
    private static async Task<Result> MeasureAsync(string name, int rounds, Func<Round, int, Task> call, int workshops = 0, int capacity = 0, WorkshopStore? store = null)
    {
        var latencies = new ConcurrentBag<double>();
        var wall = TimeSpan.Zero;
        for (var r = 0; r < rounds; r++)
        {
            var ids = new List<string>();
            for (var w = 0; w < workshops; w++)
            {
                var workshop = new Workshop
                {
                    PartitionKey = "bench-" + Guid.NewGuid().ToString("N"),
                    Type = WorkshopTypes.JobsForum,
                    ClassIds = "etoile-tle-sti2d",
                    SchoolIds = "lycee-etoile",
                    StartUtc = DateTimeOffset.UtcNow.AddDays(10),
                    DurationMinutes = 120,
                    Place = "bench",
                    Capacity = capacity,
                };
                await store!.TryAddAsync(workshop);
                ids.Add(workshop.Id);
            }

            var round = new Round(ids);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Students).Select(i => Task.Run(async () =>
            {
                var one = Stopwatch.StartNew();
                await call(round, i);
                latencies.Add(one.Elapsed.TotalMilliseconds);
            })));
            wall += clock.Elapsed;
        }

        var sorted = latencies.Order().ToArray();
        var result = new Result(name, Percentile(sorted, 0.50), Percentile(sorted, 0.99), sorted.Length / wall.TotalSeconds);
        Console.WriteLine($"{name}: {sorted.Length} calls, p50 {result.P50:F1} ms, p99 {result.P99:F1} ms, {result.PerSecond:F0}/s");
        return result;
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

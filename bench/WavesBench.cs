using System.Diagnostics;
using System.Globalization;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Waves.Scale;

namespace TutorBot.Bench;

// Benchmark of a wave at programme scale (issue 15): N recipients (default 5,600: 4,300 students and 1,300 tutors),
// each with a stored chat, a wave to everyone composed and sent as the coordinator through /api/waves, sent by two instances of the built bot (child
// processes, Release when built) against the connector stand-in enforcing the Teams limits (30 per second per tenant,
// sliding; per-thread windows; 1 % of calls 503, 1 % answered a second late). Figures: completion time from the send
// to the last row finished, as a ratio to the floor the limits allow (N / 30 s; target <= 1.10); duplicates and
// losses (target 0); peak working set of each instance (target < 300 MB). Then the same with one instance killed
// (kill -9) at half-way (target <= 1.25): its rows in flight come back after the lease (Delivery:Lease, production
// default 2 min, BENCH_LEASE to change; BENCH_NO_KILL=1 skips that run); a card marked sending at the kill is left uncertain by design; the other
// instance sends the rest.
/// <summary><c>bench/run.sh waves [recipients]</c></summary>
public static class WavesBench
{
    public static async Task RunAsync(string[] args)
    {
        var n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_600;
        var lease = TimeSpan.Parse(Environment.GetEnvironmentVariable("BENCH_LEASE") ?? "00:02:00", CultureInfo.InvariantCulture);
        Console.WriteLine($"waves: {n:N0} recipients, two instances of {BotProcess.BuiltBot()}, lease {lease}; load average {LoadAverage()}");
        await OneAsync(n, lease, kill: false);
        if (Environment.GetEnvironmentVariable("BENCH_NO_KILL") != "1")
        {
            await OneAsync(n, lease, kill: true);
        }
        Console.WriteLine($"load average at the end {LoadAverage()} on {Environment.ProcessorCount} cores");
    }

    private static async Task OneAsync(int n, TimeSpan lease, bool kill)
    {
        var settings = ScaleRun.DefaultSettings(lease);
        var options = new ScaleOptions { FailShare = 0.01, SlowShare = 0.01, SlowDelay = TimeSpan.FromSeconds(1) };
        await using var run = await ScaleRun.StartAsync(options, settings);
        var seeding = Stopwatch.StartNew();
        await run.SeedAudienceAsync(n, parallelism: 16);
        Console.WriteLine();
        Console.WriteLine($"{(kill ? "one instance killed at half-way" : "two instances")}: seeded {n:N0} recipients in {seeding.Elapsed.TotalSeconds:F1} s");
        var instances = await Task.WhenAll(run.StartInstanceAsync("wave-a"), run.StartInstanceAsync("wave-b"));
        var rps = int.Parse(run.Settings["Delivery:TenantRequestsPerSecond"], CultureInfo.InvariantCulture);
        var floor = TimeSpan.FromSeconds((double)n / rps);
        var clock = Stopwatch.StartNew();
        var wave = await run.SendWaveAsync(instances[0]);
        if (kill)
        {
            await ScaleRun.WaitAsync(() => run.Delivered() >= n / 2, floor * 3, "half the wave");
            instances[0].Kill();
            Console.WriteLine($"killed wave-a (kill -9) at {clock.Elapsed.TotalSeconds:F1} s, {run.Delivered():N0} delivered");
        }

        await run.WaitWaveSettledAsync(wave, floor * 4 + lease);
        var took = clock.Elapsed;
        var tally = await run.WaveTallyAsync(wave);
        Console.WriteLine($"completion {took.TotalSeconds:F1} s; floor {n:N0} / {rps} per s = {floor.TotalSeconds:F1} s; ratio {took / floor:F2}x (target <= {(kill ? 1.25 : 1.10):F2})");
        Console.WriteLine($"exactly one card {tally.ExactlyOne:N0}; duplicates {tally.Duplicates}; lost {tally.Lost}; uncertain {tally.Uncertain} (of which delivered {tally.UncertainButDelivered}); never {tally.Never}");
        Console.WriteLine($"stand-in: 429 {tally.Throttled}, 503 {tally.Failed}, slow {tally.Slow}, 401 {tally.Unauthorized}; {tally.Reasons}");
        foreach (var instance in instances)
        {
            Console.WriteLine($"{instance.Name}: peak working set {instance.PeakWorkingSetBytes / 1024.0 / 1024.0:F0} MB{(instance.HasExited ? " (killed)" : "")}");
        }

        Console.WriteLine($"per second sent (first 20 s): {PerSecond(run)}; load average {LoadAverage()}");
        Console.WriteLine(WhereTheTimeWent(run, clock.Elapsed, took));
    }

    /// <summary>
    /// Where the time above the floor went: before the first card (expanding the audience), after the last (settling),
    /// and gaps between cards longer than three slots, split by whether a 429 came just before them.
    /// </summary>
    private static string WhereTheTimeWent(ScaleRun run, TimeSpan sinceStart, TimeSpan took)
    {
        var posted = run.Connector.Activities.Where(a => a.Update is null).Select(a => a.At).Order().ToList();
        var refusals = run.Connector.Refusals.Select(r => r.At).Order().ToList();
        if (posted.Count < 2)
        {
            return "where the time went: no cards";
        }

        var started = DateTimeOffset.UtcNow - sinceStart;
        var before = posted[0] - started;
        var after = started + took - posted[^1];
        TimeSpan afterThrottle = TimeSpan.Zero, other = TimeSpan.Zero;
        var events = 0;
        DateTimeOffset? lastEvent = null;
        foreach (var at in refusals)
        {
            if (lastEvent is null || at - lastEvent > TimeSpan.FromSeconds(1))
            {
                events++;
            }

            lastEvent = at;
        }

        for (var i = 1; i < posted.Count; i++)
        {
            var gap = posted[i] - posted[i - 1];
            if (gap <= TimeSpan.FromMilliseconds(100))
            {
                continue;
            }

            var throttled = refusals.Any(r => r <= posted[i] && r >= posted[i - 1] - TimeSpan.FromMilliseconds(200));
            if (throttled)
            {
                afterThrottle += gap;
            }
            else
            {
                other += gap;
            }
        }

        return $"where the time went: first card after {before.TotalSeconds:F1} s, settled {after.TotalSeconds:F1} s after the last; "
            + $"gaps > 100 ms: {afterThrottle.TotalSeconds:F1} s after a 429 ({events} throttle events), {other.TotalSeconds:F1} s otherwise";
    }

    private static string PerSecond(ScaleRun run)
    {
        var posted = run.Connector.Activities.Where(a => a.Update is null).Select(a => a.At).Order().ToList();
        if (posted.Count == 0)
        {
            return "none";
        }

        return string.Join(" ", posted.GroupBy(t => (int)(t - posted[0]).TotalSeconds).Take(20).Select(g => g.Count()));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}

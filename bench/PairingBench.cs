using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Pairing;
using TutorBot.Features.Roster;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Bench;

// Benchmark of pairing (by hand), against Azurite on loopback.
// 1. Suggestions for one student among 1,300 tutors (PairingSuggestions.RankAsync: the tutors' directory partition,
//    the student's school and earlier pairs, the scoring), p50 / p99 over sequential calls, as ratios to one read of
//    the tutors' partition (PairingStore.TutorsAsync) measured in the same run, interleaved.
// 2. The whole-school proposal for 300 students x 1,300 tutors (expanded by capacity into places): wall time and
//    peak memory (managed heap growth and the process's peak working set), with the greedy pass's total for contrast.
// Storage: TUTORBOT_TEST_STORAGE (default: Azurite on its default ports).
/// <summary><c>bench/run.sh pairing [calls]</c></summary>
public static class PairingBench
{
    private const int Tutors = 1300;
    private const int Students = 300;
    private static readonly string[] Cities = ["Marseille", "Aix-en-Provence", "Avignon", "Toulon", "Carpentras", "Nice", "Arles", "Gap"];

    public static async Task RunAsync(string[] args)
    {
        var calls = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
        await using var s = await StandIns.StartAsync(new()
        {
            ["Logging:LogLevel:Default"] = "Warning",
            ["Delivery:Enabled"] = "false",
        });
        var store = s.App.Services.GetRequiredService<PairingStore>();
        var suggestions = s.App.Services.GetRequiredService<PairingSuggestions>();
        var random = new Random(16);

        // 1,300 tutors in the directory, written by partition-sized batches.
        var tutors = Enumerable.Range(0, Tutors).Select(i => new PairingTutor(
            $"tutor-{i:D4}", "o|bench", $"Tuteur {i}", "bench", random.NextDouble() < 0.9, random.Next(1, 4), random.Next(0, 2),
            [Curriculum.Streams[random.Next(Curriculum.Streams.Length)], Curriculum.Streams[random.Next(Curriculum.Streams.Length)]],
            Cities[random.Next(Cities.Length)], "Aix-Marseille")).ToList();
        foreach (var chunk in tutors.Chunk(100))
        {
            await store.Table.SubmitTransactionAsync(chunk.Select(t => new Azure.Data.Tables.TableTransactionAction(Azure.Data.Tables.TableTransactionActionType.UpsertReplace, PairingEntities.Tutor(t))));
        }

        var student = new RosterPerson("bench-student", RosterKinds.Student, "Élève", "Banc", "bench@eleves.example", "0139901Z", Stream: "STI2D");

        // Warm-up: connections, JIT.
        for (var i = 0; i < 10; i++)
        {
            await store.TutorsAsync();
            await suggestions.RankAsync(student, 20);
        }

        var baseline = new List<double>();
        var ranked = new List<double>();
        for (var i = 0; i < calls; i++)
        {
            var clock = Stopwatch.StartNew();
            var read = await store.TutorsAsync();
            baseline.Add(clock.Elapsed.TotalMilliseconds);
            Check(read.Count == Tutors, "directory read");
            clock.Restart();
            var (top, _) = await suggestions.RankAsync(student, 20);
            ranked.Add(clock.Elapsed.TotalMilliseconds);
            Check(top.Count == 20, "suggestions");
        }

        var (b50, b99) = Percentiles(baseline);
        var (r50, r99) = Percentiles(ranked);
        Console.WriteLine($"{"",-52} {"p50 ms",9} {"p99 ms",9}   vs baseline");
        Console.WriteLine($"{"baseline: one read of the tutors' partition (1,300)",-52} {b50,9:F1} {b99,9:F1}");
        Console.WriteLine($"{"suggestions for one student among 1,300 tutors",-52} {r50,9:F1} {r99,9:F1}   p50 {r50 / b50:F2}x, p99 {r99 / b99:F2}x");

        // The whole-school proposal: pure computation on what two reads return.
        var needs = Enumerable.Range(0, Students).Select(i => new StudentNeed(
            $"s-{i:D3}", Curriculum.Streams[random.Next(Curriculum.Streams.Length)], Cities[random.Next(Cities.Length)], "Aix-Marseille", new HashSet<string>())).ToList();
        var places = tutors.Where(t => t.Trained).Sum(t => t.PlacesLeft);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var peakBefore = process.PeakWorkingSet64;
        var proposalClock = Stopwatch.StartNew();
        var proposal = WholeSchoolProposal.Propose(needs, tutors);
        proposalClock.Stop();
        var heap = GC.GetTotalMemory(false) - before;
        process.Refresh();
        var greedy = GreedyTotal(needs, tutors);
        Console.WriteLine();
        Console.WriteLine($"whole-school proposal, {Students} students x {Tutors} tutors ({places} places): {proposalClock.Elapsed.TotalMilliseconds:F0} ms, " +
            $"managed heap +{heap / 1048576.0:F1} MB, process peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MB (before {peakBefore / 1048576.0:F0} MB)");
        Console.WriteLine($"  {proposal.Count} pairs, total score {proposal.Sum(p => (long)p.Score)}; a greedy pass on the same input: {greedy}");
    }

    /// <summary>Best pair first, places taken in order: what the assignment must beat or equal.</summary>
    private static long GreedyTotal(IReadOnlyList<StudentNeed> students, IReadOnlyList<PairingTutor> tutors)
    {
        var taken = tutors.ToDictionary(t => t.Id, _ => 0);
        long total = 0;
        foreach (var student in students)
        {
            var best = tutors.Where(t => t.Trained && taken[t.Id] < t.PlacesLeft)
                .Select(t => (t, Score: TutorScoring.Score(student, t, taken[t.Id]).Score)).Where(x => x.Score > 0).OrderByDescending(x => x.Score).FirstOrDefault();
            if (best.t is not null)
            {
                taken[best.t.Id]++;
                total += best.Score;
            }
        }

        return total;
    }

    private static (double P50, double P99) Percentiles(List<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return (At(0.50), At(0.99));
    }

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException("unexpected result: " + what);
        }
    }
}

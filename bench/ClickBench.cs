using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Demo;
using TutorBot.Features.Tutoring;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Bench;

// Benchmark of a click with slow neighbours: the student's "I'll be there" on a reminder, first with the Graph and
// connector stand-ins answering at once, then with Graph answering in 300 ms and the connector in 150 ms. The
// click itself calls neither (the other side's card and the edits are outbox rows the worker runs meanwhile), so
// the two latencies should be close: target p50 and p99 ratio <= 1.2.
/// <summary><c>bench/run.sh click [clicks]</c></summary>
public static class ClickBench
{
    public static async Task RunAsync(string[] args)
    {
        var clicks = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200;
        await using var s = await StandIns.StartAsync(new() { ["Logging:LogLevel:Default"] = "Warning", ["Delivery:PollInterval"] = "00:00:00.050" });
        var url = s.Connector.ServiceUrl;
        var sessions = s.App.Services.GetRequiredService<SessionStore>();
        var start = DateTimeOffset.UtcNow.AddDays(2);
        for (var i = 0; i < 2 * clicks + 20; i++)
        {
            await sessions.TryAddAsync(new TutoringSession
            {
                PartitionKey = DemoData.Student.Id,
                RowKey = "click-" + i,
                TutorId = DemoData.Tutor.Id,
                StartUtc = start.AddMinutes(i),
                DurationMinutes = 60,
                Status = SessionStatus.Confirmed,
                Generation = 1,
                TutorCardActivityId = "tutor-card-" + i,
                TutorConversationId = "a:" + DemoData.Tutor.TeamsUserId,
                TutorServiceUrl = url,
                StudentCardActivityId = "student-card-" + i,
                StudentConversationId = "a:" + DemoData.Student.TeamsUserId,
                StudentServiceUrl = url,
            });
        }

        var warm = await ClicksAsync(s, 2 * clicks, 20);
        var instant = await ClicksAsync(s, 0, clicks);
        s.Graph.Permanent = GraphStandIn.Fault.Slow(TimeSpan.FromMilliseconds(300));
        s.Connector.Permanent = ConnectorStandIn.Fault.Slow(TimeSpan.FromMilliseconds(150));
        var slow = await ClicksAsync(s, clicks, clicks);
        s.Graph.Permanent = null;
        s.Connector.Permanent = null;

        Console.WriteLine($"warm-up {warm.P50:F1} ms p50");
        Console.WriteLine($"reminder answer, neighbours instant: p50 {instant.P50:F1} ms, p99 {instant.P99:F1} ms ({clicks} clicks)");
        Console.WriteLine($"reminder answer, Graph 300 ms, connector 150 ms: p50 {slow.P50:F1} ms, p99 {slow.P99:F1} ms ({clicks} clicks)");
        Console.WriteLine($"ratio slow / instant: p50 {slow.P50 / instant.P50:F2}x, p99 {slow.P99 / instant.P99:F2}x (target <= 1.2)");
    }

    private static async Task<(double P50, double P99)> ClicksAsync(StandIns s, int from, int count)
    {
        var times = new List<double>(count);
        for (var i = from; i < from + count; i++)
        {
            var activity = Activities.CardAction(s.Connector.ServiceUrl, DemoData.Student, "student-card-" + i, TutoringCards.Verbs.Remind, new Dictionary<string, string>
            {
                ["studentId"] = DemoData.Student.Id, ["sessionId"] = "click-" + i, ["generation"] = "1", ["answer"] = Attendance.Confirmed,
            });
            var clock = Stopwatch.StartNew();
            var response = await s.App.PostActivityAsync(activity);
            times.Add(clock.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
        }

        times.Sort();
        return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.99) - 1)]);
    }
}

using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Waves.Scale;

/// <summary>
/// The outbox at wave scale with real bot processes (issue 15): a worker killed with <c>kill -9</c> halfway and
/// restarted, and a 429 storm honoured by two instances together. Each recipient has one row and one card due now
/// (tutoring reminders stand for the wave's cards until the waves feature lands).
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ScaleProcessTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task AWorkerKilledHalfwayAndRestartedSendsNoCardTwiceAndLosesNone()
    {
        const int Recipients = 300;
        await using var run = await ScaleRun.StartAsync(new ScaleOptions { FailShare = 0.02, SlowShare = 0.02, SlowDelay = TimeSpan.FromSeconds(1) });
        await run.SeedAsync(Recipients);
        var first = await run.StartInstanceAsync("worker");
        await run.PlanAsync();

        await ScaleRun.WaitAsync(() => run.Delivered() >= Recipients / 2, TimeSpan.FromSeconds(90), "half the cards");
        first.Kill();
        run.Mark("killed");
        var killedAt = DateTimeOffset.UtcNow;
        var atKill = run.Delivered();
        await run.StartInstanceAsync("restarted");
        await run.WaitFinishedAsync(TimeSpan.FromSeconds(90));
        var tally = await run.TallyAsync();

        TestContext.WriteLine($"killed at {atKill} of {Recipients} delivered; {tally}; {run.Timeline}");
        Assert.AreEqual(0, tally.Unauthorized, "both processes took their connector token from the issuer");
        Assert.IsLessThan(Recipients, atKill, "killed before the end");
        Assert.IsTrue(run.Connector.Activities.Any(a => a.At > killedAt), "the restarted process sent the rest");
        Assert.AreEqual(0, tally.Duplicates, "no card twice");
        Assert.AreEqual(0, tally.Lost, "every recipient got a card or is listed for the coordinator");
        Assert.AreEqual(Recipients, tally.ExactlyOne + (tally.Uncertain - tally.UncertainButDelivered) + tally.Never, "one card each, or listed uncertain without one");
        Assert.IsLessThanOrEqualTo(8, tally.Interrupted, "only the rows in flight at the kill (one batch's parallelism) were interrupted: " + tally.Reasons);
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task A429ToOneInstanceSilencesBothUntilItsRetryAfterHasPassed()
    {
        const int Recipients = 240;
        const int RetryAfter = 5;
        await using var run = await ScaleRun.StartAsync();
        await run.SeedAsync(Recipients);
        await Task.WhenAll(run.StartInstanceAsync("a"), run.StartInstanceAsync("b"));
        await run.PlanAsync();
        await ScaleRun.WaitAsync(() => run.Connector.Arrivals.Select(a => a.Caller).Distinct().Count() == 2 && run.Delivered() >= 60, TimeSpan.FromSeconds(90), "both instances sending");

        // One call refused: one instance hears the 429, the other only through the limiter they share.
        run.Connector.Storm(calls: 1, retryAfterSeconds: RetryAfter);
        await ScaleRun.WaitAsync(() => run.Connector.Refusals.Any(r => r.Limit == "storm"), TimeSpan.FromSeconds(30), "the storm's 429");
        await run.WaitFinishedAsync(TimeSpan.FromSeconds(90));
        var tally = await run.TallyAsync();

        var storm = run.Connector.Refusals.Single(r => r.Limit == "storm");
        // The other instance may finish the tokens it took in the second of the 429 and those in flight; after that,
        // nothing until the Retry-After ends, from either instance (the Polly retry of the refused call comes after it).
        var quietFrom = storm.At + TimeSpan.FromSeconds(1.5);
        var quietUntil = storm.At + TimeSpan.FromSeconds(RetryAfter - 0.3);
        var during = run.Connector.Arrivals.Where(a => a.At > quietFrom && a.At < quietUntil).ToList();
        var others = run.Connector.Arrivals.Where(a => a.Caller != storm.Caller && a.At > storm.At && a.At < quietUntil).Count();
        TestContext.WriteLine($"429 to {storm.Caller} at {storm.At:HH:mm:ss.fff}; calls by the other instance before its end {others}; in the quiet window {during.Count}; {tally}; {run.Timeline}");
        Assert.IsEmpty(during, $"no instance sends during the Retry-After: {string.Join(", ", during.Select(a => $"{a.Caller} {(a.At - storm.At).TotalSeconds:F2}s"))}");
        Assert.AreEqual(0, tally.Duplicates);
        Assert.AreEqual(Recipients, tally.ExactlyOne, "the wave went on after the storm");
    }
}

using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Waves.Scale;

/// <summary>
/// Waves with real bot processes (issue 15): a worker killed with <c>kill -9</c> halfway and restarted, a cancel
/// mid-wave on two instances, and a 429 honoured by two instances together (the limiter's part, with one outbox row
/// and one card per recipient: tutoring reminders).
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ScaleProcessTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task AWaveWhoseWorkerIsKilledHalfwayAndRestartedSendsNoCardTwiceAndLosesNone()
    {
        const int Recipients = 300;
        await using var run = await ScaleRun.StartAsync(new ScaleOptions { FailShare = 0.02, SlowShare = 0.02, SlowDelay = TimeSpan.FromSeconds(1) });
        await run.SeedAudienceAsync(Recipients);
        var first = await run.StartInstanceAsync("worker");
        var wave = await run.SendWaveAsync(first);

        await ScaleRun.WaitAsync(() => run.Delivered() >= Recipients / 2, TimeSpan.FromSeconds(90), "half the cards");
        first.Kill();
        run.Mark("killed");
        var killedAt = DateTimeOffset.UtcNow;
        var atKill = run.Delivered();
        await run.StartInstanceAsync("restarted");
        await run.WaitWaveSettledAsync(wave, TimeSpan.FromSeconds(90));
        var tally = await run.WaveTallyAsync(wave);

        TestContext.WriteLine($"killed at {atKill} of {Recipients} delivered; {tally}; {run.Timeline}");
        Assert.AreEqual(0, tally.Unauthorized, "both processes took their connector token from the issuer");
        Assert.IsLessThan(Recipients, atKill, "killed before the end");
        Assert.IsTrue(run.Connector.Activities.Any(a => a.At > killedAt), "the restarted process sent the rest");
        Assert.AreEqual(0, tally.Duplicates, "no card twice");
        Assert.AreEqual(0, tally.Lost, "every recipient got a card or is listed for the coordinator");
        Assert.AreEqual(Recipients, tally.ExactlyOne + (tally.Uncertain - tally.UncertainButDelivered) + tally.Never, "one card each, or listed uncertain without one");
        Assert.IsLessThanOrEqualTo(8, tally.Interrupted, "only the cards in flight at the kill (one batch's parallelism) are uncertain for it: " + tally.Reasons);
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task CancellingAWaveMidwayStopsBothInstancesWithinSeconds()
    {
        const int Recipients = 600;
        await using var run = await ScaleRun.StartAsync();
        await run.SeedAudienceAsync(Recipients);
        var instances = await Task.WhenAll(run.StartInstanceAsync("a"), run.StartInstanceAsync("b"));
        var wave = await run.SendWaveAsync(instances[0]);
        await ScaleRun.WaitAsync(() => run.Connector.Activities.Select(a => a.Caller).Distinct().Count() == 2 && run.Delivered() >= 90, TimeSpan.FromSeconds(90), "both instances sending");

        // Cancelled through the other instance: the first learns it from storage (its wave cache lasts 2 s).
        await run.CancelWaveAsync(instances[1], wave);
        var cancelledAt = DateTimeOffset.UtcNow;
        var seen = -1;
        while (run.Delivered() != seen)
        {
            seen = run.Delivered();
            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        var tally = await run.WaveTallyAsync(wave);
        var rows = await run.WaveRecipientsAsync(wave);
        var cards = run.Connector.Activities.Where(a => a.Update is null).Select(a => a.ConversationId).ToHashSet();
        var last = run.Connector.Activities.Where(a => a.Update is null).GroupBy(a => a.Caller).ToDictionary(g => g.Key, g => (g.Max(a => a.At) - cancelledAt).TotalSeconds);
        var states = string.Join(", ", rows.GroupBy(r => r.State.Length == 0 ? "queued" : r.State).Select(g => $"{g.Key} {g.Count()}"));
        TestContext.WriteLine($"last card after the cancel, per instance (s): {string.Join(", ", last.Values.Select(v => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}; rows {states}; {tally}; {run.Timeline}");
        Assert.IsTrue(last.Values.All(v => v < 5), "each instance sent its last card within seconds of the cancel");
        Assert.IsLessThan(Recipients, run.Delivered(), "the wave did not go to everyone");
        Assert.IsTrue(rows.Count(r => r.State == Features.Waves.RecipientStates.Cancelled) > 0, "the rest is recorded cancelled");
        Assert.IsTrue(rows.Where(r => r.State == Features.Waves.RecipientStates.Sent).All(r => cards.Contains("a:29:" + r.PersonId)), "a card recorded sent was delivered");
        Assert.AreEqual(0, tally.Duplicates);
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

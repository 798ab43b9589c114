using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Waves.Scale;

/// <summary>The scale stand-in's limiter on its own: the documented windows (PLATFORM.md §5), sliding, without HTTP.</summary>
[TestClass]
public sealed class TeamsRateLimitsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 17, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset At(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    /// <summary>Sends to <paramref name="thread"/> at each time; returns the admissions.</summary>
    private static List<TeamsRateLimits.Admission> Send(TeamsRateLimits limits, string thread, params double[] times) =>
        [.. times.Select(t => limits.TryAdmit("tenant", thread, At(t)))];

    [TestMethod]
    public void TheEighthSendToOneChatWithinASecondIsRefusedUntilTheFirstLeavesTheWindow()
    {
        var limits = new TeamsRateLimits(tenantPerSecond: 50);
        var first = Send(limits, "chat", 0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6);
        Assert.IsTrue(first.All(a => a.Admitted), "seven in a second pass");

        var eighth = limits.TryAdmit("tenant", "chat", At(0.7));

        Assert.IsFalse(eighth.Admitted);
        Assert.AreEqual("thread 7/1s", eighth.Limit);
        Assert.AreEqual(TimeSpan.FromSeconds(0.3), eighth.RetryAfter, "the first send leaves the window at 1.0 s");
        Assert.IsTrue(limits.TryAdmit("tenant", "chat", At(1.0)).Admitted, "admitted once the first send has aged out");
        Assert.IsTrue(limits.TryAdmit("tenant", "another chat", At(0.7)).Admitted, "another chat has windows of its own");
    }

    [TestMethod]
    public void TheNinthSendToOneChatWithinTwoSecondsIsRefused()
    {
        var limits = new TeamsRateLimits(tenantPerSecond: 50);
        Assert.IsTrue(Send(limits, "chat", 0, 0.2, 0.4, 0.6, 0.8, 1.2, 1.4, 1.6).All(a => a.Admitted), "never 8 in one second");

        var ninth = limits.TryAdmit("tenant", "chat", At(1.8));

        Assert.IsFalse(ninth.Admitted, "eight already in the last two seconds");
        Assert.AreEqual("thread 8/2s", ninth.Limit);
        Assert.AreEqual(TimeSpan.FromSeconds(0.2), ninth.RetryAfter);
    }

    [TestMethod]
    public void TheSixtyFirstSendToOneChatWithinThirtySecondsIsRefused()
    {
        var limits = new TeamsRateLimits(tenantPerSecond: 50);
        var times = Enumerable.Range(0, 60).Select(i => i * 0.45).ToArray();
        Assert.IsTrue(Send(limits, "chat", times).All(a => a.Admitted), "60 sends spread over 27 s pass every short window");

        var refused = limits.TryAdmit("tenant", "chat", At(28));

        Assert.IsFalse(refused.Admitted);
        Assert.AreEqual("thread 60/30s", refused.Limit);
        Assert.AreEqual(TimeSpan.FromSeconds(2), refused.RetryAfter, "the first of the sixty leaves at 30 s");
        Assert.IsTrue(limits.TryAdmit("tenant", "chat", At(30)).Admitted);
    }

    [TestMethod]
    public void TheEighteenHundredAndFirstSendToOneChatWithinAnHourIsRefused()
    {
        var limits = new TeamsRateLimits(tenantPerSecond: 50);
        var times = Enumerable.Range(0, 1800).Select(i => i * 1.9).ToArray();
        Assert.IsTrue(Send(limits, "chat", times).All(a => a.Admitted), "one every 1.9 s passes the 1, 2 and 30 s windows");

        var refused = limits.TryAdmit("tenant", "chat", At(3500));

        Assert.IsFalse(refused.Admitted);
        Assert.AreEqual("thread 1800/3600s", refused.Limit);
        Assert.AreEqual(TimeSpan.FromSeconds(100), refused.RetryAfter);
    }

    [TestMethod]
    public void TheTenantBudgetCountsEveryChatAndSlidesAcrossTheSecondsEdge()
    {
        var limits = new TeamsRateLimits(tenantPerSecond: 30);
        // A client counting whole clock seconds would send 30 at the end of one second and 30 at the start of the next.
        for (var i = 0; i < 30; i++)
        {
            Assert.IsTrue(limits.TryAdmit("tenant", "chat-" + i, At(0.9 + (i * 0.001))).Admitted);
        }

        var nextSecond = limits.TryAdmit("tenant", "chat-30", At(1.1));

        Assert.IsFalse(nextSecond.Admitted, "30 sends are still in the last second");
        Assert.AreEqual("tenant 30/1s", nextSecond.Limit);
        Assert.AreEqual(TimeSpan.FromSeconds(0.8), nextSecond.RetryAfter);
        Assert.IsTrue(limits.TryAdmit("other tenant", "chat-30", At(1.1)).Admitted, "another tenant has its own budget");
        Assert.IsTrue(limits.TryAdmit("tenant", "chat-30", At(1.9)).Admitted);
    }

    [TestMethod]
    public void ARefusedSendIsNotCounted()
    {
        var limits = new TeamsRateLimits(tenantPerSecond: 2);
        Assert.IsTrue(Send(limits, "a", 0, 0.1).All(a => a.Admitted));
        for (var i = 0; i < 10; i++)
        {
            Assert.IsFalse(limits.TryAdmit("tenant", "b", At(0.2 + (i * 0.01))).Admitted);
        }

        Assert.IsTrue(limits.TryAdmit("tenant", "b", At(1.0)).Admitted, "the refusals left no trace: one slot is free once the first send leaves");
    }

    [TestMethod]
    public void RetryAfterIsWholeSecondsRoundedUp()
    {
        Assert.AreEqual(1, TeamsRateLimits.RetryAfterSeconds(TimeSpan.FromMilliseconds(1)));
        Assert.AreEqual(1, TeamsRateLimits.RetryAfterSeconds(TimeSpan.FromSeconds(1)));
        Assert.AreEqual(2, TeamsRateLimits.RetryAfterSeconds(TimeSpan.FromSeconds(1.01)));
        Assert.AreEqual(100, TeamsRateLimits.RetryAfterSeconds(TimeSpan.FromSeconds(100)));
    }
}

using Microsoft.Extensions.DependencyInjection;
using TutorBot.Delivery;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Delivery.DeliveryTestKit;
using static TutorBot.Tests.Infrastructure.ConnectorStandIn;

namespace TutorBot.Tests.Delivery;

/// <summary>Each named outcome of an outbox row, through the real worker, connector client and connector stand-in.</summary>
[TestClass]
[DoNotParallelize]
public sealed class OutboxOutcomeTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 10, 9, 0, 0, TimeSpan.Zero);
    private static StandIns s = null!;
    private static SettableClock clock = null!;
    private string _tenant = "";

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        clock = new SettableClock(Start);
        s = await StandIns.StartAsync(Settings(), x =>
        {
            x.AddSingleton<TimeProvider>(clock);
            AddTestHandlers(x);
        });
        Trust(s.App, s.Connector);
    }

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestInitialize]
    public void Reset()
    {
        s.Connector.Reset();

        // Each test its own tenant (its own limiter budget and throttle) and its own second of the fake clock.
        _tenant = "tenant-" + TestContext.TestName;
        clock.Now += TimeSpan.FromSeconds(1);
    }

    private OutboxRow Row(string key, bool stale = false) => SendRow(s.Connector, key, clock.Now, _tenant, stale);

    [TestMethod]
    public async Task SentRowKeepsTheActivityIdAndLeavesThePendingTable()
    {
        await Store(s.App).PlanAsync(Row("sent-1"));

        var done = await DoneAsync(s.App, "sent-1");

        Assert.AreEqual(DeliveryStates.Sent, done.Outcome);
        Assert.IsNotNull(done.ActivityId);
        Assert.AreEqual("sent-1", s.Connector.Posted(done.ActivityId)?.Text);
        Assert.AreEqual(1, done.Attempts);
        Assert.IsEmpty(await RowsAsync(s.App, OutboxStore.Table, "sent-1"), "a finished row is not pending any more");
    }

    [TestMethod]
    public async Task ThrottledRowComesBackLaterHonouringRetryAfterThenIsSent()
    {
        s.Connector.Enqueue(Fault.Throttle(120));
        var throttledAt = clock.Now;
        await Store(s.App).PlanAsync(Row("later-1"));

        await WaitAsync(async () => (await RowsAsync(s.App, OutboxStore.Table, "later-1")).SingleOrDefault()?.LastOutcome == DeliveryStates.Later, "the row was tried once");
        var pending = (await RowsAsync(s.App, OutboxStore.Table, "later-1")).Single();
        Assert.AreEqual(throttledAt + TimeSpan.FromSeconds(120), pending.NextUtc, "the next try waits as long as Retry-After says");
        StringAssert.Contains(pending.Reason, "429");

        clock.Now = throttledAt + TimeSpan.FromSeconds(60);
        await Task.Delay(500);
        Assert.AreEqual(1, PostsTo(s.Connector, "later-1"), "not tried again before Retry-After");

        clock.Now = throttledAt + TimeSpan.FromSeconds(121);
        var done = await DoneAsync(s.App, "later-1");
        Assert.AreEqual(DeliveryStates.Sent, done.Outcome);
        Assert.AreEqual(2, done.Attempts);
        Assert.AreEqual(2, PostsTo(s.Connector, "later-1"));
    }

    [TestMethod]
    public async Task BlockedRecipientEndsNeverWithItsReasonAndIsNotRetried()
    {
        s.Connector.Enqueue(Fault.Blocked);
        await Store(s.App).PlanAsync(Row("blocked-1"));

        var done = await DoneAsync(s.App, "blocked-1");

        Assert.AreEqual(DeliveryStates.Never, done.Outcome);
        StringAssert.Contains(done.Reason, "MessageWritesBlocked");
        Assert.AreEqual(1, done.Attempts);
        Assert.AreEqual(1, PostsTo(s.Connector, "blocked-1"));
        Assert.IsTrue((await Store(s.App).PoisonAsync()).Any(r => r.Key == "blocked-1"), "listed for the coordinator");
    }

    [TestMethod]
    public async Task SendWhoseOutcomeIsUnknownEndsUncertainAndIsNotSentAgain()
    {
        s.Connector.Enqueue(Fault.GatewayTimeout);
        await Store(s.App).PlanAsync(Row("uncertain-1"));

        var done = await DoneAsync(s.App, "uncertain-1");
        await Task.Delay(500);

        Assert.AreEqual(DeliveryStates.Uncertain, done.Outcome);
        StringAssert.Contains(done.Reason, "504");
        Assert.AreEqual(1, PostsTo(s.Connector, "uncertain-1"), "the 504 came after the request left: not retried blindly");
        Assert.IsEmpty(await RowsAsync(s.App, OutboxStore.Table, "uncertain-1"));
    }

    [TestMethod]
    public async Task UncertainRowIsOnThePoisonListWithItsReasonBesideTheNeverRows()
    {
        s.Connector.Enqueue(Fault.GatewayTimeout);
        await Store(s.App).PlanAsync(Row("uncertain-poison"));
        var uncertain = await DoneAsync(s.App, "uncertain-poison");
        s.Connector.Enqueue(Fault.Blocked);
        await Store(s.App).PlanAsync(Row("never-poison"));
        var never = await DoneAsync(s.App, "never-poison");
        await Store(s.App).PlanAsync(Row("sent-not-poison"));
        await DoneAsync(s.App, "sent-not-poison");

        var poison = await Store(s.App).PoisonAsync();

        Assert.AreEqual(DeliveryStates.Uncertain, uncertain.Outcome);
        var listed = poison.Single(r => r.Key == "uncertain-poison");
        Assert.AreEqual(DeliveryStates.Uncertain, listed.Outcome);
        Assert.AreEqual(uncertain.Reason, listed.Reason);
        StringAssert.Contains(listed.Reason, "504");
        Assert.AreEqual(DeliveryStates.Never, poison.Single(r => r.Key == never.Key).Outcome, "in the same list as the Never rows");
        Assert.IsFalse(poison.Any(r => r.Key == "sent-not-poison"), "a sent row is not poison");
    }

    [TestMethod]
    public async Task StaleRowIsDroppedWithoutSending()
    {
        await Store(s.App).PlanAsync(Row("stale-1", stale: true));

        var done = await DoneAsync(s.App, "stale-1");

        Assert.AreEqual(DeliveryStates.Dropped, done.Outcome);
        Assert.AreEqual(0, PostsTo(s.Connector, "stale-1"));
    }

    [TestMethod]
    public async Task AnExceptionInOneRowDoesNotStopTheOthersNorTheWorker()
    {
        var store = Store(s.App);
        await store.PlanAsync([OutboxRow.Create(TestKinds.Boom, "boom-1", clock.Now, _tenant, "29:boom"), .. Enumerable.Range(0, 5).Select(i => Row("calm-" + i))]);

        foreach (var i in Enumerable.Range(0, 5))
        {
            Assert.AreEqual(DeliveryStates.Sent, (await DoneAsync(s.App, "calm-" + i)).Outcome);
        }

        var boom = await DoneAsync(s.App, "boom-1");
        StringAssert.Contains(boom.Reason, nameof(InvalidOperationException));
        await store.PlanAsync(Row("after-boom"));
        Assert.AreEqual(DeliveryStates.Sent, (await DoneAsync(s.App, "after-boom")).Outcome, "the worker still runs");
    }

    [TestMethod]
    public async Task RowThatRunsOutOfAttemptsEndsNeverAndIsOnThePoisonList()
    {
        s.Connector.Permanent = Fault.Unavailable;
        await Store(s.App).PlanAsync(Row("exhausted-1"));

        var done = await DoneAsync(s.App, "exhausted-1", TimeSpan.FromSeconds(40));
        s.Connector.Permanent = null;

        Assert.AreEqual(DeliveryStates.Never, done.Outcome);
        Assert.AreEqual(3, done.Attempts, "Delivery:MaxAttempts");
        StringAssert.Contains(done.Reason, "attempts exhausted (3)");
        var poison = (await Store(s.App).PoisonAsync()).Single(r => r.Key == "exhausted-1");
        Assert.AreEqual(done.Reason, poison.Reason);
    }
}

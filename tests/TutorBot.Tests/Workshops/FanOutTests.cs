using Microsoft.Extensions.DependencyInjection;
using TutorBot.Delivery;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Workshops.WorkshopTestKit;

namespace TutorBot.Tests.Workshops;

/// <summary>The announcement fan-out through the outbox: one row per recipient, a sent card per recipient, the connector's failures.</summary>
[TestClass]
[DoNotParallelize]
public sealed class FanOutTests
{
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        // One row at a time, so a run of connector faults falls on one recipient's attempts.
        s = await WorkshopTestKit.StartAsync(new() { ["Delivery:BatchSize"] = "1", ["Delivery:Parallelism"] = "1" });
    }

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestInitialize]
    public async Task ResetAsync()
    {
        await DrainAsync(s);
        s.Connector.Reset();
    }

    private static WorkshopStore Store => s.App.Services.GetRequiredService<WorkshopStore>();

    private static OutboxStore Outbox => s.App.Services.GetRequiredService<OutboxStore>();

    [TestMethod]
    public async Task ThrottledSendIsDeliveredOnceAfterRetryAfter()
    {
        var workshop = await PublishAsync(s, "fan-throttle");
        s.Connector.Enqueue(ConnectorStandIn.Fault.Throttle(1), ConnectorStandIn.Fault.Throttle(1));

        var started = DateTimeOffset.UtcNow;
        await DrainAsync(s);

        foreach (var student in new[] { Yasmine, InesB, Tom })
        {
            Assert.AreEqual(1, SentTo(s, student).Count(), student.Id);
        }

        Assert.IsTrue(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1), "Retry-After was honoured");
        Assert.AreEqual("sent", await DeliveryStatusAsync(workshop.Id, Yasmine.Id));
        Assert.AreEqual(DeliveryStates.Sent, (await DoneAsync(s, InviteKey(workshop, Yasmine))).Single().Outcome);
    }

    [TestMethod]
    public async Task ServiceThatKeepsFailingLeavesTheMessageForLaterAndItIsDeliveredOnceWhenBack()
    {
        var workshop = await PublishAsync(s, "fan-503");
        await RunOnceAsync(s);

        // 503 on every try of the first send (the connector's own retries included): the row must come back.
        s.Connector.Enqueue(Enumerable.Repeat(ConnectorStandIn.Fault.Unavailable, 4).ToArray());
        await RunOnceAsync(s);
        Assert.AreEqual(0, s.Connector.Calls.Count(c => c.Method == "POST"));
        foreach (var student in new[] { Yasmine, InesB, Tom })
        {
            Assert.IsNull(await DeliveryStatusAsync(workshop.Id, student.Id), "nothing recorded as delivered, no claim left behind");
        }

        var later = (await PendingAsync(s, WorkshopRows.Prefix(workshop.Id))).Where(r => r.LastOutcome == DeliveryStates.Later).ToList();
        Assert.HasCount(1, later, "the row is kept for later");
        StringAssert.Contains(later[0].Reason, "503");

        await DrainAsync(s);

        Assert.AreEqual(1, SentTo(s, Yasmine).Count());
        Assert.AreEqual("sent", await DeliveryStatusAsync(workshop.Id, Yasmine.Id));
    }

    [TestMethod]
    public async Task RedeliveredMessageSendsNothingTwice()
    {
        var workshop = await PublishAsync(s, "fan-redeliver");
        await DrainAsync(s);
        var sent = s.Connector.Calls.Count;
        workshop = (await Store.GetAsync(workshop.Id))!;

        // The same invitation planned again (at its own time and now), and the whole announcement again: a publish retried.
        await Outbox.PlanAsync(WorkshopRows.Invite(workshop, Yasmine.Id, workshop.PublishedUtc!.Value));
        await Outbox.PlanAsync(WorkshopRows.Invite(workshop, Yasmine.Id, DateTimeOffset.UtcNow));
        await Outbox.PlanAsync(WorkshopRows.Announce(workshop));
        await DrainAsync(s);

        Assert.AreEqual(sent, s.Connector.Calls.Count);
        Assert.AreEqual(1, SentTo(s, Yasmine).Count());
        Assert.IsTrue((await DoneAsync(s, InviteKey(workshop, Yasmine))).Count(r => r.Outcome == DeliveryStates.Dropped) >= 2, "the repeats were dropped, not sent");
    }

    [TestMethod]
    public async Task StudentWhoBlockedTheBotIsRecordedUnreachableAndDropped()
    {
        var workshop = await PublishAsync(s, "fan-blocked");
        await RunOnceAsync(s);
        s.Connector.Permanent = ConnectorStandIn.Fault.Blocked;

        await DrainAsync(s);

        Assert.AreEqual("unreachable", await DeliveryStatusAsync(workshop.Id, Yasmine.Id));
        var done = (await DoneAsync(s, InviteKey(workshop, Yasmine))).Single();
        Assert.AreEqual(DeliveryStates.Never, done.Outcome);
        StringAssert.Contains(done.Reason, "MessageWritesBlocked");
        Assert.IsEmpty(await PendingAsync(s, WorkshopRows.Prefix(workshop.Id)), "dropped, not retried");
        var attempts = s.Connector.Attempts;
        s.Connector.Permanent = null;
        await DrainAsync(s);
        Assert.AreEqual(attempts, s.Connector.Attempts, "never tried again");
    }

    [TestMethod]
    public async Task InvitationIsInTheStudentsLanguage()
    {
        var workshop = await PublishAsync(s, "fan-english");
        await SayAsync(s, Tom, "workshops", "en-US");
        s.Connector.Reset();

        await DrainAsync(s);

        StringAssert.Contains(SentTo(s, Tom).Single().CardText, TextEn("Type_" + workshop.Type));
        StringAssert.Contains(SentTo(s, Yasmine).Single().CardText, Text("Type_" + workshop.Type));
    }

    [TestMethod]
    public async Task AFailingRowDoesNotStopTheOthersNorTheWorker()
    {
        var workshop = await PublishAsync(s, "fan-failing");

        // A row whose payload cannot be read fails in its handler; the invitations around it still go out.
        await Outbox.PlanAsync(OutboxRow.Create(WorkshopRowKinds.Invite, WorkshopRows.Prefix(workshop.Id) + "invite/broken", DateTimeOffset.UtcNow, workshop.TenantId, "broken", "not json"));
        await DrainAsync(s);

        foreach (var student in new[] { Yasmine, InesB, Tom })
        {
            Assert.AreEqual(1, SentTo(s, student).Count(), student.Id);
        }

        var broken = (await DoneAsync(s, WorkshopRows.Prefix(workshop.Id) + "invite/broken")).Single();
        Assert.AreEqual(DeliveryStates.Never, broken.Outcome, "tried its attempts, then listed for the coordinator");
        Assert.IsTrue((await Outbox.PoisonAsync()).Any(r => r.Key == broken.Key));
        var after = await PublishAsync(s, "fan-after-failing");
        await DrainAsync(s);
        Assert.AreEqual(DeliveryStates.Sent, (await DoneAsync(s, InviteKey(after, Yasmine))).Single().Outcome, "the worker still runs");
    }

    private static string InviteKey(Workshop workshop, TutorBot.Features.Programme.Person student) => WorkshopRows.Prefix(workshop.Id) + "invite/" + student.Id;

    private static async Task<string?> DeliveryStatusAsync(string workshopId, string personId) =>
        (await Store.GetSentAsync(workshopId, "invite/" + personId))?.Status;
}

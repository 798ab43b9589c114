using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Workshops.WorkshopTestKit;

namespace TutorBot.Tests.Workshops;

/// <summary>The announcement fan-out: one queue message per recipient, a delivery row per recipient, the connector's failures.</summary>
[TestClass]
[DoNotParallelize]
public sealed class FanOutTests
{
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        // One message at a time, so a run of connector faults falls on one recipient's attempts.
        s = await WorkshopTestKit.StartAsync(new() { ["Workshops:BatchSize"] = "1" });
    }

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestInitialize]
    public async Task ResetAsync()
    {
        await DrainAsync(s);
        s.Connector.Reset();
    }

    private static FanOutQueue Queue => s.App.Services.GetRequiredService<FanOutQueue>();

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
    }

    [TestMethod]
    public async Task ServiceThatKeepsFailingLeavesTheMessageForLaterAndItIsDeliveredOnceWhenBack()
    {
        var workshop = await PublishAsync(s, "fan-503");
        await Worker(s).RunOnceAsync();

        // 503 on every try of the first send (the connector's own retries included): the message must come back.
        s.Connector.Enqueue(Enumerable.Repeat(ConnectorStandIn.Fault.Unavailable, 4).ToArray());
        await Worker(s).RunOnceAsync();
        Assert.AreEqual(0, s.Connector.Calls.Count(c => c.Method == "POST"));
        Assert.AreEqual(0, (await DeliveryRowsAsync(workshop.Id)).Count, "nothing recorded as delivered, no claim left behind");
        Assert.IsTrue((await Queue.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0, "the messages are kept");

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

        // The same per-recipient message again (a worker died after sending, before deleting it), and the whole announcement again.
        await Queue.EnqueueAsync(new FanOutMessage(FanOutKinds.Invite, workshop.Id, Yasmine.Id, FanOutKinds.Invite + ":" + Yasmine.Id));
        await Queue.EnqueueAsync(new FanOutMessage(FanOutKinds.Invite, workshop.Id, Yasmine.Id, FanOutKinds.Invite + ":" + Yasmine.Id));
        await Queue.EnqueueAsync(new FanOutMessage(FanOutKinds.Announce, workshop.Id));
        await DrainAsync(s);

        Assert.AreEqual(sent, s.Connector.Calls.Count);
        Assert.AreEqual(1, SentTo(s, Yasmine).Count());
    }

    [TestMethod]
    public async Task StudentWhoBlockedTheBotIsRecordedUnreachableAndDropped()
    {
        var workshop = await PublishAsync(s, "fan-blocked");
        await Worker(s).RunOnceAsync();
        s.Connector.Permanent = ConnectorStandIn.Fault.Blocked;

        await DrainAsync(s);

        Assert.AreEqual("unreachable", await DeliveryStatusAsync(workshop.Id, Yasmine.Id));
        Assert.AreEqual(0, (await Queue.Client.GetPropertiesAsync()).Value.ApproximateMessagesCount, "dropped, not retried");
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

    private static async Task<List<TableEntity>> DeliveryRowsAsync(string workshopId)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in s.App.Table(FanOutWorker.DeliveriesTable).QueryAsync<TableEntity>(e => e.PartitionKey == workshopId))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<string?> DeliveryStatusAsync(string workshopId, string personId)
    {
        var row = await s.App.Table(FanOutWorker.DeliveriesTable).GetEntityIfExistsAsync<TableEntity>(workshopId, FanOutKinds.Invite + ":" + personId);
        return row.HasValue ? row.Value!.GetString("Status") : null;
    }
}

using Microsoft.Extensions.DependencyInjection;
using TutorBot.Delivery;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Delivery.DeliveryTestKit;
using static TutorBot.Tests.Infrastructure.ConnectorStandIn;

namespace TutorBot.Tests.Delivery;

/// <summary>Two instances of the app on the same tables: rows claimed once, one send budget, one pause on a 429.</summary>
[TestClass]
[DoNotParallelize]
public sealed class OutboxInstancesTests
{
    [TestMethod]
    public async Task TwoInstancesShareTwoHundredRowsAndEachIsHandledExactlyOnce()
    {
        var settings = Settings(new() { ["Delivery:BatchSize"] = "20" });
        await using var s = await StandIns.StartAsync(settings, AddTestHandlers);
        Trust(s.App, s.Connector);
        await using var second = await SecondInstanceAsync(s, settings, AddTestHandlers);

        var now = DateTimeOffset.UtcNow;
        await Store(s.App).PlanAsync(Enumerable.Range(0, 200).Select(i => SendRow(s.Connector, "once-" + i, now, "tenant-once")));
        await WaitAsync(async () => (await RowsAsync(s.App, OutboxStore.DoneTable)).Count >= 200, "200 rows finished", TimeSpan.FromSeconds(60));
        await Task.Delay(500);

        var done = await RowsAsync(s.App, OutboxStore.DoneTable);
        Assert.HasCount(200, done, "one finished row each");
        Assert.IsTrue(done.All(r => r.Outcome == DeliveryStates.Sent && r.Attempts == 1));
        var posts = s.Connector.Arrivals.Where(a => a.Method == "POST").GroupBy(a => a.Path).ToList();
        Assert.HasCount(200, posts, "every row reached the connector");
        Assert.IsTrue(posts.All(p => p.Count() == 1), "none twice");
        Assert.AreEqual(2, done.Select(r => r.Owner).Distinct().Count(), "both instances took part");
        Assert.IsEmpty(await RowsAsync(s.App, OutboxStore.Table));
    }

    [TestMethod]
    public async Task TheLimiterHoldsTwoInstancesTogetherUnderTheTenantBudget()
    {
        const int Budget = 10;
        const int Rows = 60;
        var settings = Settings(new() { ["Delivery:TenantRequestsPerSecond"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        // When each send leaves its instance, not when it reaches the stand-in: on a busy machine the trip across
        // loopback can take long enough to move sends of one second into the next and look like a burst.
        var sent = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        void Services(IServiceCollection services)
        {
            AddTestHandlers(services);
            services.AddHttpClient<IConnector, ConnectorClient>().AddHttpMessageHandler(() => new SendClock(sent));
        }

        await using var s = await StandIns.StartAsync(settings, Services);
        Trust(s.App, s.Connector);
        await using var second = await SecondInstanceAsync(s, settings, Services);

        // A fresh instance's first send waits for the bot's token and a connection, which a running one has: without
        // this, sends that took their limiter tokens in one second would all arrive in the next.
        foreach (var app in new[] { s.App, second })
        {
            await app.Services.CreateScope().ServiceProvider.GetRequiredService<IConnector>()
                .SendAsync(new ConversationRef(s.Connector.ServiceUrl, "a:warm-up", "tenant-warm-up", "29:warm-up"), Activity.FromText("warm-up"));
        }

        s.Connector.Reset();
        sent.Clear();
        var now = DateTimeOffset.UtcNow;
        await Store(s.App).PlanAsync(Enumerable.Range(0, Rows).Select(i => SendRow(s.Connector, "budget-" + i, now, "tenant-budget")));
        await WaitAsync(async () => (await RowsAsync(s.App, OutboxStore.DoneTable)).Count >= Rows, "all rows finished", TimeSpan.FromSeconds(60));

        Assert.HasCount(Rows, s.Connector.Arrivals.Where(a => a.Method == "POST").ToList());
        var posts = sent.Order().ToList();
        Assert.HasCount(Rows, posts);
        // Any second, wherever it starts (the service counts a sliding window, not clock seconds): a count per clock
        // second would let twice the budget through across a second's edge.
        var busiest = posts.Select(t => posts.Count(u => u >= t && u < t + TimeSpan.FromSeconds(1))).Max();
        Assert.IsLessThanOrEqualTo(Budget + 2, busiest, $"at most the budget in any second (two of slack for a busy machine), both instances together; gaps (ms): {string.Join(" ", posts.Zip(posts.Skip(1), (a, b) => (int)(b - a).TotalMilliseconds))}");
        var spread = posts[^1] - posts[0];
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromSeconds((Rows / Budget) - 1.5), spread, $"{Rows} sends at {Budget}/s take their time ({spread})");
        var done = await RowsAsync(s.App, OutboxStore.DoneTable);
        Assert.AreEqual(2, done.Select(r => r.Owner).Distinct().Count(), "both instances sent");
    }

    [TestMethod]
    public async Task ThePerConversationLimitHoldsTwoInstancesTogether()
    {
        const int Rows = 28;
        var settings = Settings(new() { ["Delivery:BatchSize"] = "10", ["Delivery:TenantRequestsPerSecond"] = "50" });
        var sent = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        void Services(IServiceCollection services)
        {
            AddTestHandlers(services);
            services.AddHttpClient<IConnector, ConnectorClient>().AddHttpMessageHandler(() => new SendClock(sent));
        }

        await using var s = await StandIns.StartAsync(settings, Services);
        Trust(s.App, s.Connector);
        await using var second = await SecondInstanceAsync(s, settings, Services);
        foreach (var app in new[] { s.App, second })
        {
            await app.Services.CreateScope().ServiceProvider.GetRequiredService<IConnector>()
                .SendAsync(new ConversationRef(s.Connector.ServiceUrl, "a:warm-up", "tenant-warm-up", "29:warm-up"), Activity.FromText("warm-up"));
        }

        s.Connector.Reset();
        sent.Clear();

        // Many rows for one chat (a coordinator getting every offer), due at once, run by both instances.
        var now = DateTimeOffset.UtcNow;
        var payload = System.Text.Json.JsonSerializer.Serialize(new { serviceUrl = s.Connector.ServiceUrl, stale = false });
        await Store(s.App).PlanAsync(Enumerable.Range(0, Rows).Select(i => OutboxRow.Create(TestKinds.Send, "chat-" + i, now, "tenant-chat", "29:chat", payload, conversationId: "a:one-chat")));
        await WaitAsync(async () => (await RowsAsync(s.App, OutboxStore.DoneTable)).Count >= Rows, "all rows finished", TimeSpan.FromSeconds(60));

        var posts = sent.Order().ToList();
        Assert.HasCount(Rows, posts);
        var perSecond = string.Join(" ", posts.GroupBy(t => t.ToUnixTimeSeconds()).Select(g => g.Count()));
        var busiestSecond = posts.GroupBy(t => t.ToUnixTimeSeconds()).Max(g => g.Count());
        // As for the tenant budget: a send whose token was taken at the end of a second may leave in the next one.
        Assert.IsLessThanOrEqualTo(DeliveryLimiter.PerConversationPerSecond + 2, busiestSecond, $"at most 7 a second to one chat, both instances together; per second: {perSecond}");
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromSeconds((Rows / DeliveryLimiter.PerConversationPerSecond) - 1.5), posts[^1] - posts[0], perSecond);
        var done = await RowsAsync(s.App, OutboxStore.DoneTable);
        Assert.IsTrue(done.All(r => r.Outcome == DeliveryStates.Sent));
        Assert.AreEqual(2, done.Select(r => r.Owner).Distinct().Count(), "both instances sent to the chat");

        // The chat's shared window only matters for 30 s: once idle it is purged (with the done rows, hourly).
        var limiter = s.App.Services.GetRequiredService<DeliveryLimiter>();
        Assert.IsGreaterThanOrEqualTo(1, await limiter.PurgeIdleConversationsAsync(DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.AreEqual(0, await limiter.PurgeIdleConversationsAsync(DateTimeOffset.UtcNow.AddMinutes(1)), "nothing left");
    }

    [TestMethod]
    public async Task A429AtOneInstancePausesTheOther()
    {
        var settings = Settings(new() { ["Delivery:BatchSize"] = "20" });
        await using var s = await StandIns.StartAsync(settings, AddTestHandlers);
        Trust(s.App, s.Connector);
        await using var second = await SecondInstanceAsync(s, settings, AddTestHandlers);

        // Both instances have to wait for the slow connector, so both are mid-batch when the 429 comes.
        s.Connector.Enqueue([.. Enumerable.Repeat(Fault.Slow(TimeSpan.FromMilliseconds(100)), 10), Fault.Throttle(3)]);
        var now = DateTimeOffset.UtcNow;
        await Store(s.App).PlanAsync(Enumerable.Range(0, 80).Select(i => SendRow(s.Connector, "pause-" + i, now, "tenant-pause")));
        await WaitAsync(async () => (await RowsAsync(s.App, OutboxStore.DoneTable)).Count >= 80, "all rows finished", TimeSpan.FromSeconds(60));

        var arrivals = s.Connector.Arrivals;
        var throttled = arrivals.Single(a => a.Status == 429).At;
        var inPause = arrivals.Where(a => a.At > throttled + TimeSpan.FromSeconds(1.2) && a.At < throttled + TimeSpan.FromSeconds(2.8)).ToList();
        Assert.IsEmpty(inPause, $"no instance sent during the Retry-After: {inPause.Count} did");
        var done = await RowsAsync(s.App, OutboxStore.DoneTable);
        Assert.IsTrue(done.All(r => r.Outcome == DeliveryStates.Sent), "all sent in the end");
        var afterPause = done.Where(r => r.FinishedUtc > throttled + TimeSpan.FromSeconds(2.8)).Select(r => r.Owner).Distinct().Count();
        Assert.AreEqual(2, afterPause, "both instances had rows left and sent them after the pause");
        Assert.IsTrue(arrivals.Count(a => a.Method == "POST" && a.At < throttled + TimeSpan.FromSeconds(1.2)) < 80, "the pause came in the middle of the work");
    }

    /// <summary>Notes when a POST leaves the instance.</summary>
    private sealed class SendClock(System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> sent) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Post)
            {
                sent.Enqueue(DateTimeOffset.UtcNow);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}

using Microsoft.Extensions.DependencyInjection;
using TutorBot.Demo;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Infrastructure.ConnectorStandIn;

namespace TutorBot.Tests.Protocol;

/// <summary>
/// A try after a 429 or 503 waits for its turn on the shared limiter, like a first send: tries that all wake at the end
/// of one Retry-After would otherwise leave together on top of the resumed schedule and draw the next 429.
/// </summary>
[TestClass]
public sealed class ConnectorRetrySlotTests
{
    [TestMethod]
    public async Task ARetriedTryLeavesOnlyOnceTheLimiterGivesItASlotAndTheFirstTryAsksNothing()
    {
        var turns = new SlowTurns(TimeSpan.FromMilliseconds(700));
        await using var s = await StandIns.StartAsync(services: services => services.AddSingleton<IConnectorThrottleObserver>(turns));
        s.App.Services.GetRequiredService<ServiceUrlRegistry>().Trust(s.Connector.ServiceUrl);
        var connector = s.App.Services.GetRequiredService<IConnector>();
        var to = new ConversationRef(s.Connector.ServiceUrl, "a:retry-slot", DemoData.TenantId, "29:user");

        var first = await connector.SendAsync(to, Activity.FromText("bonjour"));
        Assert.IsNotNull(first);
        Assert.AreEqual(0, turns.Asked, "a first try is the caller's to schedule (the outbox took its slot)");

        s.Connector.Enqueue(Fault.Throttle(1), Fault.Unavailable);
        var mark = s.Connector.Arrivals.Count;
        var id = await connector.SendAsync(to, Activity.FromText("encore"));

        Assert.IsNotNull(id);
        Assert.AreEqual(2, turns.Asked, "one turn per retried try (after the 429, after the 503)");
        CollectionAssert.AreEqual(new[] { DemoData.TenantId, DemoData.TenantId }, turns.Tenants.ToArray());
        var tries = s.Connector.Arrivals.Skip(mark).Where(a => a.Method == "POST").Select(a => a.At).ToList();
        Assert.HasCount(3, tries);
        Assert.IsTrue(tries[1] - tries[0] >= TimeSpan.FromSeconds(1.6), $"Retry-After (1 s) and then the turn (0.7 s): {(tries[1] - tries[0]).TotalSeconds:F2} s");
        Assert.IsTrue(tries[2] - tries[1] >= TimeSpan.FromSeconds(0.65), $"after the 503, the turn again: {(tries[2] - tries[1]).TotalSeconds:F2} s");
    }

    /// <summary>A limiter whose every turn takes a while to come.</summary>
    private sealed class SlowTurns(TimeSpan wait) : IConnectorThrottleObserver
    {
        private int _asked;

        public int Asked => _asked;

        public System.Collections.Concurrent.ConcurrentQueue<string?> Tenants { get; } = new();

        public Task ThrottledAsync(string? tenantId, TimeSpan retryAfter, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public async Task RetryingAsync(string? tenantId, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _asked);
            Tenants.Enqueue(tenantId);
            await Task.Delay(wait, cancellationToken);
        }
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Infrastructure.ConnectorStandIn;

namespace TutorBot.Tests.Protocol;

/// <summary>
/// A POST is retried only when the connector certainly did not act; otherwise its outcome is unknown
/// (<see cref="ConnectorException.MayHaveSent"/>). Each test has its own app: its failures count for that app's
/// circuit breaker only.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ConnectorPostOutcomeTests
{
    private StandIns s = null!;

    [TestInitialize]
    public async Task StartAsync() => s = await StandIns.StartAsync();

    [TestCleanup]
    public async Task StopAsync() => await s.DisposeAsync();

    private ConversationRef To => new(s.Connector.ServiceUrl, "a:post-outcome", DemoData.TenantId, "29:user");

    private IConnector NewConnector()
    {
        s.App.Services.GetRequiredService<ServiceUrlRegistry>().Trust(s.Connector.ServiceUrl);
        return s.App.Services.CreateScope().ServiceProvider.GetRequiredService<IConnector>();
    }

    [TestMethod]
    public async Task ServerErrorAfterAPostLeftIsNotRetriedAndMayHaveSent()
    {
        foreach (var fault in new[] { Fault.GatewayTimeout, new Fault(500), new Fault(502) })
        {
            s.Connector.Reset();
            s.Connector.Enqueue(fault);

            var error = await Assert.ThrowsExactlyAsync<ConnectorException>(() => NewConnector().SendAsync(To, Activity.FromText("bonjour")));

            Assert.AreEqual(fault.Status, error.StatusCode);
            Assert.IsTrue(error.MayHaveSent, $"{fault.Status} to a POST: the outcome is unknown");
            Assert.AreEqual(1, s.Connector.Attempts, $"{fault.Status} to a POST is not retried blindly");
        }
    }

    [TestMethod]
    public async Task SlowAnswerToAPostIsNotRetriedAndMayHaveSent()
    {
        s.Connector.Enqueue(Fault.Slow(TimeSpan.FromSeconds(3)));

        var error = await Assert.ThrowsExactlyAsync<ConnectorException>(() => NewConnector().SendAsync(To, Activity.FromText("bonjour")));

        Assert.IsTrue(error.MayHaveSent);
        Assert.AreEqual(1, s.Connector.Attempts, "the request left: not sent again");
    }

    [TestMethod]
    public async Task ServerErrorToAnUpdateIsRetried()
    {
        var connector = NewConnector();
        var id = await connector.SendAsync(To, Activity.FromText("v1"));
        s.Connector.Enqueue(Fault.GatewayTimeout, new Fault(500));

        await connector.UpdateAsync(To, id!, Activity.FromText("v2"));

        Assert.AreEqual("v2", s.Connector.Posted(id!)?.Text);
        Assert.AreEqual(4, s.Connector.Attempts, "one send, two failed updates, one update");
    }

    [TestMethod]
    public async Task PostThatCouldNotConnectIsCertainlyNotSent()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var nobody = $"http://127.0.0.1:{port}/";
        s.App.Services.GetRequiredService<ServiceUrlRegistry>().Trust(nobody);
        var connector = NewConnector();

        var error = await Assert.ThrowsExactlyAsync<ConnectorException>(() => connector.SendAsync(To with { ServiceUrl = nobody }, Activity.FromText("bonjour")));

        Assert.IsFalse(error.MayHaveSent, "a refused connection never reached the service");
        Assert.IsInstanceOfType<HttpRequestException>(error.InnerException);
    }

    [TestMethod]
    public async Task RetryAfterLongerThanACallCanWaitIsLeftToTheCaller()
    {
        s.Connector.Enqueue(Fault.Throttle(120));

        var error = await Assert.ThrowsExactlyAsync<ConnectorException>(() => NewConnector().SendAsync(To, Activity.FromText("bonjour")));

        Assert.AreEqual(429, error.StatusCode);
        Assert.AreEqual(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.IsFalse(error.MayHaveSent);
        Assert.AreEqual(1, s.Connector.Attempts);
    }
}

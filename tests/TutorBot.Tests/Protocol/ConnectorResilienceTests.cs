using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Infrastructure.ConnectorStandIn;

namespace TutorBot.Tests.Protocol;

/// <summary>The connector client against a connector that throttles, fails and stalls as the real one can.</summary>
[TestClass]
[DoNotParallelize]
public sealed class ConnectorResilienceTests
{
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await StandIns.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestInitialize]
    public void Reset() => s.Connector.Reset();

    private static ConversationRef To => new(s.Connector.ServiceUrl, "a:resilience", DemoData.TenantId, "29:user");

    private static IConnector NewConnector()
    {
        s.App.Services.GetRequiredService<ServiceUrlRegistry>().Trust(s.Connector.ServiceUrl);
        return s.App.Services.CreateScope().ServiceProvider.GetRequiredService<IConnector>();
    }

    [TestMethod]
    public async Task ReplyThrottledTwiceIsDeliveredExactlyOnce()
    {
        s.Connector.Enqueue(Fault.Throttle(1), Fault.Throttle(1));

        var id = await NewConnector().SendAsync(To, Activity.FromText("bonjour"));

        Assert.IsNotNull(id);
        Assert.AreEqual(3, s.Connector.Attempts, "two throttled tries, then one delivery");
        Assert.AreEqual(1, s.Connector.Calls.Count(c => c.Method == "POST"), "delivered exactly once");
    }

    [TestMethod]
    public async Task RetryAfterIsHonoured()
    {
        s.Connector.Enqueue(Fault.Throttle(2));
        var started = DateTimeOffset.UtcNow;

        await NewConnector().SendAsync(To, Activity.FromText("bonjour"));

        Assert.IsTrue(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(1.9), "waited as long as Retry-After said, not the 50 ms backoff");
    }

    [TestMethod]
    public async Task ServiceUnavailableAndSlowAnswersAreRetried()
    {
        // A 503 to a POST certainly did not post: retried. A slow answer is retried on a PUT, which is idempotent;
        // a slow POST may have posted and is not retried (SlowAnswerToAPostIsNotRetriedAndMayHaveSent).
        var connector = NewConnector();
        s.Connector.Enqueue(Fault.Unavailable);
        var id = await connector.SendAsync(To, Activity.FromText("bonjour"));
        s.Connector.Enqueue(Fault.Slow(TimeSpan.FromSeconds(3)));
        await connector.UpdateAsync(To, id!, Activity.FromText("bonjour, modifié"));

        Assert.IsNotNull(id);
        Assert.AreEqual(1, s.Connector.Calls.Count(c => c.Method == "POST"));
        Assert.AreEqual("bonjour, modifié", s.Connector.Posted(id!)?.Text);
        Assert.AreEqual(4, s.Connector.Attempts, "a 503 and a delivery, a timed-out and a retried update");
    }

    [TestMethod]
    public async Task ReplyThatKeepsFailingIsGivenUpAfterTheRetryBudget()
    {
        s.Connector.Permanent = Fault.Unavailable;

        var error = await Assert.ThrowsExactlyAsync<ConnectorException>(() => NewConnector().SendAsync(To, Activity.FromText("bonjour")));

        Assert.AreEqual(503, error.StatusCode);
        Assert.AreEqual(4, s.Connector.Attempts, "one try and three retries");
    }

    [TestMethod]
    public async Task ClientErrorsAreNotRetried()
    {
        s.Connector.Enqueue(Fault.BadRequest);

        var error = await Assert.ThrowsExactlyAsync<ConnectorException>(() => NewConnector().SendAsync(To, Activity.FromText("bonjour")));

        Assert.AreEqual(400, error.StatusCode);
        Assert.AreEqual(1, s.Connector.Attempts);
    }

    [TestMethod]
    public async Task BlockedRecipientIsMarkedUnreachableWithoutRetry()
    {
        s.Connector.Enqueue(Fault.Blocked);

        var error = await Assert.ThrowsExactlyAsync<ConnectorException>(() => NewConnector().SendAsync(To, Activity.FromText("bonjour")));

        Assert.IsTrue(error.RecipientUnreachable);
        Assert.AreEqual(1, s.Connector.Attempts);
    }

    [TestMethod]
    public async Task TokenIsNeverSentToAnUnknownServiceUrl()
    {
        var stranger = new ConversationRef("https://attacker.example/", "a:x", DemoData.TenantId, "29:user");

        await Assert.ThrowsExactlyAsync<ConnectorException>(() => NewConnector().SendAsync(stranger, Activity.FromText("bonjour")));

        Assert.AreEqual(0, s.Connector.Attempts);
    }

    [TestMethod]
    public async Task TokenIsCachedUntilItExpires()
    {
        var before = s.Issuer.TokensIssued;
        var connector = NewConnector();

        await connector.SendAsync(To, Activity.FromText("un"));
        await connector.SendAsync(To, Activity.FromText("deux"));
        await NewConnector().SendAsync(To, Activity.FromText("trois"));

        Assert.IsTrue(s.Issuer.TokensIssued - before <= 1, "at most one token for three sends");
        Assert.AreEqual(3, s.Connector.Calls.Count(c => c.Method == "POST"), "the stand-in accepted the token each time");
    }

    [TestMethod]
    public async Task UpdateReplyDeleteAndMembersUseTheDocumentedRoutes()
    {
        var connector = NewConnector();
        var id = await connector.SendAsync(To, Activity.FromText("v1"));
        var reply = await connector.ReplyAsync(To, id!, Activity.FromText("réponse"));
        await connector.UpdateAsync(To, id!, Activity.FromText("v2"));
        s.Connector.AddMember("29:user", "aad-user", "user@example.org");
        var member = await connector.GetMemberAsync(To, "29:user");
        await connector.DeleteAsync(To, reply!);

        Assert.AreEqual("v2", s.Connector.Posted(id!)?.Text);
        Assert.AreEqual("29:user", member?.Id);
        Assert.AreEqual("user@example.org", member?.UserPrincipalName);
        CollectionAssert.AreEqual(new[] { "POST", "POST", "PUT", "DELETE" }, s.Connector.Calls.Select(c => c.Method).ToArray());
    }

    [TestMethod]
    public async Task TurnCompletesWhenItsReplyKeepsFailingAndTheErrorIsLogged()
    {
        // A fresh app: the failures of the other tests may have opened this one's circuit breaker, as they should.
        await using var fresh = await StandIns.StartAsync();
        fresh.Connector.Permanent = Fault.Unavailable;
        var person = new Person("resilience-user", Roles.Student, "Test", DemoData.TenantId, "resilience-aad", "29:resilience");

        // A person of the programme: a stranger's turn would also plan a member lookup, whose calls would count here.
        await fresh.App.Services.GetRequiredService<ProgrammeStore>().UpsertAsync(person);
        var response = await fresh.App.PostActivityAsync(Activities.Message(fresh.Connector.ServiceUrl, person, "aide"));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(4, fresh.Connector.Attempts, "the retry budget was spent");
        Assert.IsTrue(fresh.App.Logs.Entries.Any(e => e.Level == LogLevel.Error && e.Event.Id == 3001), "the failure is logged");
        fresh.Connector.Permanent = null;
        var next = await fresh.App.PostActivityAsync(Activities.Message(fresh.Connector.ServiceUrl, person, "aide"));
        Assert.AreEqual(HttpStatusCode.OK, next.StatusCode);
        Assert.AreEqual(1, fresh.Connector.Calls.Count(c => c.Method == "POST"), "the next turn's reply goes out");
    }

    [TestMethod]
    public async Task CircuitOpensAfterRepeatedFailuresAndSparesTheConnector()
    {
        await using var fresh = await StandIns.StartAsync();
        fresh.App.Services.GetRequiredService<ServiceUrlRegistry>().Trust(fresh.Connector.ServiceUrl);
        var connector = fresh.App.Services.CreateScope().ServiceProvider.GetRequiredService<IConnector>();
        var to = new ConversationRef(fresh.Connector.ServiceUrl, "a:breaker", DemoData.TenantId, "29:user");
        fresh.Connector.Permanent = Fault.Unavailable;

        for (var i = 0; i < 8; i++)
        {
            await Assert.ThrowsExactlyAsync<ConnectorException>(() => connector.SendAsync(to, Activity.FromText("x")));
        }

        Assert.IsTrue(fresh.Connector.Attempts < 8 * 4, $"the open circuit stopped calls: {fresh.Connector.Attempts} of {8 * 4} reached the connector");
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Protocol;

/// <summary>
/// When the token issuer's metadata cannot be read, the bot keeps the last keys it read for a bounded grace
/// period, retries with growing pauses instead of on every request, and refuses once the grace period is over.
/// </summary>
[TestClass]
public sealed class MetadataOutageTests
{
    [TestMethod]
    public async Task IssuerOutageKeepsTheLastKeysForTheGracePeriodWithBoundedRetries()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        await using var s = await StandIns.StartAsync(
            new()
            {
                ["Bot:Auth:MetadataRefreshInterval"] = "12:00:00",
                ["Bot:Auth:MetadataGracePeriod"] = "1.00:00:00",
                ["Bot:Auth:MetadataRetryDelay"] = "00:00:15",
                ["Bot:Auth:MetadataRetryMaxDelay"] = "00:15:00",
            },
            services => services.AddSingleton<TimeProvider>(clock));
        var filledAt = clock.Now;
        Assert.AreEqual(HttpStatusCode.OK, (await PostAsync(s, clock)).StatusCode, "the cache is filled while the issuer is up");

        // The issuer goes down; the refresh interval passes.
        s.Issuer.MetadataStatus = 503;
        clock.Now = filledAt + TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1);
        var readsBefore = s.Issuer.MetadataReads;
        var readsPerAttempt = 0;
        for (var i = 0; i < 50; i++)
        {
            clock.Now += TimeSpan.FromMinutes(1);
            Assert.AreEqual(HttpStatusCode.OK, (await PostAsync(s, clock)).StatusCode, $"request {i}: the last keys still serve during the grace period");
            if (i == 0)
            {
                readsPerAttempt = s.Issuer.MetadataReads - readsBefore;
            }
        }

        // One attempt is a read plus quick retries (the HTTP client's two, IdentityModel's one on a 503).
        Assert.IsTrue(readsPerAttempt is >= 1 and <= 6, $"{readsPerAttempt} reads for one refresh attempt");

        // Backoff 15 s, 30 s, 1, 2, 4, 8, 15, 15 min… over 50 minutes: nine attempts, not fifty.
        var attempts = (s.Issuer.MetadataReads - readsBefore) / readsPerAttempt;
        Assert.IsTrue(attempts >= 3, $"the refresh is retried ({attempts} attempts)");
        Assert.IsTrue(attempts <= 10, $"{attempts} refresh attempts for 50 requests: the refresh backs off instead of running per request");

        // Tokens naming an unknown key during the outage do not force a read each either.
        var readsBeforeUnknown = s.Issuer.MetadataReads;
        for (var i = 0; i < 10; i++)
        {
            var unknown = s.Issuer.BotFrameworkToken(BotApplication.AppId, s.Connector.ServiceUrl, key: s.Issuer.Unpublished, notBefore: clock.Now.AddMinutes(-1), expires: clock.Now.AddHours(1));
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await PostAsync(s, clock, unknown)).StatusCode);
        }

        Assert.IsTrue(s.Issuer.MetadataReads - readsBeforeUnknown <= readsPerAttempt, "at most one attempt while backing off");

        // The grace period is over: the old keys are no longer trusted.
        clock.Now = filledAt + TimeSpan.FromHours(12) + TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await PostAsync(s, clock)).StatusCode, "keys older than refresh interval + grace period are refused");

        // The issuer comes back: the next attempt after the backoff reads fresh keys.
        s.Issuer.MetadataStatus = null;
        clock.Now += TimeSpan.FromMinutes(16);
        Assert.AreEqual(HttpStatusCode.OK, (await PostAsync(s, clock)).StatusCode, "fresh keys once the issuer answers again");
    }

    private static Task<HttpResponseMessage> PostAsync(StandIns s, SettableClock clock, string? token = null)
    {
        var person = new Person("p-" + Guid.NewGuid().ToString("N")[..8], Roles.Student, "Test", DemoData.TenantId, Guid.NewGuid().ToString(), "29:" + Guid.NewGuid().ToString("N"));
        return s.App.PostActivityAsync(
            Activities.Message(s.Connector.ServiceUrl, person, "aide"),
            token ?? s.Issuer.BotFrameworkToken(BotApplication.AppId, s.Connector.ServiceUrl, notBefore: clock.Now.AddMinutes(-1), expires: clock.Now.AddHours(1)));
    }
}

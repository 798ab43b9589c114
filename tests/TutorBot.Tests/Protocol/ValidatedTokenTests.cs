using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Protocol;

/// <summary>
/// A token that passed every check is not checked again on each activity, but only while nothing that made it
/// valid has changed: it is refused once it expires, and once the issuer stops publishing its signing key.
/// </summary>
[TestClass]
public sealed class ValidatedTokenTests
{
    [TestMethod]
    public async Task AReusedTokenIsRefusedOnceItExpires()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        await using var s = await StandIns.StartAsync(services: services => services.AddSingleton<TimeProvider>(clock));
        var token = s.Issuer.BotFrameworkToken(BotApplication.AppId, s.Connector.ServiceUrl, notBefore: clock.Now.AddMinutes(-1), expires: clock.Now.AddMinutes(10));

        Assert.AreEqual(HttpStatusCode.OK, (await PostAsync(s, token)).StatusCode);
        clock.Now += TimeSpan.FromMinutes(14);
        Assert.AreEqual(HttpStatusCode.OK, (await PostAsync(s, token)).StatusCode, "within its lifetime plus the 5 minutes' skew");
        clock.Now += TimeSpan.FromMinutes(2);
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await PostAsync(s, token)).StatusCode, "expired more than the skew ago, though it was valid before");
    }

    [TestMethod]
    public async Task AReusedTokenIsRefusedOnceItsKeyIsWithdrawn()
    {
        await using var s = await StandIns.StartAsync();
        var old = s.Issuer.BotFrameworkToken(BotApplication.AppId, s.Connector.ServiceUrl);
        Assert.AreEqual(HttpStatusCode.OK, (await PostAsync(s, old)).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await PostAsync(s, old)).StatusCode, "the same token again");

        // Rollover: a new key is published, the old one withdrawn; a token signed with the new key makes the bot read the keys.
        s.Issuer.Publish(s.Issuer.Rotated);
        s.Issuer.Withdraw(s.Issuer.Endorsed);
        var reads = s.Issuer.MetadataReads;
        Assert.AreEqual(HttpStatusCode.OK, (await PostAsync(s, s.Issuer.BotFrameworkToken(BotApplication.AppId, s.Connector.ServiceUrl, key: s.Issuer.Rotated))).StatusCode);
        Assert.IsTrue(s.Issuer.MetadataReads > reads, "the new key made the bot read the metadata again");

        Assert.AreEqual(HttpStatusCode.Unauthorized, (await PostAsync(s, old)).StatusCode, "its key is no longer published");
    }

    private static Task<HttpResponseMessage> PostAsync(StandIns s, string token)
    {
        var person = new Person("p-" + Guid.NewGuid().ToString("N")[..8], Roles.Student, "Test", DemoData.TenantId, Guid.NewGuid().ToString(), "29:" + Guid.NewGuid().ToString("N"));
        return s.App.PostActivityAsync(Activities.Message(s.Connector.ServiceUrl, person, "aide"), token);
    }
}

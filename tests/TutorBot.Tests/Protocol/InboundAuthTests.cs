using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Protocol;

/// <summary>POST /api/messages accepts only tokens the Bot Framework would issue for this bot and this activity.</summary>
[TestClass]
public sealed class InboundAuthTests
{
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await StandIns.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    private static TokenIssuerStandIn Issuer => s.Issuer;

    private static string ServiceUrl => s.Connector.ServiceUrl;

    [TestMethod]
    public async Task ValidTokenIsServedAndTheUserIsRemembered()
    {
        var person = NewPerson();
        await s.App.Services.GetRequiredService<ProgrammeStore>().UpsertAsync(person);
        var response = await s.App.PostActivityAsync(Activities.Message(ServiceUrl, person, "aide"));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.IsTrue(await IsRememberedAsync(person));
        Assert.IsTrue(s.Connector.Calls.Any(c => c.ConversationId == Activities.ConversationIdOf(person)), "the help card was sent");
    }

    public static IEnumerable<object[]> BadTokens()
    {
        yield return ["expired", (Func<string, string>)(url => Issuer.BotFrameworkToken(BotApplication.AppId, url, notBefore: DateTimeOffset.UtcNow.AddHours(-2), expires: DateTimeOffset.UtcNow.AddMinutes(-6)))];
        yield return ["not yet valid", (Func<string, string>)(url => Issuer.BotFrameworkToken(BotApplication.AppId, url, notBefore: DateTimeOffset.UtcNow.AddMinutes(6), expires: DateTimeOffset.UtcNow.AddHours(1)))];
        yield return ["wrong issuer", (Func<string, string>)(url => Issuer.BotFrameworkToken(BotApplication.AppId, url, issuer: "https://api.botframework.example"))];
        yield return ["wrong audience", (Func<string, string>)(url => Issuer.BotFrameworkToken("https://api.botframework.com", url))];
        yield return ["another bot's audience", (Func<string, string>)(url => Issuer.BotFrameworkToken(Guid.NewGuid().ToString(), url))];
        yield return ["bad signature", (Func<string, string>)(url => Tamper(Issuer.BotFrameworkToken(BotApplication.AppId, url)))];
        yield return ["alg none", (Func<string, string>)(url => TokenIssuerStandIn.Unsigned(BotApplication.AppId, url, Issuer.Endorsed.Id))];
        yield return ["HS256 signed with the public key", (Func<string, string>)(url => TokenIssuerStandIn.HmacWithPublicKey(Issuer.Endorsed, BotApplication.AppId, url))];
        yield return ["unknown kid", (Func<string, string>)(url => Issuer.BotFrameworkToken(BotApplication.AppId, url, key: Issuer.Unpublished))];
        yield return ["key not endorsed for msteams", (Func<string, string>)(url => Issuer.BotFrameworkToken(BotApplication.AppId, url, key: Issuer.NotEndorsed))];
        yield return ["serviceurl claim mismatch", (Func<string, string>)(_ => Issuer.BotFrameworkToken(BotApplication.AppId, "https://smba.trafficmanager.net/evil/"))];
        yield return ["malformed token", (Func<string, string>)(_ => "not-a-jwt")];
    }

    [TestMethod]
    [DynamicData(nameof(BadTokens))]
    public async Task BadTokenIsRefusedAndNothingIsStored(string name, Func<string, string> token)
    {
        var person = NewPerson();

        var response = await s.App.PostActivityAsync(Activities.Message(ServiceUrl, person, "aide"), token(ServiceUrl));

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, name);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, name);
        Assert.IsFalse(await IsRememberedAsync(person), name);
        Assert.IsFalse(s.Connector.Calls.Any(c => c.ConversationId == Activities.ConversationIdOf(person)), name);
    }

    [TestMethod]
    [DataRow(null, DisplayName = "missing header")]
    [DataRow("Basic dXNlcjpwYXNz", DisplayName = "not a bearer")]
    [DataRow("Bearer", DisplayName = "empty bearer")]
    public async Task MissingOrMalformedHeaderIsRefused(string? header)
    {
        var person = NewPerson();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = System.Net.Http.Json.JsonContent.Create(Activities.Message(ServiceUrl, person, "aide"), options: TutorBot.Protocol.Schema.ProtocolJson.Options),
        };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }

        var response = await s.App.Http.SendAsync(request);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.IsFalse(await IsRememberedAsync(person));
    }

    [TestMethod]
    public async Task AnonymousCallIsRefusedWhenTheLocalModeIsOff()
    {
        var person = NewPerson();
        var response = await s.App.PostRawAsync(System.Text.Json.JsonSerializer.Serialize(Activities.Message(ServiceUrl, person, "aide"), TutorBot.Protocol.Schema.ProtocolJson.Options), token: null);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [TestMethod]
    public async Task KeyPublishedAfterTheCacheWasFilledIsFetchedOnceOnItsFirstUse()
    {
        // Fill the cache, then roll a new key over as the Bot Framework does.
        Assert.AreEqual(HttpStatusCode.OK, (await s.App.PostActivityAsync(Activities.Message(ServiceUrl, NewPerson(), "aide"))).StatusCode);
        Issuer.Publish(Issuer.Rotated);
        var readsBefore = Issuer.MetadataReads;

        var response = await s.App.PostActivityAsync(Activities.Message(ServiceUrl, NewPerson(), "aide"), Issuer.BotFrameworkToken(BotApplication.AppId, ServiceUrl, key: Issuer.Rotated));
        var again = await s.App.PostActivityAsync(Activities.Message(ServiceUrl, NewPerson(), "aide"), Issuer.BotFrameworkToken(BotApplication.AppId, ServiceUrl, key: Issuer.Rotated));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, again.StatusCode);
        Assert.AreEqual(readsBefore + 1, Issuer.MetadataReads, "one refresh for the new kid, then the cache serves it");
    }

    private static Person NewPerson() =>
        new("p-" + Guid.NewGuid().ToString("N")[..8], Roles.Student, "Test", DemoData.TenantId, Guid.NewGuid().ToString(), "29:" + Guid.NewGuid().ToString("N"));

    private static async Task<bool> IsRememberedAsync(Person person)
    {
        var table = s.App.Table(Tables.Conversations);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(person.TenantId, person.AadObjectId!);
        return entity.HasValue;
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var signature = parts[2].ToCharArray();
        signature[10] = signature[10] == 'A' ? 'B' : 'A';
        return $"{parts[0]}.{parts[1]}.{new string(signature)}";
    }
}

using System.Net;
using Microsoft.Extensions.Options;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Auth;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Protocol;

/// <summary>Health, the pages the manifest links to, and the Playground's local mode and its limits.</summary>
[TestClass]
public sealed class HostingTests
{
    [TestMethod]
    public async Task HealthAndLegalPagesAnswer()
    {
        await using var s = await StandIns.StartAsync();

        Assert.AreEqual("ok", await s.App.Http.GetStringAsync("/healthz"));
        Assert.AreEqual("ready", await s.App.Http.GetStringAsync("/readyz"), "Azurite is reachable");
        StringAssert.Contains(await s.App.Http.GetStringAsync("/privacy"), "mineurs");
        StringAssert.Contains(await s.App.Http.GetStringAsync("/terms"), "Passeport Avenir");
    }

    [TestMethod]
    public async Task LocalModeServesTheTokenlessPlaygroundOnLoopback()
    {
        await using var s = await StandIns.StartAsync(new() { ["Bot:Auth:AllowAnonymousLoopback"] = "true" });
        var person = new Person("anon-user", Roles.Student, "Test", DemoData.TenantId, "anon-aad", "29:anon");

        var response = await s.App.PostRawAsync(
            System.Text.Json.JsonSerializer.Serialize(Activities.Message(s.Connector.ServiceUrl, person, "aide"), TutorBot.Protocol.Schema.ProtocolJson.Options),
            token: null);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [TestMethod]
    [DataRow("Forwarded", "for=203.0.113.7;proto=https")]
    [DataRow("X-Forwarded-For", "203.0.113.7")]
    [DataRow("X-Forwarded-Host", "abc123.ngrok.app")]
    [DataRow("X-Real-IP", "203.0.113.7")]
    public async Task LocalModeRefusesARequestThatCameThroughATunnel(string header, string value)
    {
        await using var s = await StandIns.StartAsync(new() { ["Bot:Auth:AllowAnonymousLoopback"] = "true" });
        var person = new Person("anon-fwd", Roles.Student, "Test", DemoData.TenantId, "anon-fwd-aad", "29:anonfwd");

        var direct = await s.App.Http.SendAsync(AnonymousPost(s, person, null, null));
        var tunnelled = await s.App.Http.SendAsync(AnonymousPost(s, person, header, value));

        Assert.AreEqual(HttpStatusCode.OK, direct.StatusCode, "the Playground on the same machine is served");
        Assert.AreEqual(HttpStatusCode.Unauthorized, tunnelled.StatusCode, $"a loopback connection carrying {header} is a proxy or tunnel, not the Playground");
    }

    private static HttpRequestMessage AnonymousPost(StandIns s, Person person, string? header, string? value)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = System.Net.Http.Json.JsonContent.Create(Activities.Message(s.Connector.ServiceUrl, person, "aide"), options: TutorBot.Protocol.Schema.ProtocolJson.Options),
        };
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation(header, value);
        }

        return request;
    }

    [TestMethod]
    public async Task LocalModeStillRefusesABadToken()
    {
        await using var s = await StandIns.StartAsync(new() { ["Bot:Auth:AllowAnonymousLoopback"] = "true" });
        var person = new Person("anon-user-2", Roles.Student, "Test", DemoData.TenantId, "anon-aad-2", "29:anon2");

        var response = await s.App.PostActivityAsync(Activities.Message(s.Connector.ServiceUrl, person, "aide"), "not-a-jwt");

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, "a token that is sent is checked, local mode or not");
    }

    [TestMethod]
    [DataRow("Bot:Auth:AllowAnonymousLoopback", "true")]
    [DataRow("Bot:Connector:Credential", "None")]
    public async Task PlaygroundSettingsAreRefusedOutsideDevelopment(string key, string value)
    {
        var error = await Assert.ThrowsAsync<Exception>(() => StandIns.StartAsync(new()
        {
            ["environment"] = "Production",
            [key] = value,
            ["Bot:Connector:Credential"] = key == "Bot:Connector:Credential" ? value : "ClientSecret",
            ["Bot:Connector:ClientId"] = "x",
            ["Bot:Connector:TenantId"] = "y",
            ["Bot:Connector:ClientSecret"] = "z",
        }));

        Assert.IsInstanceOfType<OptionsValidationException>(error.GetBaseException() is OptionsValidationException ? error.GetBaseException() : error);
    }
}

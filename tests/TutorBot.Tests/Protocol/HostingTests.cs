using System.Net;
using Microsoft.Extensions.Options;
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

using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Protocol;

/// <summary>
/// Entra-issued tokens (single-tenant and managed-identity bots) prove less than Bot Framework tokens: any app of an
/// accepted tenant can get one for the bot's app id. Only allowed callers pass, the <c>tid</c> must be the issuer's
/// accepted tenant, and the activity's serviceUrl is never taken on the caller's word: the bot's token goes only to
/// a serviceUrl the token itself names or to the configured allow-list.
/// </summary>
[TestClass]
public sealed class EntraCallerTests
{
    /// <summary>The caller this bot's configuration accepts, standing in for Azure Bot Service.</summary>
    private const string AllowedCaller = "12345678-aaaa-bbbb-cccc-1234567890ab";

    private static TokenIssuerStandIn issuer = null!;
    private static ConnectorStandIn teams = null!;
    private static ConnectorStandIn attacker = null!;
    private static BotApplication app = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _)
    {
        issuer = new TokenIssuerStandIn();
        await issuer.StartAsync();
        teams = new ConnectorStandIn(issuer);
        await teams.StartAsync();

        // A listener the attacker controls: it would happily take the bot's token.
        attacker = new ConnectorStandIn(issuer) { AcceptAnonymous = true };
        await attacker.StartAsync();

        // The connector stand-in plays Teams' https://smba.trafficmanager.net/ on the allow-list.
        app = await BotApplication.StartAsync(issuer, teams, new()
        {
            ["Bot:Connector:AllowedServiceUrls:1"] = teams.ServiceUrl,
            ["Bot:Auth:AllowedCallers:0"] = AllowedCaller,
        });
    }

    [ClassCleanup]
    public static async Task StopAsync()
    {
        await app.DisposeAsync();
        await attacker.DisposeAsync();
        await teams.DisposeAsync();
        await issuer.DisposeAsync();
    }

    [TestMethod]
    [DataRow(true, DisplayName = "v2 token (azp)")]
    [DataRow(false, DisplayName = "v1 token (appid)")]
    public async Task EntraTokenFromTheAllowedCallerWithTheTeamsServiceUrlIsServed(bool v2)
    {
        var person = await NewPersonAsync();
        var token = issuer.EntraToken(BotApplication.AppId, BotApplication.BotTenant, AllowedCaller, v2);

        var response = await app.PostActivityAsync(Activities.Message(teams.ServiceUrl, person, "aide"), token);

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.IsTrue(await IsRememberedAsync(person));
        Assert.IsTrue(teams.Calls.Any(c => c.ConversationId == Activities.ConversationIdOf(person)), "the help card went to the allow-listed serviceUrl");
    }

    [TestMethod]
    [DataRow(true, DisplayName = "v2 token (azp)")]
    [DataRow(false, DisplayName = "v1 token (appid)")]
    public async Task EntraTokenFromAnotherAppOfTheTenantIsRefused(bool v2)
    {
        var person = await NewPersonAsync();
        var otherApp = Guid.NewGuid().ToString();
        var token = issuer.EntraToken(BotApplication.AppId, BotApplication.BotTenant, otherApp, v2);

        var response = await app.PostActivityAsync(Activities.Message(teams.ServiceUrl, person, "aide"), token);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.IsFalse(await IsRememberedAsync(person));
        Assert.IsFalse(teams.Calls.Any(c => c.ConversationId == Activities.ConversationIdOf(person)));
    }

    public static IEnumerable<object[]> AttackerServiceUrls()
    {
        yield return ["no serviceurl claim", (Func<string, string>)(_ => issuer.EntraToken(BotApplication.AppId, BotApplication.BotTenant, AllowedCaller))];
        yield return ["serviceurl claim names Teams", (Func<string, string>)(_ => issuer.EntraToken(BotApplication.AppId, BotApplication.BotTenant, AllowedCaller, serviceUrl: teams.ServiceUrl))];
        yield return ["v1, no serviceurl claim", (Func<string, string>)(_ => issuer.EntraToken(BotApplication.AppId, BotApplication.BotTenant, AllowedCaller, v2: false))];
        yield return ["another app of the tenant", (Func<string, string>)(_ => issuer.EntraToken(BotApplication.AppId, BotApplication.BotTenant, Guid.NewGuid().ToString()))];
    }

    [TestMethod]
    [DynamicData(nameof(AttackerServiceUrls))]
    public async Task EntraTokenNamingAnAttackerServiceUrlIsRefusedAndNothingIsSentThere(string name, Func<string, string> token)
    {
        var person = await NewPersonAsync();
        var before = attacker.Attempts;

        var response = await app.PostActivityAsync(Activities.Message(attacker.ServiceUrl, person, "aide"), token(attacker.ServiceUrl));

        // A legitimate turn afterwards: whatever the refused one might have queued would have gone out by now.
        var legitimate = await NewPersonAsync();
        Assert.AreEqual(HttpStatusCode.OK, (await app.PostActivityAsync(Activities.Message(teams.ServiceUrl, legitimate, "aide"))).StatusCode, name);
        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode, name);
        Assert.AreEqual(before, attacker.Attempts, $"{name}: no outbound call reached the attacker's serviceUrl");
        Assert.IsFalse(await IsRememberedAsync(person), name);
    }

    [TestMethod]
    public async Task TokenWhoseServiceUrlClaimDiffersFromTheActivityIsRefusedForAnyIssuer()
    {
        var person = await NewPersonAsync();
        var token = issuer.EntraToken(BotApplication.AppId, BotApplication.BotTenant, AllowedCaller, serviceUrl: "https://smba.trafficmanager.net/emea/");

        var response = await app.PostActivityAsync(Activities.Message(teams.ServiceUrl, person, "aide"), token);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.IsFalse(await IsRememberedAsync(person));
    }

    [TestMethod]
    [DataRow(true, DisplayName = "v2: tid of another tenant")]
    [DataRow(false, DisplayName = "v1: tid of another tenant")]
    public async Task EntraTokenWhoseTidIsNotItsIssuersTenantIsRefused(bool v2)
    {
        var person = await NewPersonAsync();
        var token = issuer.EntraToken(BotApplication.AppId, BotApplication.BotTenant, AllowedCaller, v2, tid: Guid.NewGuid().ToString());

        var response = await app.PostActivityAsync(Activities.Message(teams.ServiceUrl, person, "aide"), token);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.IsFalse(await IsRememberedAsync(person));
    }

    [TestMethod]
    public async Task EntraTokenFromATenantThatIsNotAcceptedIsRefused()
    {
        var person = await NewPersonAsync();
        var tenant = Guid.NewGuid().ToString();
        var token = issuer.EntraToken(BotApplication.AppId, tenant, AllowedCaller);

        var response = await app.PostActivityAsync(Activities.Message(teams.ServiceUrl, person, "aide"), token);

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [TestMethod]
    public async Task BotFrameworkTokenKeepsWorkingAlongsideTheEntraChecks()
    {
        var person = await NewPersonAsync();

        var response = await app.PostActivityAsync(Activities.Message(teams.ServiceUrl, person, "aide"));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.IsTrue(teams.Calls.Any(c => c.ConversationId == Activities.ConversationIdOf(person)));
    }

    /// <summary>A student of the programme (strangers are never remembered, which would make the refusals' checks empty).</summary>
    private static async Task<Person> NewPersonAsync()
    {
        var person = new Person("p-" + Guid.NewGuid().ToString("N")[..8], Roles.Student, "Test", DemoData.TenantId, Guid.NewGuid().ToString(), "29:" + Guid.NewGuid().ToString("N"));
        await app.Services.GetRequiredService<ProgrammeStore>().UpsertAsync(person);
        return person;
    }

    private static async Task<bool> IsRememberedAsync(Person person)
    {
        var table = app.Table(Tables.Conversations);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(person.TenantId, person.AadObjectId!);
        return entity.HasValue;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Conversation;
using TutorBot.Features.Roster;
using TutorBot.Protocol.Connector;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Roster;

/// <summary>What the coordinator page reads besides the people views: who signed in, the schools and companies, reach, sign-in settings.</summary>
[TestClass]
public sealed class CoordinatorPageTests
{
    private const string Referent = "claire.moreau@demo-lycees.example";
    private const string Correspondent = "sophie.lambert@demo-energie.example";

    [TestMethod]
    public async Task ThePageListsOnlyTheSchoolsAndCompaniesTheCallerMaySee()
    {
        await using var kit = await RosterKit.StartAsync();
        await kit.ImportAndWaitAsync(RosterKit.DemoCsv);

        var me = await JsonAsync(kit, "/api/roster/me", kit.CoordinatorToken);
        Assert.AreEqual(RosterKinds.Coordinator, me.GetProperty("kind").GetString());
        Assert.AreEqual(RosterKit.CoordinatorLogin, me.GetProperty("login").GetString());

        var schools = await JsonAsync(kit, "/api/roster/schools", kit.CoordinatorToken);
        CollectionAssert.AreEquivalent(new[] { "0139901Z", "0849902Z", "0139903Z", "0139904Z", "0139905Z" }, Uais(schools));
        var calanques = schools.EnumerateArray().Single(s => s.GetProperty("uai").GetString() == "0139901Z");
        Assert.AreEqual("Lycée des Calanques (fictif)", calanques.GetProperty("name").GetString());
        CollectionAssert.AreEqual(new[] { "1re STI2D A", "MPSI 1" }, calanques.GetProperty("classes").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToArray());

        var companies = await JsonAsync(kit, "/api/roster/organisations", kit.CoordinatorToken);
        CollectionAssert.AreEquivalent(new[] { "energies-demo-sa", "conseil-demo", "provence-energie-fictif", "calanques-ingenierie-fictif" }, companies.EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToArray(), companies.ToString());

        var referent = kit.Token(Referent);
        Assert.AreEqual(RosterKinds.Referent, (await JsonAsync(kit, "/api/roster/me", referent)).GetProperty("kind").GetString());
        CollectionAssert.AreEqual(new[] { "0139901Z" }, Uais(await JsonAsync(kit, "/api/roster/schools", referent)), "a referent, their school only");
        Assert.AreEqual(0, (await JsonAsync(kit, "/api/roster/organisations", referent)).GetArrayLength());

        var correspondent = kit.Token(Correspondent);
        Assert.AreEqual(0, (await JsonAsync(kit, "/api/roster/schools", correspondent)).GetArrayLength(), "a correspondent, no school");
        CollectionAssert.AreEqual(new[] { "energies-demo-sa" }, (await JsonAsync(kit, "/api/roster/organisations", correspondent)).EnumerateArray().Select(o => o.GetProperty("id").GetString()).ToArray());

        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/roster/me", kit.Token("ines.haddad@demo-eleves.example"))).StatusCode, "a student");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/roster/schools", kit.Token("julien.martin@demo-energie.example"))).StatusCode, "a tutor");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await kit.GetAsync("/api/roster/schools", kit.Token(RosterKit.CoordinatorLogin, audience: "api://another-app"))).StatusCode);
    }

    [TestMethod]
    public async Task AStudentReachesTheBotOnceLinkedToATeamsIdentityTheBotTalksWith()
    {
        await using var kit = await RosterKit.StartAsync();
        await kit.ImportAndWaitAsync(RosterKit.DemoCsv);
        const string Ines = "ines.haddad@demo-eleves.example";
        const string Lucas = "lucas.fabre@demo-eleves.example";

        Assert.IsTrue((await ReachAsync(kit, "0139901Z")).All(r => r.Value == false), "nobody is linked yet");

        // Inès and Lucas both sign in once (their tokens link their identities, then are refused); only Inès talks to the bot.
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/roster/me", kit.Token(Ines))).StatusCode);
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/roster/me", kit.Token(Lucas))).StatusCode);
        // The bot keeps a conversation only with people it links (issue 11 point 2, elsewhere): written here as it would.
        var conversations = kit.S.App.Services.GetRequiredService<ConversationStore>();
        await conversations.SaveAsync(BotApplication.BotTenant, "oid-" + Ines, new ConversationRef(kit.S.Connector.ServiceUrl, "a:personal-ines", BotApplication.BotTenant, "29:ines", "28:" + BotApplication.AppId), "fr-FR");

        var reach = await ReachAsync(kit, "0139901Z");
        Assert.IsTrue(reach["Haddad"], "Inès is linked and in conversation with the bot");
        Assert.IsFalse(reach["Fabre"], "Lucas is linked but has never reached the bot");
        Assert.IsFalse(reach["Diallo"], "Amina never signed in");
    }

    [TestMethod]
    public async Task LocalSignInOffersThePagesUsersFromLoopbackOnlyWhenEnabled()
    {
        await using (var off = await RosterKit.StartAsync())
        {
            Assert.AreEqual(HttpStatusCode.NotFound, (await off.S.App.Http.GetAsync("/coordinator/local-people")).StatusCode);
            var config = await off.S.App.Http.GetFromJsonAsync<JsonElement>("/coordinator/config.json");
            Assert.IsFalse(config.GetProperty("localSignIn").GetBoolean());
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/roster/me");
            request.Headers.Add(RosterAuth.LocalHeader, RosterKit.CoordinatorLogin);
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await off.SendAsync(request, token: null)).StatusCode, "the header alone is nobody");
        }

        await using var kit = await RosterKit.StartAsync(new() { ["Roster:LocalSignIn"] = "true", ["Roster:ClientId"] = "11111111-2222-3333-4444-555555555555" });
        await kit.ImportAndWaitAsync(RosterKit.DemoCsv);
        var settings = await kit.S.App.Http.GetFromJsonAsync<JsonElement>("/coordinator/config.json");
        Assert.IsTrue(settings.GetProperty("localSignIn").GetBoolean());
        Assert.AreEqual("11111111-2222-3333-4444-555555555555", settings.GetProperty("clientId").GetString());
        Assert.AreEqual(RosterKit.Audience + "/access_as_user", settings.GetProperty("scope").GetString());

        var people = await kit.S.App.Http.GetFromJsonAsync<JsonElement>("/coordinator/local-people");
        var logins = people.EnumerateArray().Select(p => p.GetProperty("login").GetString()).ToArray();
        CollectionAssert.AreEquivalent(new[] { RosterKit.CoordinatorLogin, Referent, "yannick.roux@demo-lycees.example", Correspondent, "ines.morel@passeport-avenir.example", "nadia.roussel@lycee-etoile.example", "helene.garnier@prepas.example" }, logins, "coordinators, referents and correspondents; no student or tutor");

        var asReferent = new HttpRequestMessage(HttpMethod.Get, "/api/roster/schools");
        asReferent.Headers.Add(RosterAuth.LocalHeader, Referent);
        var schools = await (await kit.SendAsync(asReferent, token: null)).Content.ReadFromJsonAsync<JsonElement>();
        CollectionAssert.AreEqual(new[] { "0139901Z" }, Uais(schools));
    }

    [TestMethod]
    public async Task TheDemoRosterIsImportedAtStartThroughTheImportPathAndOnlyOnce()
    {
        var demo = new Dictionary<string, string?> { ["Demo:RosterFile"] = "Features/Roster/demo-roster.csv" };
        string prefix;
        await using (var kit = await RosterKit.StartAsync(demo))
        {
            kit.S.App.KeepStorage = true;
            prefix = kit.S.App.TablePrefix;
            var people = await WaitForAsync(kit, "/api/roster/schools/0139901Z/people", p => p.GetArrayLength() == 4);
            Assert.AreEqual("Julien Martin", people.EnumerateArray().Single(p => p.GetProperty("person").GetProperty("lastName").GetString() == "Haddad").GetProperty("tutorName").GetString());
            Assert.AreEqual(1, await RosterApiTests.CountAsync(kit.S.App.Table(RosterKeys.JobsTable), "job"), "one import job");
        }

        // A restart on the same storage finds the file already imported: no second job.
        demo["Storage:TablePrefix"] = prefix;
        await using var again = await RosterKit.StartAsync(demo);
        var dry = await (await again.ImportAsync(RosterKit.DemoCsv, dryRun: true)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(24, dry.GetProperty("unchanged").GetInt32(), dry.ToString());
        Assert.AreEqual(1, await RosterApiTests.CountAsync(again.S.App.Table(RosterKeys.JobsTable), "job"));
    }

    private static async Task<JsonElement> WaitForAsync(RosterKit kit, string path, Func<JsonElement, bool> done)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var response = await kit.GetAsync(path);
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            if ((response.IsSuccessStatusCode && done(body)) || DateTime.UtcNow > until)
            {
                return body;
            }

            await Task.Delay(100);
        }
    }

    private static async Task<JsonElement> JsonAsync(RosterKit kit, string path, string token)
    {
        var response = await kit.GetAsync(path, token);
        var body = await response.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, path + " " + body);
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    private static string?[] Uais(JsonElement schools) => schools.EnumerateArray().Select(s => s.GetProperty("uai").GetString()).ToArray();

    private static async Task<Dictionary<string, bool?>> ReachAsync(RosterKit kit, string uai) =>
        (await JsonAsync(kit, $"/api/roster/schools/{uai}/people", kit.CoordinatorToken)).EnumerateArray()
            .Where(p => p.GetProperty("person").GetProperty("kind").GetString() == RosterKinds.Student)
            .ToDictionary(p => p.GetProperty("person").GetProperty("lastName").GetString()!, p => p.GetProperty("reachable").ValueKind == JsonValueKind.Null ? (bool?)null : p.GetProperty("reachable").GetBoolean());
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TutorBot.Features.Roster;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Roster;

/// <summary>The roster API through HTTP against Azurite: import, dry run, re-import, roles and tokens.</summary>
[TestClass]
public sealed class RosterApiTests
{
    [TestMethod]
    [DataRow("fr")]
    [DataRow("en")]
    public async Task DryRunListsEveryProblemInTheCallersLanguageAndImportsNothing(string language)
    {
        await using var kit = await RosterKit.StartAsync();
        var file = RosterKit.Csv(
            "type;prenom;nom;upn_email;uai;classe;niveau;filiere",
            "élève;Ana;Durand;ana@ex.example;0999999Z;1re A;1re;STI2D",
            "élève;Bo;Petit;pas-une-adresse;;1re A;5e;Latin");

        var response = await kit.ImportAsync(file, dryRun: true, language: language);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body.ToString());
        var messages = body.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("message").GetString()).ToList();
        CollectionAssert.AreEqual(
            new[]
            {
                RosterKit.Text("Problem_At", language, 2, "uai", RosterKit.Text("Problem_UnknownSchool", language, "0999999Z")),
                RosterKit.Text("Problem_At", language, 3, "upn_email", RosterKit.Text("Problem_BadLogin", language, "pas-une-adresse")),
                RosterKit.Text("Problem_At", language, 3, "uai", RosterKit.Text("Problem_NoSchool", language)),
                RosterKit.Text("Problem_At", language, 3, "niveau", RosterKit.Text("Problem_UnknownLevel", language, "5e")),
                RosterKit.Text("Problem_At", language, 3, "filiere", RosterKit.Text("Problem_UnknownStream", language, "Latin")),
            },
            messages,
            string.Join("\n", messages));

        var demo = await kit.ImportAsync(RosterKit.DemoCsv, dryRun: true);
        var report = await demo.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(24, report.GetProperty("new").GetInt32(), report.ToString());
        Assert.AreEqual(0, await CountAsync(kit.S.App.Table(RosterKeys.PeopleTable), "s|"), "a dry run writes nobody");
        Assert.AreEqual(0, await CountAsync(kit.S.App.Table(RosterKeys.PlacesTable), RosterKeys.Schools), "nor any school");

        var confirmed = await kit.ImportAsync(file, dryRun: false, language: language);
        Assert.AreEqual((HttpStatusCode)422, confirmed.StatusCode, "a file with problems is not imported");
        Assert.AreEqual(0, await CountAsync(kit.S.App.Table(RosterKeys.PeopleTable), "s|"));
    }

    [TestMethod]
    public async Task ReimportingTheSameFileChangesNothingAndAChangedRowChangesOnePerson()
    {
        await using var kit = await RosterKit.StartAsync();
        var job = await kit.ImportAndWaitAsync(RosterKit.DemoCsv);
        Assert.AreEqual("done", job.GetProperty("state").GetString(), job.ToString());
        Assert.AreEqual(24, job.GetProperty("done").GetInt32());
        var people = kit.S.App.Table(RosterKeys.PeopleTable);
        var before = await RowsAsync(people);
        Assert.AreEqual(19 + 1, before.Count, "nineteen people of the file and the coordinator of the settings");

        var again = await (await kit.ImportAsync(RosterKit.DemoCsv, dryRun: false)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(24, again.GetProperty("unchanged").GetInt32(), again.ToString());
        Assert.AreEqual(JsonValueKind.Null, again.GetProperty("jobId").ValueKind, "nothing to do, no job");
        CollectionAssert.AreEquivalent(before, await RowsAsync(people), "no row was written again");

        var text = Encoding.UTF8.GetString(RosterKit.DemoCsv).Replace("Lucas;Fabre;lucas.fabre@demo-eleves.example;0139901Z;;;;;;;1re STI2D A", "Lucas;Fabre;lucas.fabre@demo-eleves.example;0139901Z;;;;;;;1re STI2D B", StringComparison.Ordinal);
        var changed = Encoding.UTF8.GetBytes(text);
        var dry = await (await kit.ImportAsync(changed, dryRun: true)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(1, dry.GetProperty("changed").GetInt32(), dry.ToString());
        await kit.ImportAndWaitAsync(changed);

        var after = await RowsAsync(people);
        var differences = after.Except(before).ToList();
        Assert.AreEqual(1, differences.Count, "one row changed: " + string.Join(", ", differences));
        var lucas = (await (await kit.GetAsync("/api/roster/schools/0139901Z/people?class=1re STI2D B")).Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single();
        Assert.AreEqual("Fabre", lucas.GetProperty("person").GetProperty("lastName").GetString());
    }

    [TestMethod]
    public async Task ViewsAndRolesComeFromTheRoster()
    {
        await using var kit = await RosterKit.StartAsync();
        await kit.ImportAndWaitAsync(RosterKit.DemoCsv);
        var referentA = kit.Token("claire.moreau@demo-lycees.example");

        var own = await kit.GetAsync("/api/roster/schools/0139901Z/people", referentA);
        Assert.AreEqual(HttpStatusCode.OK, own.StatusCode);
        var ines = (await own.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Single(p => p.GetProperty("person").GetProperty("firstName").GetString() == "Inès");
        Assert.AreEqual("Julien Martin", ines.GetProperty("tutorName").GetString());

        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/roster/schools/0849902Z/people", referentA)).StatusCode, "a referent of school A reading school B");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/roster/schools/0139901Z/people", kit.Token("ines.haddad@demo-eleves.example"))).StatusCode, "a student");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/roster/organisations/energies-demo-sa/tutors", kit.Token("julien.martin@demo-energie.example"))).StatusCode, "a tutor");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/roster/schools/0139901Z/people", kit.Token("stranger@ex.example"))).StatusCode, "someone not in the roster");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.ImportAsync(RosterKit.DemoCsv, dryRun: true, token: referentA)).StatusCode, "only coordinators import");

        Assert.AreEqual(HttpStatusCode.Unauthorized, (await kit.GetAsync("/api/roster/schools/0139901Z/people", kit.Token(RosterKit.CoordinatorLogin, audience: "api://another-app"))).StatusCode, "another audience");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await kit.GetAsync("/api/roster/schools/0139901Z/people", kit.Token(RosterKit.CoordinatorLogin, tenant: "12345678-0000-0000-0000-000000000000"))).StatusCode, "a tenant not allowed");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/roster/schools/0139901Z/people", kit.Token(RosterKit.CoordinatorLogin, scope: "User.Read"))).StatusCode, "no access_as_user scope");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await kit.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/roster/schools/0139901Z/people"), token: null)).StatusCode, "no token");
        Assert.AreEqual(HttpStatusCode.OK, (await kit.GetAsync("/api/roster/schools/0849902Z/people", kit.Token(RosterKit.CoordinatorLogin, v1: true))).StatusCode, "a coordinator, v1 token");

        var correspondent = kit.Token("sophie.lambert@demo-energie.example");
        var tutorsResponse = await kit.GetAsync("/api/roster/organisations/energies-demo-sa/tutors", correspondent);
        var tutors = await tutorsResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.OK, tutorsResponse.StatusCode, tutors.ToString());
        CollectionAssert.AreEqual(new[] { "Girard", "Martin" }, tutors.EnumerateArray().Select(t => t.GetProperty("person").GetProperty("lastName").GetString()).ToArray());
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/roster/organisations/conseil-demo/tutors", correspondent)).StatusCode);

        var search = await kit.GetAsync("/api/roster/people?q=hadd");
        var found = await search.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.OK, search.StatusCode, found.ToString());
        var reference = found.EnumerateArray().Single().GetProperty("ref").GetString();
        var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/roster/people/{reference}") { Content = JsonContent.Create(new { className = "1re STI2D B" }) };
        Assert.AreEqual(HttpStatusCode.OK, (await kit.SendAsync(patch, referentA)).StatusCode);
        var deactivate = await kit.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/roster/people/{reference}/deactivate"), kit.CoordinatorToken);
        var view = await deactivate.Content.ReadFromJsonAsync<JsonElement>();
        Assert.IsFalse(view.GetProperty("person").GetProperty("active").GetBoolean());
        Assert.AreEqual("1re STI2D B", view.GetProperty("person").GetProperty("className").GetString());
    }

    [TestMethod]
    public async Task OversizeWrongTypeAndFormulasAreRefusedWithAClearMessage()
    {
        await using var kit = await RosterKit.StartAsync(new() { ["Roster:MaxUploadBytes"] = "16384" });

        var big = await kit.ImportAsync(new byte[20000], dryRun: true, language: "en");
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        StringAssert.Contains(await big.Content.ReadAsStringAsync(), RosterKit.Text("Problem_TooLarge", "en", 16)[1..]);

        var binary = await kit.ImportAsync([0x25, 0x50, 0x44, 0x46, 0xFF, 0xFE, 0x81], dryRun: true, fileName: "roster.csv");
        Assert.AreEqual(HttpStatusCode.UnsupportedMediaType, binary.StatusCode);
        StringAssert.Contains(await binary.Content.ReadAsStringAsync(), RosterKit.Text("Problem_WrongType", "fr")[1..]);

        var formula = await kit.ImportAsync(RosterParserTests.WithFormula(RosterParserTests.Xlsx()), dryRun: false, fileName: "roster.xlsx");
        Assert.AreEqual(HttpStatusCode.BadRequest, formula.StatusCode);
        StringAssert.Contains(await formula.Content.ReadAsStringAsync(), RosterKit.Text("Problem_Formula", "fr"));

        var csvFormula = await kit.ImportAsync(RosterKit.Csv("type;prenom;nom;upn_email;entreprise", "tuteur;Jo;=HYPERLINK(\"x\");jo@ex.example;Demo"), dryRun: true);
        Assert.AreEqual(HttpStatusCode.BadRequest, csvFormula.StatusCode);
        Assert.AreEqual(0, await CountAsync(kit.S.App.Table(RosterKeys.PeopleTable), "o|demo"));
    }

    [TestMethod]
    public async Task LocalSignInWorksOnLoopbackInDevelopmentAndIsRefusedElsewhere()
    {
        await using (var kit = await RosterKit.StartAsync(new() { ["Roster:LocalSignIn"] = "true" }))
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/roster/import?dryRun=true") { Content = new MultipartFormDataContent { { new ByteArrayContent(RosterKit.DemoCsv), "file", "demo.csv" } } };
            request.Headers.Add(RosterAuth.LocalHeader, RosterKit.CoordinatorLogin);
            Assert.AreEqual(HttpStatusCode.OK, (await kit.SendAsync(request, token: null)).StatusCode);
        }

        await using (var kit = await RosterKit.StartAsync())
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/roster/schools/0139901Z/people");
            request.Headers.Add(RosterAuth.LocalHeader, RosterKit.CoordinatorLogin);
            Assert.AreEqual(HttpStatusCode.Unauthorized, (await kit.SendAsync(request, token: null)).StatusCode, "off unless enabled");
        }

        var error = await Assert.ThrowsAsync<Exception>(() => RosterKit.StartAsync(new()
        {
            ["environment"] = "Production",
            ["Roster:LocalSignIn"] = "true",
            ["Bot:Connector:Credential"] = "ClientSecret",
            ["Bot:Connector:ClientId"] = "x",
            ["Bot:Connector:TenantId"] = "y",
            ["Bot:Connector:ClientSecret"] = "z",
        }));
        StringAssert.Contains(error.GetBaseException().Message, "Roster:LocalSignIn");
    }

    internal static async Task<int> CountAsync(TableClient table, string partitionPrefix)
    {
        var upper = partitionPrefix + "\uffff";
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {partitionPrefix} and PartitionKey lt {upper}"), select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    private static async Task<List<string>> RowsAsync(TableClient table)
    {
        var rows = new List<string>();
        await foreach (var e in table.QueryAsync<TableEntity>())
        {
            rows.Add($"{e.PartitionKey}/{e.RowKey}@{e.ETag}");
        }

        return rows;
    }
}

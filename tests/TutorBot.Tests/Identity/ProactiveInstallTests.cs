using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using TutorBot.Delivery;
using TutorBot.Features.Identity;
using TutorBot.Features.Roster;
using TutorBot.Tests.Roster;
using static TutorBot.Tests.Identity.IdentityKit;
using GraphFault = TutorBot.Tests.Infrastructure.GraphStandIn.Fault;

namespace TutorBot.Tests.Identity;

/// <summary>
/// Behind <c>Roster:ProactiveInstall</c>, imported people get the app installed through Graph from the outbox; the
/// Graph stand-in enforces the contract (app token, body binding a catalog app, 404 / 403 / 409, 429 + Retry-After).
/// </summary>
[TestClass]
public sealed class ProactiveInstallTests
{
    private const string CatalogId = "catalog-tutorbot-1";

    private static Task<RosterKit> StartAsync(bool on = true) => RosterKit.StartAsync(new Dictionary<string, string?>
    {
        ["Delivery:PollInterval"] = "00:00:00.050",
        ["Delivery:RetryBaseDelay"] = "00:00:00",
        ["Delivery:MaxRetryDelay"] = "00:00:00",
        ["Delivery:MaxAttempts"] = "4",
        ["Roster:ProactiveInstall"] = on ? "true" : "false",
        ["Roster:TeamsAppId"] = CatalogId,
    });

    /// <summary>The tutor and the student are users of the tenant, the student already has the app; the referent is not a user.</summary>
    private static void Tenant(RosterKit kit, string tag)
    {
        kit.S.Graph.CatalogApps.Add(CatalogId);
        kit.S.Graph.TeamsUsers[$"claire.{tag}@energie.example"] = false;
        kit.S.Graph.TeamsUsers[$"yasmine.{tag}@eleves.example"] = true;
    }

    private static byte[] File(string tag) => RosterKit.Csv(
        "type;prenom;nom;upn_email;uai;academie;ville;entreprise;classe;niveau;filiere;langue;tuteur;forme;capacite",
        $"établissement;;Lycée Test {tag};;{Uai};Aix-Marseille;Marseille;;;;;;;;",
        $"référent;Paul;Roux;paul.{tag}@lycee.example;{Uai};;;;;;;;;;",
        $"tuteur;Claire;Martin;claire.{tag}@energie.example;;;;Énergie Test;;;;;;oui;2",
        $"élève;Yasmine;Benali;Yasmine.{tag}@Eleves.example;{Uai};;;;Tle STI2D;Tle;STI2D;fr;claire.{tag}@energie.example;;");

    private static async Task<List<OutboxRow>> InstallRowsAsync(RosterKit kit, string table)
    {
        var rows = new List<OutboxRow>();
        await foreach (var row in kit.S.App.Table(table).QueryAsync<OutboxRow>(TableClient.CreateQueryFilter($"Kind eq {ProactiveInstall.Kind}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<Dictionary<string, JsonElement>> ViewsAsync(RosterKit kit)
    {
        var school = await (await kit.GetAsync($"/api/roster/schools/{Uai}/people")).Content.ReadFromJsonAsync<List<JsonElement>>();
        var tutors = await (await kit.GetAsync("/api/roster/organisations/energie-test/tutors")).Content.ReadFromJsonAsync<List<JsonElement>>();
        return school!.Concat(tutors!).ToDictionary(v => v.GetProperty("person").GetProperty("firstName").GetString()!);
    }

    [TestMethod]
    public async Task ImportedPeopleGetTheAppInstalledAlreadyInstalledIsSuccessAndStrangersToTheTenantAreNotReachable()
    {
        await using var kit = await StartAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        Tenant(kit, tag);

        await kit.ImportAndWaitAsync(File(tag));
        await WaitUntilAsync(async () => (await InstallRowsAsync(kit, OutboxStore.DoneTable)).Count == 3, "three installations to end");

        Assert.IsTrue(kit.S.Graph.TeamsUsers[$"claire.{tag}@energie.example"], "installed for the tutor (201)");
        var done = await InstallRowsAsync(kit, OutboxStore.DoneTable);
        Assert.AreEqual(2, done.Count(r => r.Outcome == DeliveryStates.Sent), "201 and 409 are both success: " + string.Join(", ", done.Select(r => r.Outcome + " " + r.Reason)));
        Assert.AreEqual(1, done.Count(r => r.Outcome == DeliveryStates.Never), "404: not a user of the tenant");
        var views = await ViewsAsync(kit);
        Assert.AreEqual(InstallStates.Installed, views["Claire"].GetProperty("reach").GetString());
        Assert.AreEqual(InstallStates.Installed, views["Yasmine"].GetProperty("reach").GetString());
        Assert.AreEqual(InstallStates.NotReachable, views["Paul"].GetProperty("reach").GetString());
        Assert.IsFalse(views["Claire"].GetProperty("reachable").GetBoolean(), "installed is not yet reaching the bot: the installation update links her");

        var again = await kit.ImportAsync(File(tag), dryRun: false);
        Assert.AreEqual(0, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("new").GetInt32());
        Assert.AreEqual(0, (await InstallRowsAsync(kit, OutboxStore.Table)).Count, "a re-import plans no installation");
    }

    [TestMethod]
    public async Task WithoutTheAdminsGrantPeopleAreListedAsWaitingForTheAdminWithWhatToGrant()
    {
        await using var kit = await StartAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        Tenant(kit, tag);
        kit.S.Graph.InstallPermissionGranted = false;

        await kit.ImportAndWaitAsync(File(tag));
        await WaitUntilAsync(async () => (await InstallRowsAsync(kit, OutboxStore.DoneTable)).Count == 3, "three installations to end");

        var views = await ViewsAsync(kit);
        Assert.AreEqual(InstallStates.WaitingForAdmin, views["Claire"].GetProperty("reach").GetString());
        Assert.AreEqual("TeamsAppInstallation.ReadWriteSelfForUser.All", views["Claire"].GetProperty("grant").GetString());
        Assert.AreEqual(InstallStates.WaitingForAdmin, views["Yasmine"].GetProperty("reach").GetString());
        Assert.AreEqual(1, kit.S.Graph.Attempts - 2, "403 is not retried (one call per person, the 404 included)");
    }

    [TestMethod]
    public async Task GraphThrottlingComesBackLaterAndTheInstallationStillHappens()
    {
        await using var kit = await StartAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        Tenant(kit, tag);
        kit.S.Graph.Permanent = GraphFault.Throttle(1);

        await kit.ImportAndWaitAsync(File(tag));
        await WaitUntilAsync(async () => (await InstallRowsAsync(kit, OutboxStore.Table)).Any(r => r.LastOutcome == DeliveryStates.Later && r.Reason == "graph 429"), "a try to end Later");
        kit.S.Graph.Permanent = null;
        await WaitUntilAsync(async () => (await InstallRowsAsync(kit, OutboxStore.DoneTable)).Count == 3, "three installations to end", 60);

        Assert.IsTrue(kit.S.Graph.TeamsUsers[$"claire.{tag}@energie.example"]);
        Assert.AreEqual(2, (await InstallRowsAsync(kit, OutboxStore.DoneTable)).Count(r => r.Outcome == DeliveryStates.Sent));
    }

    [TestMethod]
    public async Task WithTheSettingOffNothingIsInstalled()
    {
        await using var kit = await StartAsync(on: false);
        var tag = Guid.NewGuid().ToString("N")[..6];
        Tenant(kit, tag);

        await kit.ImportAndWaitAsync(File(tag));

        Assert.AreEqual(0, (await InstallRowsAsync(kit, OutboxStore.Table)).Count + (await InstallRowsAsync(kit, OutboxStore.DoneTable)).Count);
        Assert.AreEqual(0, kit.S.Graph.Attempts);
    }
}

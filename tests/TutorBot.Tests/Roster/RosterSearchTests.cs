using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using TutorBot.Features.Roster;

namespace TutorBot.Tests.Roster;

/// <summary>
/// Search by name reads the people partitions the caller may see (no name index); an import deletes the name rows an
/// earlier version wrote; a person stored outside the file's partitions is found through the login index.
/// </summary>
[TestClass]
public sealed class RosterSearchTests
{
    [TestMethod]
    public async Task SearchFindsByFoldedNameOnlyThePeopleTheCallerMaySee()
    {
        await using var kit = await RosterKit.StartAsync();
        await kit.ImportAndWaitAsync(RosterKit.DemoCsv);

        CollectionAssert.AreEqual(new[] { "Haddad" }, await NamesAsync(kit, "hadd", kit.CoordinatorToken));
        CollectionAssert.AreEqual(new[] { "Haddad" }, await NamesAsync(kit, "HADD", kit.Token("claire.moreau@demo-lycees.example")), "her school's student");
        CollectionAssert.AreEqual(Array.Empty<string>(), await NamesAsync(kit, "hadd", kit.Token("yannick.roux@demo-lycees.example")), "a referent of another school");
        CollectionAssert.AreEqual(new[] { "Perrin" }, await NamesAsync(kit, "Pér", kit.CoordinatorToken), "accents folded");
        CollectionAssert.AreEqual(new[] { "Martin", "Martin" }, await NamesAsync(kit, "mart", kit.CoordinatorToken), "both companies' Martins");
        var correspondent = await SearchAsync(kit, "mart", kit.Token("sophie.lambert@demo-energie.example"));
        Assert.AreEqual("Julien", correspondent.Single().GetProperty("person").GetProperty("firstName").GetString(), "only her company's tutor");
        CollectionAssert.AreEqual(Array.Empty<string>(), await NamesAsync(kit, "m", kit.CoordinatorToken), "two letters at least");
    }

    [TestMethod]
    public async Task AnImportDeletesTheNameRowsOfAnEarlierVersion()
    {
        await using var kit = await RosterKit.StartAsync();
        var index = kit.S.App.Table(RosterKeys.IndexTable);
        await index.AddEntityAsync(new TableEntity("n|ha", "haddad|0123456789abcdef0123") { ["PersonPk"] = "s|0139901Z", ["PersonId"] = "0123456789abcdef0123" });
        await index.AddEntityAsync(new TableEntity("n|mo", "moreau|0123456789abcdef0124") { ["PersonPk"] = "s|0139901Z", ["PersonId"] = "0123456789abcdef0124" });

        var job = await kit.ImportAndWaitAsync(RosterKit.DemoCsv);

        Assert.AreEqual(JobStates.Done, job.GetProperty("state").GetString(), job.ToString());
        Assert.AreEqual(0, await RosterApiTests.CountAsync(index, "n|"), "no copy of a last name left in the index");
        Assert.AreEqual(20, await RosterApiTests.CountAsync(index, "u|"), "one login row per person of the file, and the coordinator's");
        CollectionAssert.AreEqual(new[] { "Haddad" }, await NamesAsync(kit, "hadd", kit.CoordinatorToken));
    }

    [TestMethod]
    public async Task AStudentWhoMovedSchoolIsFoundThroughTheLoginIndexAndMovedOnce()
    {
        await using var kit = await RosterKit.StartAsync();
        await kit.ImportAndWaitAsync(RosterKit.DemoCsv);
        var people = kit.S.App.Table(RosterKeys.PeopleTable);
        var id = RosterKeys.NewPersonId("ines.haddad@demo-eleves.example");

        // A file of her row only, in another school: neither her old school nor her tutor's company is in the file.
        var moved = RosterKit.Csv(
            "type;prenom;nom;upn_email;uai;classe;niveau;filiere;genre;boursier;origine;eloignement;langue;tuteur",
            "élève;Inès;Haddad;ines.haddad@demo-eleves.example;0849902Z;Tle STL;Tle;STL;F;oui;qpv;oui;fr;julien.martin@demo-energie.example");
        var dry = await (await kit.ImportAsync(moved, dryRun: true)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(1, dry.GetProperty("changed").GetInt32(), dry.ToString());
        Assert.AreEqual(0, dry.GetProperty("new").GetInt32(), "the same person, not a new one");

        var job = await kit.ImportAndWaitAsync(moved);

        Assert.AreEqual(JobStates.Done, job.GetProperty("state").GetString(), job.ToString());
        Assert.IsFalse((await people.GetEntityIfExistsAsync<TableEntity>("s|0139901Z", id)).HasValue, "gone from her old school");
        Assert.AreEqual("Tle STL", (await people.GetEntityAsync<TableEntity>("s|0849902Z", id)).Value.GetString("ClassName"));
        var login = RosterKeys.NormaliseLogin("ines.haddad@demo-eleves.example");
        var row = await kit.S.App.Table(RosterKeys.IndexTable).GetEntityAsync<TableEntity>(RosterKeys.LoginPartition(login), RosterKeys.LoginRow(login));
        Assert.AreEqual("s|0849902Z", row.Value.GetString("PersonPk"), "first contact finds her new row");
        var again = await (await kit.ImportAsync(moved, dryRun: true)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(1, again.GetProperty("unchanged").GetInt32(), again.ToString());
    }

    private static async Task<string?[]> NamesAsync(RosterKit kit, string q, string token) =>
        [.. (await SearchAsync(kit, q, token)).Select(p => p.GetProperty("person").GetProperty("lastName").GetString())];

    private static async Task<List<JsonElement>> SearchAsync(RosterKit kit, string q, string token)
    {
        var response = await kit.GetAsync("/api/roster/people?q=" + Uri.EscapeDataString(q), token);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body.ToString());
        return [.. body.EnumerateArray()];
    }
}

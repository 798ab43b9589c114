using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Roster;
using TutorBot.Tests.Roster;
using static TutorBot.Tests.Pairing.PairingKit;

namespace TutorBot.Tests.Pairing;

/// <summary><c>/api/pairing</c> through HTTP against Azurite: roles, the priority list, suggestions, pairing races, proposals.</summary>
[TestClass]
public sealed class PairingApiTests
{
    [TestMethod]
    public async Task AReferentSeesOnlyTheirSchoolAndOthersAreRefused()
    {
        await using var kit = await PairingKit.StartAsync();
        var referent = kit.Token(Referent);

        Assert.AreEqual(HttpStatusCode.OK, (await kit.GetAsync($"/api/pairing/schools/{Calanques}/priority", referent)).StatusCode);
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync($"/api/pairing/schools/{Ventoux}/priority", referent)).StatusCode, "another school");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync($"/api/pairing/schools/{Ventoux}/overview", referent)).StatusCode);
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.SendJsonAsync(HttpMethod.Put, $"/api/pairing/schools/{Ventoux}/priority/{Id("hugo.chevalier@demo-eleves.example")}", new { marked = true }, referent)).StatusCode);
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.PairAsync(Calanques, Lucas, Julien, referent)).StatusCode, "pairing is for coordinators");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/pairing/tutors", referent)).StatusCode);
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync($"/api/pairing/schools/{Calanques}/priority", kit.Token(Lucas))).StatusCode, "a student");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync($"/api/pairing/schools/{Calanques}/priority", kit.Token(Julien))).StatusCode, "a tutor");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync($"/api/pairing/schools/{Calanques}/priority", kit.Token("sophie.lambert@demo-energie.example"))).StatusCode, "a correspondent");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await kit.GetAsync($"/api/pairing/schools/{Calanques}/priority", kit.Token(RosterKit.CoordinatorLogin, audience: "api://another-app"))).StatusCode);
    }

    [TestMethod]
    public async Task TheReferentsMarksOrderThePriorityListAndSuggestionsGiveTheirReasons()
    {
        await using var kit = await PairingKit.StartAsync();
        var referent = kit.Token(Referent);
        await kit.ProfileAsync(Julien, ["STI2D"], "Marseille");
        await kit.ProfileAsync(Nadia, ["CPGE"], "Aix-en-Provence");
        foreach (var student in new[] { Lucas, Amina })
        {
            Assert.AreEqual(HttpStatusCode.NoContent, (await kit.SendJsonAsync(HttpMethod.Put, $"/api/pairing/schools/{Calanques}/priority/{Id(student)}", new { marked = true }, referent)).StatusCode);
        }

        var list = await kit.JsonAsync($"/api/pairing/schools/{Calanques}/priority", referent);
        var students = list.GetProperty("students").EnumerateArray().ToList();
        CollectionAssert.AreEqual(new[] { true, true, false }, students.Select(s => s.GetProperty("marked").GetBoolean()).ToArray());
        // Both marked students hold a scholarship, come from a QPV and are far from business: the name decides.
        CollectionAssert.AreEqual(new[] { "Diallo", "Fabre", "Haddad" }, students.Select(s => s.GetProperty("lastName").GetString()).ToArray());
        Assert.IsFalse(students[0].TryGetProperty("gender", out _), "no gender per student on the list");
        var marked = list.GetProperty("girlsInStemMarked").EnumerateArray().Single(g => g.GetProperty("className").ValueKind == JsonValueKind.Null);
        Assert.AreEqual((1, 2), (marked.GetProperty("girls").GetInt32(), marked.GetProperty("total").GetInt32()), "Amina (CPGE) and Lucas (STI2D)");

        var suggestions = (await kit.JsonAsync($"/api/pairing/schools/{Calanques}/students/{Id(Lucas)}/suggestions")).EnumerateArray().ToList();
        // The demo roster's other tutors (those of the Playground's users) rank among them; these three keep their order.
        string[] calanquesTutors = [Id(Julien), Id(Nadia), Id(Thomas)];
        var ranked = suggestions.Where(s => calanquesTutors.Contains(s.GetProperty("tutorId").GetString())).ToList();
        CollectionAssert.AreEqual(calanquesTutors, ranked.Select(s => s.GetProperty("tutorId").GetString()).ToArray());
        Assert.AreEqual(Id(Julien), suggestions[0].GetProperty("tutorId").GetString());
        CollectionAssert.AreEqual(new[] { "trained", "sameStream", "sameCity", "students:0", "placesLeft:2", "neverPaired" }, suggestions[0].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()).ToArray());
        Assert.AreEqual("Énergies Demo SA", suggestions[0].GetProperty("company").GetString());
        Assert.IsFalse(ranked[2].GetProperty("pairable").GetBoolean(), "Thomas is not trained yet");
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.PairAsync(Calanques, Lucas, Thomas)).StatusCode, "an untrained tutor is refused");
    }

    [TestMethod]
    public async Task TwoCoordinatorsPairingTheSameStudentAtOnceGetOneCreatedAndOneConflict()
    {
        await using var kit = await PairingKit.StartAsync();

        var responses = await Task.WhenAll(kit.PairAsync(Calanques, Lucas, Julien), kit.PairAsync(Calanques, Lucas, Nadia));

        Assert.AreEqual(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var conflict = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        var problem = await conflict.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual("studentTaken", problem.GetProperty("code").GetString());
        Assert.AreEqual(Text("Api_StudentTaken", "fr"), problem.GetProperty("detail").GetString());
        var lucas = (await kit.JsonAsync($"/api/pairing/schools/{Calanques}/priority")).GetProperty("students").EnumerateArray().Single(s => s.GetProperty("id").GetString() == Id(Lucas));
        var winner = responses.Single(r => r.StatusCode == HttpStatusCode.Created);
        Assert.AreEqual((await winner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tutorId").GetString(), lucas.GetProperty("tutorId").GetString());
    }

    [TestMethod]
    public async Task TwoCoordinatorsTakingATutorsLastPlaceAtOnceGetOneCreatedAndOneConflict()
    {
        await using var kit = await PairingKit.StartAsync();

        // Nadia has one place.
        var responses = await Task.WhenAll(kit.PairAsync(Calanques, Lucas, Nadia), kit.PairAsync(Calanques, Amina, Nadia, kit.Token(RosterKit.CoordinatorLogin)));

        Assert.AreEqual(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        var conflict = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.AreEqual("tutorFull", (await conflict.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
        var english = await kit.SendJsonAsync(HttpMethod.Post, $"/api/pairing/schools/{Calanques}/pairs", new { studentId = Id(Ines), tutorId = Id(Nadia) }, language: "en");
        Assert.AreEqual(HttpStatusCode.Conflict, english.StatusCode);
        Assert.AreEqual(Text("Api_TutorFull", "en"), (await english.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), "told in the caller's language");
        var nadia = (await kit.JsonAsync("/api/pairing/tutors")).EnumerateArray().Single(t => t.GetProperty("id").GetString() == Id(Nadia));
        Assert.AreEqual(1, nadia.GetProperty("active").GetInt32(), "the directory counts her student");
    }

    [TestMethod]
    public async Task TheWholeSchoolProposalIsReviewedThenConfirmedAndKeepsTheRosterInStep()
    {
        await using var kit = await PairingKit.StartAsync();
        await kit.ProfileAsync(Julien, ["STI2D"], "Marseille");
        await kit.ProfileAsync(Nadia, ["CPGE"], "Marseille");
        foreach (var student in new[] { Lucas, Amina, Ines })
        {
            await kit.SendJsonAsync(HttpMethod.Put, $"/api/pairing/schools/{Calanques}/priority/{Id(student)}", new { marked = true });
        }

        var proposal = await (await kit.SendJsonAsync(HttpMethod.Post, $"/api/pairing/schools/{Calanques}/proposal", null)).Content.ReadFromJsonAsync<JsonElement>();
        var pairs = proposal.GetProperty("pairs").EnumerateArray().ToDictionary(p => p.GetProperty("studentId").GetString()!, p => p.GetProperty("tutorId").GetString()!);
        Assert.AreEqual(Id(Nadia), pairs[Id(Amina)], "CPGE goes to Nadia");
        Assert.AreEqual(2, pairs.Values.Count(t => t == Id(Julien)), "Julien's two places for the two STI2D students");
        Assert.AreEqual(0, (await kit.JsonAsync($"/api/pairing/schools/{Calanques}/pairs")).GetArrayLength(), "nothing written before confirming");

        var confirm = await kit.SendJsonAsync(HttpMethod.Post, $"/api/pairing/schools/{Calanques}/proposal/confirm", new { pairs = pairs.Select(p => new { studentId = p.Key, tutorId = p.Value }) });
        var results = (await confirm.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.IsTrue(results.All(r => r.GetProperty("outcome").GetString() == "paired"), string.Join(",", results));

        // The roster's people view shows each student's tutor.
        var store = kit.S.App.Services.GetRequiredService<RosterStore>();
        Assert.AreEqual(Julien, (await store.GetAsync(RosterKeys.SchoolPartition(Calanques), Id(Lucas), default))?.Person.TutorLogin);
        Assert.AreEqual(Nadia, (await store.GetAsync(RosterKeys.SchoolPartition(Calanques), Id(Amina), default))?.Person.TutorLogin);
        var again = await (await kit.SendJsonAsync(HttpMethod.Post, $"/api/pairing/schools/{Calanques}/proposal", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(0, again.GetProperty("pairs").GetArrayLength(), "paired students leave the proposal");
    }

    [TestMethod]
    public async Task ACoordinatorRecordsAStudentsPathAndAGraduateJoinsTheAlumni()
    {
        await using var kit = await PairingKit.StartAsync();
        var path = $"/api/pairing/schools/{Ventoux}/students/{Id("lea.perrin@demo-eleves.example")}";

        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.SendJsonAsync(HttpMethod.Put, path + "/followup", new { year = 2025, degreeTarget = "Bac+9", graduated = false })).StatusCode);
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.SendJsonAsync(HttpMethod.Put, path + "/alumni", new { optedIn = true })).StatusCode, "not graduated yet");
        Assert.AreEqual(HttpStatusCode.OK, (await kit.SendJsonAsync(HttpMethod.Put, path + "/followup", new { year = 2025, className = "BTS CRSA 2", degreeTarget = "Bac+3", graduated = true, firstJob = "Technicienne de maintenance" })).StatusCode);
        Assert.AreEqual(HttpStatusCode.NoContent, (await kit.SendJsonAsync(HttpMethod.Put, path + "/alumni", new { optedIn = true })).StatusCode);

        var followUp = (await kit.JsonAsync(path + "/followup")).EnumerateArray().Single();
        Assert.AreEqual("Technicienne de maintenance", followUp.GetProperty("firstJob").GetString());
        var alumni = (await kit.JsonAsync("/api/pairing/alumni")).EnumerateArray().Single();
        Assert.AreEqual("Léa Perrin", alumni.GetProperty("name").GetString());
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/pairing/alumni", kit.Token("yannick.roux@demo-lycees.example"))).StatusCode, "alumni are the coordinators'");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.SendJsonAsync(HttpMethod.Put, path + "/followup", new { year = 2025 }, kit.Token("yannick.roux@demo-lycees.example"))).StatusCode);
    }
}

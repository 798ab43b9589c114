using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TutorBot.Cards;
using TutorBot.Demo;
using TutorBot.Features.Roster;
using TutorBot.Features.Waves;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Waves;

/// <summary>Who may send what (roster roles, 403), bad input (400), preview and its size check, unreachable people, the CSV.</summary>
[TestClass]
public sealed class WaveAccessTests
{
    private const string Calanques = "0139901Z";
    private const string CalanquesClass = "0139901Z-1re-sti2d-a";
    private const string VentouxClass = "0849902Z-tle-stl";
    private const string Referent = "claire.moreau@demo-lycees.example";

    [TestMethod]
    public async Task AReferentSendsToTheirSchoolsClassesOnlyAndStudentsOrTutorsNotAtAll()
    {
        await using var kit = await WaveKit.StartAsync(students: 0);
        await kit.Roster.ImportAndWaitAsync(RosterKit.DemoCsv);
        var referent = kit.Roster.Token(Referent);

        var own = await kit.PostAsync("/api/waves", WaveKit.Body(audience: new { kind = "class", classId = CalanquesClass }), referent);
        Assert.AreEqual(HttpStatusCode.Created, own.StatusCode, await own.Content.ReadAsStringAsync());
        Assert.AreEqual(2, (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recipients").GetInt32(), "Inès and Lucas");
        Assert.AreEqual(HttpStatusCode.Created, (await kit.PostAsync("/api/waves", WaveKit.Body(audience: new { kind = "school", schoolId = Calanques }), referent)).StatusCode);

        foreach (var audience in new object[] { new { kind = "class", classId = VentouxClass }, new { kind = "school", schoolId = "0849902Z" }, new { kind = "everyone" }, new { kind = "role", role = "student" } })
        {
            var refused = await kit.PostAsync("/api/waves", WaveKit.Body(audience: audience), referent);
            Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode, JsonSerializer.Serialize(audience));
            Assert.AreEqual(WaveKit.Text("Api_Forbidden", WaveKit.Fr), (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        }

        foreach (var login in new[] { "lucas.fabre@demo-eleves.example", "julien.martin@demo-energie.example" })
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.PostAsync("/api/waves", WaveKit.Body(), kit.Roster.Token(login))).StatusCode, login);
            Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.Roster.GetAsync("/api/waves", kit.Roster.Token(login))).StatusCode, login);
        }

        // The coordinator's wave is not the referent's to see or stop.
        var coordinators = (await (await kit.PostAsync("/api/waves", WaveKit.Body(audience: new { kind = "everyone" }))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.PostAsync($"/api/waves/{coordinators}/cancel", null, referent)).StatusCode);
        Assert.AreEqual(2, (await (await kit.Roster.GetAsync("/api/waves", referent)).Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
        Assert.AreEqual(3, (await (await kit.Roster.GetAsync("/api/waves")).Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength());
    }

    [TestMethod]
    public async Task InTeamsOnlyCoordinatorsAndReferentsGetTheComposeFormOthersACardSayingSo()
    {
        await using var kit = await WaveKit.StartAsync(students: 1);
        var student = kit.Students[0];
        var mark = kit.Driver.Mark;
        await kit.Driver.SayAsync(student, "vague");
        StringAssert.Contains(kit.Driver.PostsTo(student, mark).Single().CardText, WaveKit.Text("Refused_NotAllowed", WaveKit.Fr));

        var refused = await kit.ComposeAsync(student, "everyone");
        StringAssert.Contains(refused, WaveKit.Text("Refused_NotAllowed", WaveKit.Fr));

        var teacher = DemoData.People.Single(p => p.Id == "teacher-nadia");
        mark = kit.Driver.Mark;
        await kit.Driver.SayAsync(teacher, "vague");
        var form = kit.Driver.PostsTo(teacher, mark).Single().Activity!;
        var formJson = JsonSerializer.Serialize(form.Attachments![0].Content);
        StringAssert.Contains(formJson, "class:" + WaveKit.ClassId, "her school's class");
        Assert.IsFalse(formJson.Contains("sainte-victoire", StringComparison.Ordinal), "not another school's class");
        Assert.IsFalse(formJson.Contains("\"everyone\"", StringComparison.Ordinal));

        StringAssert.Contains(await kit.ComposeAsync(teacher, "class:sainte-victoire-mp2"), WaveKit.Text("Refused_NotAllowed", WaveKit.Fr), "another school's class, typed into the card");
        StringAssert.Contains(await kit.ComposeAsync(teacher, "everyone"), WaveKit.Text("Refused_NotAllowed", WaveKit.Fr));
        Assert.AreEqual(0, (await kit.Get<WaveStore>().ListAsync()).Count, "nothing created");
        StringAssert.Contains(await kit.ComposeAsync(teacher, "class:" + WaveKit.ClassId), WaveKit.Text("Compose_Sent", WaveKit.Fr, "Réunion", 1));
    }

    [TestMethod]
    public async Task BadInputIs400AndChangesNothing()
    {
        await using var kit = await WaveKit.StartAsync(students: 1);
        var cases = new (object Body, string Field)[]
        {
            (WaveKit.Body(message: " "), "message.fr"),
            (new { title = "T", message = new { fr = "M" }, answers = Enumerable.Range(0, 4).Select(i => new { fr = "R" + i }), audience = new { kind = "everyone" } }, "answers"),
            (WaveKit.Body(audience: new { kind = "class", classId = "no-such-class" }), "audience.classId"),
            (WaveKit.Body(audience: new { kind = "school", schoolId = "0000000X" }), "audience.schoolId"),
            (WaveKit.Body(audience: new { kind = "workshop", workshopId = "no-such-workshop" }), "audience.workshopId"),
            (WaveKit.Body(audience: new { kind = "nonResponders", waveId = "w0" }), "audience.waveId"),
            (WaveKit.Body(audience: new { kind = "role", role = "coordinator" }), "audience.role"),
            (WaveKit.Body(nudge: 0), "nudgeAfterHours"),
        };
        foreach (var (body, field) in cases)
        {
            var response = await kit.PostAsync("/api/waves", body);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, field);
            Assert.IsTrue(problem.GetProperty("errors").TryGetProperty(field, out _), $"{field}: {problem}");
        }

        var tooLarge = await kit.PostAsync("/api/waves", WaveKit.Body(message: new string('é', 45_000)));
        var tooLargeProblem = await tooLarge.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.AreEqual("cardTooLarge", tooLargeProblem.GetProperty("code").GetString());
        Assert.AreEqual(AdaptiveCard.MaxMessageBytes, tooLargeProblem.GetProperty("limitBytes").GetInt32());
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.PostAsync("/api/waves", WaveKit.Body(en: new string('e', 45_000)))).StatusCode, "the English card too");
        Assert.AreEqual(0, (await kit.Get<WaveStore>().ListAsync()).Count);

        var id = (await (await kit.PostAsync("/api/waves", WaveKit.Body())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.PostAsync($"/api/waves/{id}/send", new { at = "2020-01-01T10:00" })).StatusCode, "in the past");
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.PostAsync($"/api/waves/{id}/send", new { at = "demain" })).StatusCode);
        Assert.AreEqual(HttpStatusCode.Conflict, (await kit.PostAsync($"/api/waves/{id}/pause", null)).StatusCode, "a draft does not pause");
        Assert.AreEqual(HttpStatusCode.NotFound, (await kit.PostAsync("/api/waves/w-nope/send", null)).StatusCode);
        Assert.AreEqual(WaveStates.Draft, (await kit.WaveAsync(id!)).GetProperty("state").GetString());
    }

    [TestMethod]
    public async Task ThePreviewShowsEachLanguagesCardAndItsSizeAgainstTheLimit()
    {
        await using var kit = await WaveKit.StartAsync(students: 1);
        var id = (await (await kit.PostAsync("/api/waves", WaveKit.Body(en: "Workshop tomorrow at 2 pm, room B12."))).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var fr = await (await kit.Roster.GetAsync($"/api/waves/{id}/preview?locale=fr")).Content.ReadFromJsonAsync<JsonElement>();
        var en = await (await kit.Roster.GetAsync($"/api/waves/{id}/preview?locale=en")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.AreEqual(("fr", "en"), (fr.GetProperty("locale").GetString(), en.GetProperty("locale").GetString()));
        StringAssert.Contains(fr.GetProperty("card").GetRawText(), "Je serai l");
        StringAssert.Contains(en.GetProperty("card").GetRawText(), "Workshop tomorrow");
        Assert.AreEqual("AdaptiveCard", en.GetProperty("card").GetProperty("type").GetString());
        Assert.AreEqual(AdaptiveCard.MaxMessageBytes, en.GetProperty("limitBytes").GetInt32());
        Assert.IsTrue(en.GetProperty("withinLimit").GetBoolean());
        Assert.IsTrue(en.GetProperty("bytes").GetInt32() > 500);
    }

    [TestMethod]
    public async Task PeopleWhoNeverReachedTheBotAreCountedUnreachableWithTheReasonAndListedInTheCsv()
    {
        await using var kit = await WaveKit.StartAsync(students: 2);
        await kit.Roster.ImportAndWaitAsync(RosterKit.DemoCsv);
        var id = await kit.SendWaveAsync(WaveKit.Body(audience: new { kind = "role", role = "student" }, answers: 1));

        await kit.RunUntilSettledAsync(id);

        var wave = await kit.WaveAsync(id);
        var counts = wave.GetProperty("counts");
        // 2 seeded students reach the bot; the roster's students never wrote to it; the demo's 2 have no chat to open one in.
        var rosterStudents = System.Text.Encoding.UTF8.GetString(RosterKit.DemoCsv).Split('\n').Count(l => l.TrimStart('\uFEFF').StartsWith("élève;", StringComparison.Ordinal));
        Assert.IsGreaterThanOrEqualTo(6, rosterStudents, "the demo roster's students");
        Assert.AreEqual((2 + rosterStudents + 2, 2, rosterStudents + 2), (counts.GetProperty("recipients").GetInt32(), counts.GetProperty("sent").GetInt32(), counts.GetProperty("unreachable").GetInt32()));
        Assert.AreEqual(("not installed", rosterStudents), (wave.GetProperty("reasons")[0].GetProperty("reason").GetString(), wave.GetProperty("reasons")[0].GetProperty("count").GetInt32()));

        var csv = await (await kit.Roster.GetAsync($"/api/waves/{id}/recipients.csv")).Content.ReadAsStringAsync();
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(1 + 2 + rosterStudents + 2, lines.Length, "a header and a line per recipient");
        Assert.AreEqual(rosterStudents, lines.Count(l => l.Contains(";unreachable;not installed;", StringComparison.Ordinal)));
        Assert.IsTrue(lines.Contains($"{RosterKeys.NewPersonId("lucas.fabre@demo-eleves.example")};student;{Calanques};unreachable;not installed;;;"));
        Assert.IsFalse(csv.Contains("Fabre", StringComparison.Ordinal), "no names");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TutorBot.Features.Pairing;
using TutorBot.Features.Roster;
using TutorBot.Tests.Roster;
using static TutorBot.Tests.Pairing.PairingKit;

namespace TutorBot.Tests.Pairing;

/// <summary>
/// The roster's <c>tuteur</c> column into pairs: the rules as a pure function, and an import's dry run that proposes
/// the pairs by line and lists the refusals (not trained, full, the student already paired), confirmed afterwards
/// through the pairing rules in storage.
/// </summary>
[TestClass]
public sealed class ImportPairTests
{
    [TestMethod]
    public void RowsAreJudgedInFileOrderAgainstTrainingCapacityAndTheStudentsActiveTutor()
    {
        var anna = Tutor("anna", trained: true, capacity: 2);
        var ben = Tutor("ben", trained: false, capacity: 3);
        var carl = Tutor("carl", trained: true, capacity: null);
        var rows = new (int, string, RosterPerson?)[]
        {
            (2, "s1", anna), (3, "s2", anna), (4, "s3", anna), (5, "s4", ben), (6, "s5", carl), (7, "s6", carl),
            (8, "s7", anna), (9, "s8", null), (10, "s9", anna with { Kind = RosterKinds.Student }),
        };
        var judged = ImportPairRules.Judge(rows, new Dictionary<string, string> { ["s2"] = "anna", ["s7"] = "someone" }, new Dictionary<string, int> { ["anna"] = 1 });

        CollectionAssert.AreEqual(
            new[]
            {
                (2, ImportPairRules.Proposed),        // anna: 1 active + this one = 2 of 2
                (3, ImportPairRules.AlreadyPaired),   // s2's active tutor is anna already
                (4, ImportPairRules.TutorFull),       // no place left after line 2
                (5, ImportPairRules.NotTrained),
                (6, ImportPairRules.Proposed),        // no capacity given: one place
                (7, ImportPairRules.TutorFull),
                (8, ImportPairRules.StudentTaken),    // s7 has another active tutor
                (9, ImportPairRules.NotATutor),
                (10, ImportPairRules.NotATutor),
            },
            judged.ToArray());
    }

    [TestMethod]
    public async Task TheDryRunProposesTheTutorColumnsPairsByLineAndListsRefusals()
    {
        await using var kit = await RosterKit.StartAsync(new Dictionary<string, string?> { ["Delivery:Enabled"] = "false" });
        var demo = Encoding.UTF8.GetString(RosterKit.DemoCsv);

        // A fresh programme: Inès → Julien and Amina → Nadia are proposed; Léa → Thomas (not trained) is refused.
        var first = await PairsAsync(kit, demo);
        Assert.AreEqual((ImportPairRules.Proposed, (string?)null), Of(first, LineOf(demo, Ines)));
        Assert.AreEqual(ImportPairRules.Proposed, Of(first, LineOf(demo, Amina)).Outcome);
        var lea = Of(first, LineOf(demo, "lea.perrin@demo-eleves.example"));
        Assert.AreEqual(ImportPairRules.NotTrained, lea.Outcome);
        Assert.AreEqual(Text("ImportPair_notTrained", "fr", Thomas, 1), lea.Message);
        Assert.AreEqual(ImportPairRules.Proposed, Of(first, LineOf(demo, "yasmine.benali@eleve.example")).Outcome, "the Playground's student and her tutor, Claire (trained)");
        Assert.AreEqual(4, first.GetArrayLength(), "only student rows naming a tutor");

        // Imported, the proposals confirmed through the pairing rules, Lucas paired with Julien by hand.
        await kit.ImportAndWaitAsync(RosterKit.DemoCsv);
        Assert.AreEqual(HttpStatusCode.OK, (await kit.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/pairing/tutors/refresh"), kit.CoordinatorToken)).StatusCode);
        var confirm = first.EnumerateArray().Where(p => p.GetProperty("outcome").GetString() == ImportPairRules.Proposed && p.GetProperty("schoolUai").GetString() == Calanques)
            .Select(p => new { studentId = p.GetProperty("studentId").GetString(), tutorId = p.GetProperty("tutorId").GetString() }).ToArray();
        var confirmed = await (await kit.SendJsonAsync(HttpMethod.Post, $"/api/pairing/schools/{Calanques}/proposal/confirm", new { pairs = confirm })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.IsTrue(confirmed.EnumerateArray().All(o => o.GetProperty("outcome").GetString() == "paired"), confirmed.ToString());

        // The next file: the same rows are now paired; Lucas (no tutor) names Nadia, who is full with Amina.
        var next = demo.Replace("lucas.fabre@demo-eleves.example;0139901Z;;;;;;;1re STI2D A;1re;STI2D;M;oui;qpv;oui;fr;;", "lucas.fabre@demo-eleves.example;0139901Z;;;;;;;1re STI2D A;1re;STI2D;M;oui;qpv;oui;fr;" + Nadia + ";");
        Assert.AreNotEqual(demo, next, "the test edits Lucas's row");
        var second = await PairsAsync(kit, next);
        Assert.AreEqual(ImportPairRules.AlreadyPaired, Of(second, LineOf(next, Ines)).Outcome);
        Assert.AreEqual(ImportPairRules.AlreadyPaired, Of(second, LineOf(next, Amina)).Outcome);
        var lucas = Of(second, LineOf(next, Lucas));
        Assert.AreEqual(ImportPairRules.TutorFull, lucas.Outcome);
        Assert.AreEqual(Text("ImportPair_tutorFull", "fr", Nadia, 1), lucas.Message);

        // A student paired with Julien whose row names Nadia: refused as taken, in English for an English caller.
        var moved = demo.Replace(Ines + ";0139901Z;;;;;;;1re STI2D A;1re;STI2D;F;oui;qpv;oui;fr;" + Julien, Ines + ";0139901Z;;;;;;;1re STI2D A;1re;STI2D;F;oui;qpv;oui;fr;" + Nadia);
        Assert.AreNotEqual(demo, moved, "the test edits Inès's row");
        var third = await PairsAsync(kit, moved, "en");
        Assert.AreEqual((ImportPairRules.StudentTaken, Text("ImportPair_studentTaken", "en", Nadia)), Of(third, LineOf(moved, Ines)));
    }

    private static RosterPerson Tutor(string id, bool trained, int? capacity) => new(id, RosterKinds.Tutor, id, id, id + "@x.example", Trained: trained, Capacity: capacity);

    private static async Task<JsonElement> PairsAsync(RosterKit kit, string csv, string language = "fr")
    {
        var response = await kit.ImportAsync(Encoding.UTF8.GetBytes(csv), dryRun: true, language: language);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, report.ToString());
        Assert.AreEqual(0, report.GetProperty("problems").GetArrayLength(), report.ToString());
        return report.GetProperty("pairs");
    }

    private static (string Outcome, string? Message) Of(JsonElement pairs, int line)
    {
        var p = pairs.EnumerateArray().Single(e => e.GetProperty("line").GetInt32() == line);
        return (p.GetProperty("outcome").GetString()!, p.GetProperty("message").GetString());
    }

    private static int LineOf(string csv, string login) => csv.Split('\n').ToList().FindIndex(l => l.Contains(login, StringComparison.Ordinal) && l.StartsWith("élève", StringComparison.Ordinal)) + 1;
}

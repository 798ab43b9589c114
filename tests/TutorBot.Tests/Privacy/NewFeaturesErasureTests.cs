using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Approvals;
using TutorBot.Features.Pairing;
using TutorBot.Features.Roster;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Privacy;

/// <summary>
/// Export and erasure of the rows of pairing, logo approvals and the proactive installation state: Lucas is paired with
/// Karim (who also tutors Yasmine), has pairing follow-up rows, BAT rows and an install state; after the erasure no
/// table names him, Karim's history keeps an anonymous student and his place is free again.
/// </summary>
[TestClass]
public sealed class NewFeaturesErasureTests
{
    private const string Tutor = "tutor-karim";
    private const string Organisation = "provence-energie";

    [TestMethod]
    public async Task ExportListsPairingApprovalAndInstallRowsThenErasureLeavesNoTraceAndFreesTheTutorsPlace()
    {
        await using var kit = await RosterKit.StartAsync(PrivacyKit.Settings());
        var now = DateTimeOffset.UtcNow;
        await PrivacyKit.SeedAsync(kit.S.App, now);
        var sp = kit.S.App.Services;
        var pairing = sp.GetRequiredService<PairingStore>();
        await pairing.UpsertTutorAsync(new PairingTutor(Tutor, "o|calanques-ingenierie", "Karim Haddad", "calanques-ingenierie", true, 3, 0, ["engineering"], "Marseille", "Aix-Marseille"));
        var lucasPair = await pairing.PairAsync(Tutor, 3, PrivacyKit.Lucas.Id, PrivacyKit.Uai, "coordinator-ines", now);
        var yasminePair = await pairing.PairAsync(Tutor, 3, PrivacyKit.Yasmine.Id, PrivacyKit.Uai, "coordinator-ines", now);
        Assert.AreEqual(PairingOutcome.Paired, lucasPair.Outcome);
        Assert.AreEqual(PairingOutcome.Paired, yasminePair.Outcome);
        await pairing.MarkAsync(PrivacyKit.Uai, PrivacyKit.Lucas.Id, true, "coordinator-ines", now);
        await pairing.SaveFollowUpAsync(PrivacyKit.Uai, new FollowUp(PrivacyKit.Lucas.Id, 2026, "MP2", "Lycée", "ingénieur", false, null, Tutor, now));
        await pairing.SetAlumnusAsync(new Alumnus(PrivacyKit.Lucas.Id, PrivacyKit.Uai, true, now, "coordinator-ines"));
        Assert.AreEqual(2, await pairing.ActiveCountAsync(Tutor));

        var approvals = sp.GetRequiredService<ApprovalStore>();
        var lucas = PrivacyKit.LucasRosterId;
        await approvals.AddRequestAsync(new BatRequest("r-made", Organisation, "logo1", "email", now, now.AddDays(30), "draft1", "text/html", 10, lucas, "s|" + PrivacyKit.Uai, "calanques-ingenierie", now), CancellationToken.None);
        await approvals.AddRequestAsync(new BatRequest("r-decided", Organisation, "logo1", "email", now, now.AddDays(30), "draft2", "text/html", 10, "correspondent-1", "o|calanques-ingenierie", "calanques-ingenierie", now, BatStatus.Rejected, lucas, now, "trop petit, dit Lucas Ferreira"), CancellationToken.None);
        var grant = new Grant("g-1", Organisation, "logo1", "email", now, now.AddDays(30), "hash", "calanques-ingenierie", now, now, lucas);
        await approvals.AddGrantAsync(grant, CancellationToken.None);
        await approvals.RecordUseAsync(grant, lucas, "s|" + PrivacyKit.Uai, CancellationToken.None);
        var audit = sp.GetRequiredService<AuditLog>();
        await audit.AppendAsync(new AuditFact("bat/r-made/requested", "bat.requested", now, lucas, Organisation, "logo1", "email", RequestId: "r-made"));

        var roster = sp.GetRequiredService<RosterStore>();
        var person = (await roster.GetAsync(RosterKeys.SchoolPartition(PrivacyKit.Uai), lucas, CancellationToken.None))!.Value.Person;
        await roster.SetInstallStateAsync(person, InstallStates.WaitingForAdmin, now, CancellationToken.None);

        var exported = await kit.GetAsync("/api/privacy/export?person=" + PrivacyKit.Lucas.Id);
        var text = await exported.Content.ReadAsStringAsync();
        Assert.AreEqual(HttpStatusCode.OK, exported.StatusCode, text);
        var stores = JsonDocument.Parse(text).RootElement.GetProperty("stores");
        var pairingRows = stores.GetProperty("pairing").EnumerateArray().Select(r => r.GetProperty("row").GetString()!).ToList();
        CollectionAssert.IsSubsetOf(new[] { "m|" + PrivacyKit.Lucas.Id, "c|" + PrivacyKit.Lucas.Id, "p|" + lucasPair.Pair!.Id, $"h|{PrivacyKit.Lucas.Id}|{lucasPair.Pair.Id}", $"f|{PrivacyKit.Lucas.Id}|2026", PrivacyKit.Lucas.Id }, pairingRows, string.Join(", ", pairingRows));
        Assert.IsFalse(pairingRows.Contains("p|" + yasminePair.Pair!.Id), "Yasmine's pair is not Lucas's");
        Assert.AreEqual(4, stores.GetProperty("approvals").GetProperty("rows").GetArrayLength(), "the request he made, the one he decided, the grant he revoked, his use");
        Assert.AreEqual(1, stores.GetProperty("approvals").GetProperty("audit").GetArrayLength());
        Assert.AreEqual(InstallStates.WaitingForAdmin, stores.GetProperty("roster").GetProperty("installation").GetProperty("state").GetString());

        var response = await kit.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/privacy/erasures") { Content = JsonContent.Create(new { person = PrivacyKit.Lucas.Id }) }, kit.CoordinatorToken);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, started.ToString());
        var job = await PrivacyKit.WaitForErasureAsync(kit, started.GetProperty("id").GetString()!);
        Assert.AreEqual("done", job.GetProperty("state").GetString(), job.ToString());

        var after = (await PrivacyKit.ScanAsync(kit.S.App)).Where(r => !r.StartsWith(AuditLog.Table + " ", StringComparison.Ordinal)).ToList();
        foreach (var mark in PrivacyKit.LucasMarks.Append("dit Lucas"))
        {
            var left = after.Where(r => r.Contains(mark, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.AreEqual(0, left.Count, $"rows still naming {mark}:\n" + string.Join("\n", left));
        }

        var history = await pairing.PairsOfTutorAsync(Tutor);
        var kept = history.Single(p => p.Id == lucasPair.Pair.Id);
        Assert.AreEqual(PairStatus.Ended, kept.Status, "his active pair was ended");
        Assert.IsFalse(string.IsNullOrEmpty(kept.StudentId));
        Assert.IsFalse(PrivacyKit.LucasMarks.Contains(kept.StudentId), "the tutor's history keeps an anonymous student");
        Assert.AreEqual(PairStatus.Active, history.Single(p => p.Id == yasminePair.Pair.Id).Status, "Yasmine's pair is untouched");
        Assert.AreEqual(1, await pairing.ActiveCountAsync(Tutor), "Lucas's place with Karim is free again");
        Assert.AreEqual(PairingOutcome.Paired, (await pairing.PairAsync(Tutor, 2, "student-other", PrivacyKit.Uai, "coordinator-ines", now)).Outcome, "the freed place can be taken");
        Assert.IsNotNull((await pairing.StudentAsync(PrivacyKit.Uai, PrivacyKit.Yasmine.Id)).Claim, "Yasmine keeps her claim");

        var decided = await approvals.RequestAsync(Organisation, "r-decided", CancellationToken.None);
        Assert.IsNull(decided!.Value.Request.Comment, "the comment he typed is cleared");
        Assert.AreEqual(BatStatus.Rejected, decided.Value.Request.Status, "the decision itself is kept");
        Assert.AreEqual(0, (await approvals.UsersAsync(grant, CancellationToken.None)).Count);
        Assert.AreEqual(0, (await audit.VerifyAsync()).Problems.Count, "the audit chain is not touched");
        Assert.AreEqual(lucas, (await audit.ReadAsync()).Single().Fact.ActorId, "the audit log keeps its actor id (it stops resolving)");
        Assert.AreEqual(0, (await roster.InstallStatesAsync(RosterKeys.SchoolPartition(PrivacyKit.Uai), CancellationToken.None)).Count);

        var again = await kit.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/privacy/erasures") { Content = JsonContent.Create(new { person = PrivacyKit.Lucas.Id }) }, kit.CoordinatorToken);
        Assert.AreEqual(HttpStatusCode.NotFound, again.StatusCode);
    }

    [TestMethod]
    public async Task ErasingTheTutorEndsTheirPairsAndKeepsTheStudentsHistoryUnderAnAnonymousTutor()
    {
        await using var kit = await RosterKit.StartAsync(PrivacyKit.Settings());
        var now = DateTimeOffset.UtcNow;
        await PrivacyKit.SeedAsync(kit.S.App, now);
        var pairing = kit.S.App.Services.GetRequiredService<PairingStore>();
        await pairing.UpsertTutorAsync(new PairingTutor(Tutor, "o|calanques-ingenierie", "Karim Haddad", "calanques-ingenierie", true, 3, 0, ["engineering"], "Marseille", "Aix-Marseille"));
        var pairs = new List<Pair>();
        foreach (var student in new[] { PrivacyKit.Lucas.Id, PrivacyKit.Yasmine.Id })
        {
            pairs.Add((await pairing.PairAsync(Tutor, 3, student, PrivacyKit.Uai, "coordinator-ines", now)).Pair!);
        }

        var before = await PrivacyKit.ScanAsync(kit.S.App);
        Assert.IsTrue(before.Any(r => r.StartsWith(PairingKeys.Table + " ", StringComparison.Ordinal) && r.Contains(Tutor, StringComparison.Ordinal)));

        var response = await kit.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/privacy/erasures") { Content = JsonContent.Create(new { person = Tutor }) }, kit.CoordinatorToken);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, started.ToString());
        var job = await PrivacyKit.WaitForErasureAsync(kit, started.GetProperty("id").GetString()!);
        Assert.AreEqual("done", job.GetProperty("state").GetString(), job.ToString());

        var left = (await PrivacyKit.ScanAsync(kit.S.App)).Where(r => r.StartsWith(PairingKeys.Table + " ", StringComparison.Ordinal) && (r.Contains(Tutor, StringComparison.Ordinal) || r.Contains("Haddad", StringComparison.Ordinal))).ToList();
        Assert.AreEqual(0, left.Count, "pairing rows still naming the tutor:\n" + string.Join("\n", left));
        Assert.IsNull(await pairing.TutorAsync(Tutor), "the directory row is gone");
        foreach (var student in new[] { PrivacyKit.Lucas.Id, PrivacyKit.Yasmine.Id })
        {
            var (claim, history) = await pairing.StudentAsync(PrivacyKit.Uai, student);
            Assert.IsNull(claim, "the student is free to be paired again");
            var row = history.Single();
            Assert.IsNotNull(row.EndedUtc);
            Assert.IsFalse(string.IsNullOrEmpty(row.TutorId) || row.TutorId == Tutor, "the student's history keeps an anonymous tutor");
            var moved = (await pairing.PairsOfTutorAsync(row.TutorId)).Single(p => p.StudentId == student);
            Assert.AreEqual(PairStatus.Ended, moved.Status);
            Assert.IsTrue(pairs.Any(p => p.Id == moved.Id), "the pair row kept its id under the anonymous tutor");
        }
    }
}

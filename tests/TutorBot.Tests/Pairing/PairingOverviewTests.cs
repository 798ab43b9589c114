using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Pairing;
using TutorBot.Features.Tutoring;
using TutorBot.Tests.Roster;
using static TutorBot.Tests.Pairing.PairingKit;

namespace TutorBot.Tests.Pairing;

/// <summary>
/// <c>GET /api/pairing/overview</c> against Azurite: one overview for the whole programme (tutors without a session for
/// six weeks, pairs whose student answered neither of the last two reminders), a referent's narrowed to their school.
/// </summary>
[TestClass]
public sealed class PairingOverviewTests
{
    private const string Lea = "lea.perrin@demo-eleves.example";
    private const string VentouxReferent = "yannick.roux@demo-lycees.example";

    [TestMethod]
    public async Task TheCoordinatorSeesQuietTutorsAndUnansweredRemindersAcrossSchoolsAndAReferentOnlyTheirs()
    {
        await using var kit = await PairingKit.StartAsync();
        var now = DateTimeOffset.UtcNow;

        // Julien has Lucas (Calanques) and holds sessions, but Lucas answered neither of the last two reminders;
        // Nadia has Léa (Ventoux) and had her last session 50 days ago. Both pairs started 60 days ago.
        await BackdateAsync(kit, Julien, await PairIdAsync(kit, Calanques, Lucas, Julien), now.AddDays(-60));
        await BackdateAsync(kit, Nadia, await PairIdAsync(kit, Ventoux, Lea, Nadia), now.AddDays(-60));
        var sessions = kit.S.App.Services.GetRequiredService<SessionStore>();
        await sessions.TryAddAsync(Session(Lucas, Julien, now.AddDays(-30), Attendance.Confirmed));
        await sessions.TryAddAsync(Session(Lucas, Julien, now.AddDays(-20), null));
        await sessions.TryAddAsync(Session(Lucas, Julien, now.AddDays(-10), null));
        await sessions.TryAddAsync(Session(Lea, Nadia, now.AddDays(-50), Attendance.Confirmed));
        await sessions.TryAddAsync(Session(Lea, Nadia, now.AddDays(-45), null, SessionStatus.Cancelled));

        var all = await kit.JsonAsync("/api/pairing/overview");
        var quiet = all.GetProperty("quietTutors").EnumerateArray().Single();
        Assert.AreEqual(Id(Nadia), quiet.GetProperty("tutorId").GetString());
        Assert.AreEqual("Nadia Benali", quiet.GetProperty("tutorName").GetString());
        Assert.AreEqual("Conseil Demo", quiet.GetProperty("company").GetString());
        Assert.AreEqual(now.AddDays(-50).Date, quiet.GetProperty("lastSessionUtc").GetDateTimeOffset().UtcDateTime.Date);
        var leaPair = quiet.GetProperty("pairs").EnumerateArray().Single();
        Assert.AreEqual("Léa Perrin", leaPair.GetProperty("studentName").GetString());
        StringAssert.Contains(leaPair.GetProperty("schoolName").GetString(), "Ventoux");
        var unanswered = all.GetProperty("unansweredReminders").EnumerateArray().Single();
        Assert.AreEqual("Lucas Fabre", unanswered.GetProperty("studentName").GetString());
        Assert.AreEqual("Julien Martin", unanswered.GetProperty("tutorName").GetString());

        // Each referent sees what concerns their own school only.
        var calanques = await kit.JsonAsync("/api/pairing/overview", kit.Token(Referent));
        Assert.AreEqual(0, calanques.GetProperty("quietTutors").GetArrayLength());
        Assert.AreEqual("Lucas Fabre", calanques.GetProperty("unansweredReminders").EnumerateArray().Single().GetProperty("studentName").GetString());
        var ventoux = await kit.JsonAsync("/api/pairing/overview", kit.Token(VentouxReferent));
        Assert.AreEqual(Id(Nadia), ventoux.GetProperty("quietTutors").EnumerateArray().Single().GetProperty("tutorId").GetString());
        Assert.AreEqual(0, ventoux.GetProperty("unansweredReminders").GetArrayLength());

        // A session Nadia holds today takes her off the list.
        await sessions.TryAddAsync(Session(Lea, Nadia, now.AddHours(-2), Attendance.Confirmed));
        Assert.AreEqual(0, (await kit.JsonAsync("/api/pairing/overview")).GetProperty("quietTutors").GetArrayLength());

        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/pairing/overview", kit.Token(Julien))).StatusCode, "a tutor");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/pairing/overview", kit.Token(Lucas))).StatusCode, "a student");
    }

    private static async Task<string> PairIdAsync(RosterKit kit, string uai, string student, string tutor)
    {
        var response = await kit.PairAsync(uai, student, tutor);
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task BackdateAsync(RosterKit kit, string tutor, string pairId, DateTimeOffset started)
    {
        var table = kit.S.App.Table(PairingKeys.Table);
        var row = (await table.GetEntityAsync<TableEntity>(PairingKeys.TutorPartition(Id(tutor)), PairingKeys.PairRow(pairId))).Value;
        row["StartedUtc"] = started;
        await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge);
    }

    private static TutoringSession Session(string student, string tutor, DateTimeOffset start, string? answer, string status = SessionStatus.Confirmed) => new()
    {
        PartitionKey = Id(student),
        RowKey = "s-" + Guid.NewGuid().ToString("N")[..10],
        TutorId = Id(tutor),
        StartUtc = start,
        DurationMinutes = 60,
        Status = status,
        CreatedUtc = start.AddDays(-7),
        StudentAttendance = answer,
    };
}

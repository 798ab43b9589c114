using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Conversation;
using TutorBot.Features.Privacy;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Privacy;

/// <summary>Export and erasure of one person through <c>/api/privacy</c>, against Azurite.</summary>
[TestClass]
public sealed class ExportAndEraseTests
{
    [TestMethod]
    public async Task ExportHoldsTheSeededPersonsRowsFromEveryStoreAndNothingOfAnother()
    {
        await using var kit = await RosterKit.StartAsync(PrivacyKit.Settings());
        await PrivacyKit.SeedAsync(kit.S.App, DateTimeOffset.UtcNow);

        var response = await kit.GetAsync("/api/privacy/export?person=" + PrivacyKit.Lucas.Id);
        var text = await response.Content.ReadAsStringAsync();

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, text);
        StringAssert.StartsWith(response.Content.Headers.ContentDisposition?.ToString(), "attachment");
        var export = JsonDocument.Parse(text).RootElement;
        Assert.AreEqual(PrivacyApi.ExportFormat, export.GetProperty("format").GetString());
        var stores = export.GetProperty("stores");
        Assert.AreEqual("Lucas Ferreira", stores.GetProperty("programme").GetProperty("displayName").GetString());
        Assert.AreEqual(PrivacyKit.LucasLogin, stores.GetProperty("roster").GetProperty("login").GetString());
        Assert.AreEqual(PrivacyKit.Lucas.AadObjectId, stores.GetProperty("roster").GetProperty("teamsIdentity").GetProperty("objectId").GetString());
        Assert.AreEqual(Activities.ConversationIdOf(PrivacyKit.Lucas), stores.GetProperty("conversation").GetProperty("conversationId").GetString());
        Assert.AreEqual(2, stores.GetProperty("sessions").GetArrayLength(), "both sessions, with their logs and ratings");
        StringAssert.Contains(stores.GetProperty("sessions").ToString(), "merci, dit Lucas Ferreira");
        Assert.AreEqual(3, stores.GetProperty("workshops").GetArrayLength(), "registration, attendance, the card sent");
        Assert.AreEqual(3, stores.GetProperty("deliveries").GetArrayLength(), "his reminder, his invitation, the tutor's row about him");
        Assert.AreEqual(1, stores.GetProperty("insertions").GetArrayLength());
        Assert.AreEqual(1, stores.GetProperty("calendar").GetArrayLength());
        Assert.AreEqual("export", stores.GetProperty("privacy")[0].GetProperty("action").GetString(), "the export itself is on record");
        foreach (var other in new[] { PrivacyKit.Yasmine.Id, "Yasmine", PrivacyKit.Yasmine.AadObjectId!, "s-yasmine-1" })
        {
            Assert.IsFalse(text.Contains(other, StringComparison.Ordinal), $"the export holds {other}");
        }

        var byRoster = await kit.GetAsync($"/api/privacy/export?person=s-{PrivacyKit.Uai}/{PrivacyKit.LucasRosterId}");
        var same = await byRoster.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(PrivacyKit.Lucas.Id, same.GetProperty("person").GetProperty("personId").GetString(), "the roster reference finds the same person through the linked identity");

        var audit = await kit.S.App.Table(PrivacyStore.Table).QueryAsync<TableEntity>(e => e.PartitionKey == "audit").ToListAsync();
        Assert.AreEqual(2, audit.Count);
        Assert.IsTrue(audit.All(a => a.GetString("Action") == "export" && a.GetString("SubjectHash")!.Length == 32 && a.GetString("By")!.Length > 0));
        Assert.IsFalse(audit.Any(a => a.Any(kv => kv.Value?.ToString()?.Contains("lucas", StringComparison.OrdinalIgnoreCase) == true)), "records hold the hash, not the person");
    }

    [TestMethod]
    public async Task OnlyCoordinatorsExportOrErase()
    {
        await using var kit = await RosterKit.StartAsync(PrivacyKit.Settings());
        await PrivacyKit.SeedAsync(kit.S.App, DateTimeOffset.UtcNow);

        foreach (var token in new[] { kit.Token(PrivacyKit.LucasLogin), kit.Token("stranger@elsewhere.example") })
        {
            var export = await kit.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/privacy/export?person=" + PrivacyKit.Yasmine.Id), token);
            Assert.AreEqual(HttpStatusCode.Forbidden, export.StatusCode);
            Assert.AreEqual("application/problem+json", export.Content.Headers.ContentType?.MediaType);
            var erase = await kit.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/privacy/erasures") { Content = JsonContent.Create(new { person = PrivacyKit.Yasmine.Id }) }, token);
            Assert.AreEqual(HttpStatusCode.Forbidden, erase.StatusCode);
        }

        var anonymous = await kit.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/privacy/export?person=" + PrivacyKit.Yasmine.Id), null);
        Assert.AreEqual(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var unknown = await kit.GetAsync("/api/privacy/export?person=nobody-here");
        Assert.AreEqual(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.AreEqual("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(0, (await kit.S.App.Table(PrivacyStore.Table).QueryAsync<TableEntity>(e => e.PartitionKey == "audit" || e.PartitionKey == "erasure").ToListAsync()).Count, "refusals record nothing and erase nothing");
        Assert.IsNotNull(await kit.S.App.Services.GetRequiredService<TutorBot.Features.Programme.ProgrammeStore>().GetAsync(PrivacyKit.Yasmine.Id));
    }

    [TestMethod]
    public async Task AfterErasureNoRowNamesThePersonOthersKeepTheirFactsAndHeIsUnknown()
    {
        await using var kit = await RosterKit.StartAsync(PrivacyKit.Settings());
        await PrivacyKit.SeedAsync(kit.S.App, DateTimeOffset.UtcNow);
        var before = await PrivacyKit.ScanAsync(kit.S.App);
        Assert.IsTrue(PrivacyKit.LucasMarks.All(m => before.Any(r => r.Contains(m, StringComparison.Ordinal))), "the seed names Lucas in every way the scan looks for");

        var response = await kit.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/privacy/erasures") { Content = JsonContent.Create(new { person = PrivacyKit.Lucas.Id }) }, kit.CoordinatorToken);
        var started = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.Accepted, response.StatusCode, started.ToString());
        var job = await PrivacyKit.WaitForErasureAsync(kit, started.GetProperty("id").GetString()!);
        Assert.AreEqual("done", job.GetProperty("state").GetString(), job.ToString());

        var after = await PrivacyKit.ScanAsync(kit.S.App);
        foreach (var mark in PrivacyKit.LucasMarks)
        {
            var left = after.Where(r => r.Contains(mark, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.AreEqual(0, left.Count, $"rows still naming {mark}:\n" + string.Join("\n", left));
        }

        // Others' records keep the facts: Yasmine's rows, the workshop's count, the tutor's log with "a student".
        Assert.IsTrue(after.Any(r => r.Contains("s-yasmine-1", StringComparison.Ordinal)));
        Assert.AreEqual(4, after.Count(r => r.StartsWith(WorkshopStore.Table + " " + PrivacyKit.WorkshopId + " reg:", StringComparison.Ordinal) || r.StartsWith(WorkshopStore.Table + " " + PrivacyKit.WorkshopId + " att:", StringComparison.Ordinal)), "two registrations and two presences, one of them anonymous");
        var anonymous = await kit.S.App.Table(SessionStore.Table).QueryAsync<TutoringSession>(s => s.PartitionKey.CompareTo("anon|") >= 0 && s.PartitionKey.CompareTo("anon}") < 0).ToListAsync();
        Assert.AreEqual(2, anonymous.Count);
        Assert.IsTrue(anonymous.All(s => s.TutorId == "tutor-karim" && s.Outcome == Outcomes.Happened && s.Rating == 4 && s.RatingComment is null && s.Reason is null && s.StudentConversationId is null));

        // The erasure is on record without the erased data.
        var record = (await kit.S.App.Table(PrivacyStore.Table).QueryAsync<TableEntity>(e => e.PartitionKey == "erasure").ToListAsync()).Single();
        Assert.AreEqual(job.GetProperty("id").GetString(), record.RowKey);
        Assert.IsFalse(record.ContainsKey("Subject"));
        Assert.IsFalse(string.IsNullOrEmpty(record.GetString("RequestedBy")), "who asked");

        // He writes again: unknown, told whom to ask, and nothing about him is stored.
        DeliveryTestKitTrust(kit);
        var calls = kit.S.Connector.Calls.Count;
        var message = await kit.S.App.PostActivityAsync(Activities.Message(kit.S.Connector.ServiceUrl, PrivacyKit.Lucas, "séance"));
        Assert.IsTrue(message.IsSuccessStatusCode);
        Assert.IsTrue(kit.S.Connector.Calls.Count > calls, "he gets the not-in-programme card");
        Assert.IsNull(await kit.S.App.Services.GetRequiredService<ConversationStore>().FindAsync(PrivacyKit.Lucas.TenantId, PrivacyKit.Lucas.AadObjectId!));

        // Erasing again finds nobody.
        var again = await kit.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/privacy/erasures") { Content = JsonContent.Create(new { person = PrivacyKit.Lucas.Id }) }, kit.CoordinatorToken);
        Assert.AreEqual(HttpStatusCode.NotFound, again.StatusCode);
    }

    private static void DeliveryTestKitTrust(RosterKit kit) => TutorBot.Tests.Delivery.DeliveryTestKit.Trust(kit.S.App, kit.S.Connector);
}

internal static class AsyncQueries
{
    public static async Task<List<T>> ToListAsync<T>(this Azure.AsyncPageable<T> source)
        where T : notnull
    {
        var list = new List<T>();
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TutorBot.Features.Approvals;
using TutorBot.Tests.Partners;
using static TutorBot.Tests.Approvals.ApprovalsKit;

namespace TutorBot.Tests.Approvals;

/// <summary>A grant after its approval: used by the add-in, revoked by its owner (its users told), ended by its period.</summary>
[TestClass]
public sealed class GrantLifecycleTests
{
    private static string Subject(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    [TestMethod]
    public async Task ARevokedGrantIsToldToWhoeverUsedItAndTheAddinNoLongerGetsIt()
    {
        await using var kit = await ApprovalsKit.StartAsync();
        var id = await kit.CoordinatorAsksUpsAsync();
        Assert.AreEqual(HttpStatusCode.OK, (await kit.DecideOverHttpAsync(kit.P.Token(PartnersKit.UpsLogin), id, BatDecisions.Approve)).StatusCode);
        await kit.DrainAsync();
        kit.S.Connector.Reset();

        // The coordinator's pane puts UPS's logo into a message: that use is remembered.
        var insertion = await kit.P.PostJsonAsync("/api/addin/insertions", new { agreementId = PartnersKit.UpsAgreement, organisationId = "ups", logoHash = kit.UpsLogo, subjectHash = Subject("Forum des métiers") }, kit.P.Coordinator);
        Assert.AreEqual(HttpStatusCode.Created, insertion.StatusCode, await insertion.Content.ReadAsStringAsync());

        var path = $"/api/partners/grants/ups/{id}/revoke";
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, await kit.P.PostJsonAsync(path, new { }, kit.P.Token(PartnersKit.AcademieLogin)), "another partner's correspondent");
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, await kit.P.PostJsonAsync(path, new { }, kit.P.Coordinator), "the grantee");
        var revoked = await kit.P.PostJsonAsync(path, new { }, kit.P.Token(PartnersKit.UpsLogin));
        Assert.AreEqual(HttpStatusCode.OK, revoked.StatusCode, await revoked.Content.ReadAsStringAsync());
        Assert.AreEqual(1, (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("told").GetInt32());
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Conflict, await kit.P.PostJsonAsync(path, new { }, kit.P.Token(PartnersKit.UpsLogin)), "revoked twice");

        var grants = await (await kit.P.GetAsync("/api/addin/grants?medium=email", kit.P.Coordinator)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(0, grants.GetProperty("grants").GetArrayLength(), "a revoked grant covers nothing");

        await kit.DrainAsync();
        var notice = kit.CardsTo(kit.Coordinator).Single();
        StringAssert.Contains(notice, Text("Revoked_Title"));
        StringAssert.Contains(notice, kit.UpsName);
        var kinds = (await kit.Service<AuditLog>().ReadAsync()).Select(e => e.Fact.Kind).ToList();
        CollectionAssert.IsSubsetOf(new[] { AuditKinds.Insertion, AuditKinds.Revoked }, kinds);
    }

    [TestMethod]
    public async Task AnUnansweredRequestExpiresAtTheEndOfItsPeriodAndAnExpiredGrantCoversNoNewMessage()
    {
        await using var kit = await ApprovalsKit.StartAsync();
        var end = DateTimeOffset.UtcNow.AddSeconds(4);
        var unanswered = await kit.CoordinatorAsksUpsAsync(to: end);
        var approved = await kit.CoordinatorAsksUpsAsync(to: end);
        Assert.AreEqual(HttpStatusCode.OK, (await kit.DecideOverHttpAsync(kit.P.Token(PartnersKit.UpsLogin), approved, BatDecisions.Approve)).StatusCode);
        var before = await (await kit.P.GetAsync("/api/addin/grants?medium=email", kit.P.Coordinator)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(1, before.GetProperty("grants").GetArrayLength(), "covered while the period runs");

        await Task.Delay(end - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(300));
        await kit.DrainAsync();

        var store = kit.Service<ApprovalStore>();
        Assert.AreEqual(BatStatus.Expired, (await store.RequestAsync("ups", unanswered, default))!.Value.Request.Status);
        Assert.AreEqual(BatStatus.Approved, (await store.RequestAsync("ups", approved, default))!.Value.Request.Status);
        var after = await (await kit.P.GetAsync("/api/addin/grants?medium=email", kit.P.Coordinator)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(0, after.GetProperty("grants").GetArrayLength(), "an expired grant covers no new message");

        // Too late to decide: the card says it expired.
        StringAssert.Contains(await kit.ClickAsync(kit.Sonia, unanswered, BatDecisions.Approve), Text("Status_expired"));
        Assert.IsTrue(kit.CardsTo(kit.Coordinator).Any(c => c.Contains(Text("Expired_Body", kit.UpsName), StringComparison.Ordinal)), string.Join(" | ", kit.CardsTo(kit.Coordinator)));
        var kinds = (await kit.Service<AuditLog>().ReadAsync()).Select(e => e.Fact.Kind).ToList();
        CollectionAssert.IsSubsetOf(new[] { AuditKinds.Expired, AuditKinds.GrantExpired }, kinds);
    }
}

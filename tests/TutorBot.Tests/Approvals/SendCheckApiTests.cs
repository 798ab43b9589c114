using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TutorBot.Features.Approvals;
using TutorBot.Tests.Partners;

namespace TutorBot.Tests.Approvals;

/// <summary>The send-time check's server side: one answer with what the add-in's pure rules need, and the sends it reports.</summary>
[TestClass]
public sealed class SendCheckApiTests
{
    private static readonly string SubjectHash = new('b', 64);

    [TestMethod]
    public async Task TheCheckAnswersTheCitedAgreementsTheCallersEmailGrantsAndWhichImagesArePartnerLogos()
    {
        await using var kit = await ApprovalsKit.StartAsync();
        var id = await kit.CoordinatorAsksUpsAsync();
        Assert.AreEqual(HttpStatusCode.OK, (await kit.DecideOverHttpAsync(kit.P.Token(PartnersKit.UpsLogin), id, BatDecisions.Approve)).StatusCode);

        var response = await kit.P.PostJsonAsync("/api/addin/send-check", new { agreementIds = new[] { PartnersKit.UpsAgreement }, imageHashes = new[] { kit.UpsLogo, new string('f', 64) } }, kit.P.Coordinator);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body.ToString());
        Assert.AreEqual(PartnersKit.UpsAgreement, body.GetProperty("agreements").GetProperty("agreements").EnumerateArray().Single().GetProperty("id").GetString(), "only the cited agreement");
        var owner = body.GetProperty("logos").EnumerateArray().Single();
        Assert.AreEqual(kit.UpsLogo, owner.GetProperty("hash").GetString());
        Assert.AreEqual("ups", owner.GetProperty("organisationId").GetString(), "an unknown image is no logo");
        Assert.AreEqual(kit.UpsLogo, body.GetProperty("grants").EnumerateArray().Single().GetProperty("logoHash").GetString());

        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.P.PostJsonAsync("/api/addin/send-check", new { agreementIds = new[] { "x" }, imageHashes = new[] { "not-a-hash" } }, kit.P.Coordinator)).StatusCode);
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Unauthorized, await kit.P.PostJsonAsync("/api/addin/send-check", new { agreementIds = Array.Empty<string>() }, token: null), "no token");
    }

    [TestMethod]
    public async Task ABlockedSendAndAnUncheckedOneAreChainedIntoTheAuditLogOnce()
    {
        await using var kit = await ApprovalsKit.StartAsync();
        var blocked = new { id = "evt1", kind = "blocked", subjectHash = SubjectHash, agreementIds = new[] { PartnersKit.UpsAgreement }, organisationIds = new[] { "ups" }, at = DateTimeOffset.UtcNow };
        Assert.AreEqual(HttpStatusCode.Created, (await kit.P.PostJsonAsync("/api/addin/send-events", blocked, kit.P.Coordinator)).StatusCode);
        Assert.AreEqual(HttpStatusCode.Created, (await kit.P.PostJsonAsync("/api/addin/send-events", blocked, kit.P.Coordinator)).StatusCode, "reported twice (a retry)");
        var hourAgo = DateTimeOffset.UtcNow.AddHours(-1);
        var uncheckedSend = new { id = "evt2", kind = "unchecked", subjectHash = SubjectHash, agreementIds = new[] { PartnersKit.UpsAgreement }, organisationIds = Array.Empty<string>(), at = hourAgo };
        Assert.AreEqual(HttpStatusCode.Created, (await kit.P.PostJsonAsync("/api/addin/send-events", uncheckedSend, kit.P.Coordinator)).StatusCode);
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.P.PostJsonAsync("/api/addin/send-events", blocked with { kind = "sent" }, kit.P.Coordinator)).StatusCode);

        var entries = await kit.Service<AuditLog>().ReadAsync();
        Assert.AreEqual(1, entries.Count(e => e.Fact.Kind == AuditKinds.SendBlocked));
        var late = entries.Single(e => e.Fact.Kind == AuditKinds.SendUnchecked);
        Assert.AreEqual(hourAgo.ToUnixTimeSeconds(), late.Fact.At.ToUnixTimeSeconds(), "recorded at the time it was sent, told later");
        Assert.AreEqual(SubjectHash, late.Fact.SubjectHash);
    }
}

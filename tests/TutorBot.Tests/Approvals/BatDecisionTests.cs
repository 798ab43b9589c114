using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TutorBot.Features.Approvals;
using TutorBot.Tests.Partners;
using static TutorBot.Tests.Approvals.ApprovalsKit;

namespace TutorBot.Tests.Approvals;

/// <summary>
/// A BAT request from the add-in's API, decided in Teams (and over HTTP) against Azurite, the Teams connector
/// stand-in and the outbox: only the logo owner's correspondent decides (403 otherwise), once (409 after), the
/// requester is told on a card, and the grant is what the add-in then uses.
/// </summary>
[TestClass]
public sealed class BatDecisionTests
{
    [TestMethod]
    public async Task ABatCardDecidedInTeamsByThePartnersCorrespondentGrantsTheLogoAndTellsTheRequester()
    {
        await using var kit = await ApprovalsKit.StartAsync();
        var id = await kit.CoordinatorAsksUpsAsync();
        await kit.DrainAsync();

        // The decision card went to UPS's correspondent only, with the draft's words (not its script).
        var card = kit.CardsTo(kit.Sonia).Single();
        StringAssert.Contains(card, Text("Card_Title", kit.UpsName));
        StringAssert.Contains(card, "Invitation au forum des métiers");
        Assert.DoesNotContain("alert", card);
        Assert.IsEmpty(kit.CardsTo(kit.Anne));

        // The Académie's correspondent presses the button of a card she should never have had: 403 card, nothing changes.
        var refused = await kit.ClickAsync(kit.Anne, id, BatDecisions.Approve);
        StringAssert.Contains(refused, Text("Forbidden", kit.UpsName));
        Assert.AreEqual(BatStatus.Pending, (await kit.Service<ApprovalStore>().RequestAsync("ups", id, default))!.Value.Request.Status);

        // A rejection without a reason is refused by the card itself.
        StringAssert.Contains(await kit.ClickAsync(kit.Sonia, id, BatDecisions.Reject), Text("Error_CommentRequired"));

        var approved = await kit.ClickAsync(kit.Sonia, id, BatDecisions.Approve);
        StringAssert.Contains(approved, Text("Decided", Text("Status_approved")));

        // The same card pressed again, or on a second device: 409, the card shows the decision that stands.
        var again = await kit.ClickAsync(kit.Sonia, id, BatDecisions.Reject, "finalement non");
        StringAssert.Contains(again, Text("Status_approved"));
        StringAssert.Contains(again, "a déjà reçu une réponse");
        Assert.AreEqual(BatStatus.Approved, (await kit.Service<ApprovalStore>().RequestAsync("ups", id, default))!.Value.Request.Status);

        await kit.DrainAsync();
        var told = kit.CardsTo(kit.Coordinator).Single();
        StringAssert.Contains(told, Text("Answer_Title", kit.UpsName));
        StringAssert.Contains(told, Text("Answer_Status", Text("Status_approved")));

        // The add-in now gets the grant for e-mail and this logo version; the requester sees the decision.
        var grants = (await (await kit.P.GetAsync("/api/addin/grants?medium=email", kit.P.Coordinator)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("grants");
        var grant = grants.EnumerateArray().Single();
        Assert.AreEqual("ups", grant.GetProperty("organisationId").GetString());
        Assert.AreEqual(kit.UpsLogo, grant.GetProperty("logoHash").GetString());
        var mine = await (await kit.P.GetAsync("/api/addin/bat-requests", kit.P.Coordinator)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(BatStatus.Approved, mine.EnumerateArray().Single().GetProperty("status").GetString());

        // Another partner's correspondent gets no grant made to the association.
        var academie = await (await kit.P.GetAsync("/api/addin/grants?medium=email", kit.P.Token(PartnersKit.AcademieLogin))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(0, academie.GetProperty("grants").GetArrayLength());

        // The audit log holds the request, the decision and the grant, chained.
        var audit = kit.Service<AuditLog>();
        CollectionAssert.IsSubsetOf(new[] { AuditKinds.Requested, AuditKinds.Decided, AuditKinds.Granted }, (await audit.ReadAsync()).Select(e => e.Fact.Kind).ToList());
        Assert.IsTrue((await audit.VerifyAsync()).Intact);
    }

    [TestMethod]
    public async Task OverHttpAnotherPartnersCorrespondentIs403AndASecondDecisionIs409()
    {
        await using var kit = await ApprovalsKit.StartAsync();
        var id = await kit.CoordinatorAsksUpsAsync();

        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, await kit.DecideOverHttpAsync(kit.P.Token(PartnersKit.AcademieLogin), id, BatDecisions.Approve), "the Académie's correspondent deciding UPS's request");
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, await kit.DecideOverHttpAsync(kit.P.Token(PartnersKit.CompanyLogin), id, BatDecisions.Approve), "a company's correspondent");
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, await kit.DecideOverHttpAsync(kit.P.Coordinator, id, BatDecisions.Approve), "the requester itself");
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.DecideOverHttpAsync(kit.P.Token(PartnersKit.UpsLogin), id, BatDecisions.RequestChanges, "  ")).StatusCode, "changes need a comment");

        var sonia = kit.P.Token(PartnersKit.UpsLogin);
        var first = await kit.DecideOverHttpAsync(sonia, id, BatDecisions.RequestChanges, "Le logo doit figurer en bas, sur fond blanc.");
        Assert.AreEqual(HttpStatusCode.OK, first.StatusCode, await first.Content.ReadAsStringAsync());
        var second = await kit.DecideOverHttpAsync(sonia, id, BatDecisions.Approve);
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Conflict, second, "a second decision");
        var problem = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(BatStatus.ChangesRequested, problem.GetProperty("request").GetProperty("status").GetString(), "the 409 shows the decision that stands");
        Assert.AreEqual(0, (await (await kit.P.GetAsync("/api/addin/grants?medium=email", kit.P.Coordinator)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("grants").GetArrayLength(), "changes requested grant nothing");

        await kit.DrainAsync();
        var told = kit.CardsTo(kit.Coordinator).Single();
        StringAssert.Contains(told, Text("Status_changes-requested"));
        StringAssert.Contains(told, "Le logo doit figurer en bas, sur fond blanc.");
    }

    [TestMethod]
    public async Task ARequestForALogoVersionThePartnerDoesNotOwnOrWithABadDraftIs400AndStoresNothing()
    {
        await using var kit = await ApprovalsKit.StartAsync();
        async Task Refused(HttpResponseMessage response, string field, string because)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, because + ": " + body);
            Assert.IsTrue(JsonDocument.Parse(body).RootElement.GetProperty("errors").TryGetProperty(field, out _), because + ": " + body);
        }

        var coordinator = kit.P.Coordinator;
        await Refused(await kit.RequestAsync(coordinator, "ups", kit.AssociationLogo), "logoHash", "the association's logo is not a version of UPS's");
        await Refused(await kit.RequestAsync(coordinator, "ups", new string('e', 64)), "logoHash", "an unknown version");
        await Refused(await kit.RequestAsync(kit.P.Token(PartnersKit.UpsLogin), "ups", kit.UpsLogo), "organisationId", "one's own logo");
        await Refused(await kit.RequestAsync(kit.P.Token(PartnersKit.CompanyLogin), "ups", kit.UpsLogo), "organisationId", "a partner of no agreement of the caller");
        await Refused(await kit.RequestAsync(coordinator, "ups", kit.UpsLogo, medium: "tattoo"), "medium", "an unknown medium");
        await Refused(await kit.RequestAsync(coordinator, "ups", kit.UpsLogo, from: DateTimeOffset.UtcNow.AddDays(5), to: DateTimeOffset.UtcNow.AddDays(1)), "period", "an end before the start");
        await Refused(await kit.RequestAsync(coordinator, "ups", kit.UpsLogo, draft: Convert.ToBase64String([0x4D, 0x5A, 0x90, 0x00, 0x03])), "draft", "an executable called a draft");
        await Refused(await kit.RequestAsync(coordinator, "ups", kit.UpsLogo, draft: Convert.ToBase64String(new byte[3 * 1024 * 1024])), "draft", "a draft over the size limit");

        Assert.IsEmpty(await kit.Service<ApprovalStore>().RequestsOfAsync("any", default));
        var mine = await (await kit.P.GetAsync("/api/addin/bat-requests", coordinator)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(0, mine.GetArrayLength());
    }
}

using TutorBot.Features.Approvals;
using TutorBot.Features.Roster;

namespace TutorBot.Tests.Approvals;

/// <summary>The rules of a BAT request and its grant, without storage or HTTP.</summary>
[TestClass]
public sealed class BatRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly RosterPerson UpsCorrespondent = new("p-ups", RosterKinds.Correspondent, "Sonia", "Najid", "s@ups.example", OrganisationId: "ups");
    private static readonly RosterPerson AcademieCorrespondent = new("p-ac", RosterKinds.Correspondent, "Anne", "Recteur", "a@ac.example", OrganisationId: "academie-aix-marseille");
    private static readonly RosterPerson Coordinator = new("p-co", RosterKinds.Coordinator, "Inès", "Morel", "i@pa.example", OrganisationId: "passeport-avenir");

    private static BatRequest Request(DateTimeOffset? to = null) => new(
        "r1", "ups", new string('a', 64), BatMedia.Email, Now.AddDays(-1), to ?? Now.AddDays(30), new string('d', 64), BatDrafts.Html, 1200, "p-co", "o|passeport-avenir", "passeport-avenir", Now.AddHours(-2));

    [TestMethod]
    public void OnlyTheLogoOwnersCorrespondentDecides()
    {
        Assert.AreEqual(DecisionOutcome.NotTheCorrespondent, Request().Decide(AcademieCorrespondent, BatDecisions.Approve, null, Now).Outcome);
        Assert.AreEqual(DecisionOutcome.NotTheCorrespondent, Request().Decide(Coordinator, BatDecisions.Approve, null, Now).Outcome, "not even a coordinator");
        Assert.AreEqual(DecisionOutcome.NotTheCorrespondent, Request().Decide(UpsCorrespondent with { Active = false }, BatDecisions.Approve, null, Now).Outcome);
        Assert.AreEqual(DecisionOutcome.NotTheCorrespondent, Request().Decide(null, BatDecisions.Approve, null, Now).Outcome);
        var (outcome, decided) = Request().Decide(UpsCorrespondent, BatDecisions.Approve, null, Now);
        Assert.AreEqual(DecisionOutcome.Decided, outcome);
        Assert.AreEqual(BatStatus.Approved, decided.Status);
        Assert.AreEqual("p-ups", decided.DecidedBy);
    }

    [TestMethod]
    public void ADecidedRequestIsNotDecidedAgain()
    {
        var (_, rejected) = Request().Decide(UpsCorrespondent, BatDecisions.Reject, "Pas sur ce support.", Now);
        var (outcome, after) = rejected.Decide(UpsCorrespondent, BatDecisions.Approve, null, Now.AddMinutes(1));
        Assert.AreEqual(DecisionOutcome.AlreadyDecided, outcome);
        Assert.AreEqual(BatStatus.Rejected, after.Status);
        Assert.AreEqual("Pas sur ce support.", after.Comment);
    }

    [TestMethod]
    [DataRow(BatDecisions.RequestChanges)]
    [DataRow(BatDecisions.Reject)]
    public void ChangesAndRejectionNeedAComment(string decision)
    {
        Assert.AreEqual(DecisionOutcome.CommentRequired, Request().Decide(UpsCorrespondent, decision, "   ", Now).Outcome);
        Assert.AreEqual(DecisionOutcome.CommentTooLong, Request().Decide(UpsCorrespondent, decision, new string('x', BatRequest.CommentMaxLength + 1), Now).Outcome);
        Assert.AreEqual(DecisionOutcome.UnknownDecision, Request().Decide(UpsCorrespondent, "maybe", "hm", Now).Outcome);
        Assert.AreEqual(DecisionOutcome.Decided, Request().Decide(UpsCorrespondent, decision, "Logo trop petit.", Now).Outcome);
    }

    [TestMethod]
    public void AnApprovalGrantsExactlyThatLogoVersionMediumPeriodAndContent()
    {
        Assert.IsNull(Request().ToGrant(), "pending grants nothing");
        Assert.IsNull(Request().Decide(UpsCorrespondent, BatDecisions.RequestChanges, "Plus grand", Now).Request.ToGrant());
        var grant = Request().Decide(UpsCorrespondent, BatDecisions.Approve, null, Now).Request.ToGrant()!;
        Assert.AreEqual(new string('d', 64), grant.ContentHash);
        Assert.AreEqual("passeport-avenir", grant.GranteeOrganisationId);
        Assert.IsTrue(grant.Covers("ups", new string('a', 64), BatMedia.Email, Now));
        Assert.IsFalse(grant.Covers("ups", new string('b', 64), BatMedia.Email, Now), "another logo version");
        Assert.IsFalse(grant.Covers("ups", new string('a', 64), BatMedia.Poster, Now), "another medium");
        Assert.IsFalse(grant.Covers("ups", new string('a', 64), BatMedia.Email, Now.AddDays(30)), "expired: [from, to)");
        Assert.IsFalse(grant.Covers("ups", new string('a', 64), BatMedia.Email, Now.AddDays(-2)), "before its period");
        Assert.IsFalse(grant.Covers("passeport-avenir", new string('a', 64), BatMedia.Email, Now), "another owner");

        Assert.IsFalse(grant.CanRevoke(AcademieCorrespondent));
        Assert.IsFalse(grant.CanRevoke(Coordinator));
        var revoked = grant.Revoke(UpsCorrespondent, Now.AddDays(1));
        Assert.IsFalse(revoked.Covers("ups", new string('a', 64), BatMedia.Email, Now.AddDays(2)), "revoked");
        Assert.AreEqual(revoked, revoked.Revoke(UpsCorrespondent, Now.AddDays(3)), "revoked once");
    }

    [TestMethod]
    public void AnUnansweredRequestExpiresAtTheEndOfItsPeriodAndCannotBeDecidedThen()
    {
        var request = Request(to: Now.AddMinutes(5));
        Assert.IsFalse(request.ShouldExpire(Now));
        Assert.IsTrue(request.ShouldExpire(Now.AddMinutes(5)));
        var (outcome, after) = request.Decide(UpsCorrespondent, BatDecisions.Approve, null, Now.AddMinutes(6));
        Assert.AreEqual(DecisionOutcome.AlreadyDecided, outcome);
        Assert.AreEqual(BatStatus.Expired, after.Status);
        Assert.IsNull(after.ToGrant());
        Assert.IsFalse(BatRequest.IsPeriod(Now.AddDays(2), Now.AddDays(1), Now, TimeSpan.FromDays(400)), "ends before it starts");
        Assert.IsFalse(BatRequest.IsPeriod(Now.AddDays(-10), Now.AddDays(-1), Now, TimeSpan.FromDays(400)), "over already");
        Assert.IsFalse(BatRequest.IsPeriod(Now, Now.AddDays(500), Now, TimeSpan.FromDays(400)), "too long");
    }
}

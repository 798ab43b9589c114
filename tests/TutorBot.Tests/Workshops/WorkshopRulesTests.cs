using TutorBot.Features.Programme;
using TutorBot.Features.Workshops;

namespace TutorBot.Tests.Workshops;

/// <summary>The workshop's own rules, without HTTP or storage: who is promoted, late cancellations, who may sign up, speakers, attendance.</summary>
[TestClass]
public sealed class WorkshopRulesTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 10, 13, 0, 0, TimeSpan.Zero);

    private static Workshop NewWorkshop(int capacity = 2) => new WorkshopBuilder().WithCapacity(capacity).StartingAt(Start).Build();

    private static Person Student(string classId = "etoile-tle-sti2d") => new("s1", Roles.Student, "Élève", "t", "oid", ClassId: classId);

    [TestMethod]
    public void SignUpsTakePlacesThenTheWaitingListInArrivalOrder()
    {
        var w = NewWorkshop(capacity: 1);

        var a = w.Admit("a", null, Start.AddDays(-3));
        var b = w.Admit("b", null, Start.AddDays(-3));
        var c = w.Admit("c", null, Start.AddDays(-3));

        Assert.AreEqual((RegistrationStatus.Confirmed, RegistrationStatus.Waiting, RegistrationStatus.Waiting), (a.Status, b.Status, c.Status));
        Assert.AreEqual((1L, 2L, 3L), (a.Seq, b.Seq, c.Seq));
        Assert.AreEqual((1, 2, 3L), (w.Confirmed, w.Waiting, w.LastSeq));
    }

    [TestMethod]
    public void TheFirstToArriveOnTheWaitingListIsPromotedWhenAPlaceIsGivenBackInTime()
    {
        var w = NewWorkshop(capacity: 1);
        var a = w.Admit("a", null, Start.AddDays(-3));
        var b = w.Admit("b", null, Start.AddDays(-3));
        var c = w.Admit("c", null, Start.AddDays(-3));

        var first = Workshop.NextToPromote([c, a, b]);
        var (outcome, promoted) = w.Withdraw(a, first, Start.AddHours(-24));

        Assert.AreSame(b, promoted);
        Assert.AreEqual(CancelOutcome.Cancelled, outcome);
        Assert.IsTrue(b.WasPromoted(b.Seq));
        Assert.IsFalse(b.WasPromoted(c.Seq), "a notice about another arrival is not this promotion");
        Assert.AreEqual((1, 1), (w.Confirmed, w.Waiting));
    }

    [TestMethod]
    public void ACancellationLessThanADayBeforeIsLateAndGivesThePlaceToNobody()
    {
        var w = NewWorkshop(capacity: 1);
        var a = w.Admit("a", null, Start.AddDays(-3));
        w.Admit("b", null, Start.AddDays(-3));

        Assert.IsFalse(w.IsLateCancellation(Start.AddHours(-24)), "exactly a day before is in time");
        Assert.IsTrue(w.IsLateCancellation(Start.AddHours(-23)));
        var (outcome, promoted) = w.Withdraw(a, null, Start.AddHours(-23));

        Assert.AreEqual(CancelOutcome.LateCancelled, outcome);
        Assert.IsNull(promoted);
        Assert.AreEqual(RegistrationStatus.LateCancelled, a.Status);
        Assert.AreEqual(1, w.Confirmed, "the place stays taken");

        var back = w.Admit("a", a, Start.AddHours(-22));
        Assert.AreEqual(RegistrationStatus.Confirmed, back.Status);
        Assert.AreEqual(1, w.Confirmed, "coming back is not counted twice");
    }

    [TestMethod]
    public void LeavingTheWaitingListFreesNoPlace()
    {
        var w = NewWorkshop(capacity: 1);
        w.Admit("a", null, Start.AddDays(-3));
        var b = w.Admit("b", null, Start.AddDays(-3));

        var (outcome, promoted) = w.Withdraw(b, null, Start.AddDays(-2));

        Assert.AreEqual((CancelOutcome.Cancelled, (Registration?)null), (outcome, promoted));
        Assert.AreEqual((1, 0), (w.Confirmed, w.Waiting));
    }

    [TestMethod]
    public void OnlyInvitedStudentsSignUpAndOnlyBeforeTheStart()
    {
        var w = NewWorkshop();

        Assert.IsNull(w.SignUpRefusal(Student(), Start.AddDays(-1)));
        Assert.AreEqual("Refused_NotInvited", w.SignUpRefusal(Student("sainte-victoire-mp2"), Start.AddDays(-1)));
        Assert.AreEqual("Refused_NotInvited", w.SignUpRefusal(Student() with { Role = Roles.Tutor }, Start.AddDays(-1)));
        Assert.AreEqual("Workshop_Started", w.SignUpRefusal(Student(), Start));
        w.Status = WorkshopStatus.Offered;
        Assert.AreEqual("Workshop_NotFound", w.SignUpRefusal(Student(), Start.AddDays(-1)));
    }

    [TestMethod]
    public void CpgeOnlyWorkshopsAdmitSecondYearCpgeClassesOnly()
    {
        var cpge = new SchoolClass("mp2", "lycee", "MP2", WorkshopTypes.CpgeStream);
        var sti2d = new SchoolClass("tle", "lycee", "Tle STI2D", "STI2D");

        Assert.IsTrue(WorkshopTypes.Admits(WorkshopTypes.OralRehearsal, cpge));
        Assert.IsFalse(WorkshopTypes.Admits(WorkshopTypes.OralRehearsal, sti2d));
        Assert.IsFalse(WorkshopTypes.Admits(WorkshopTypes.Financing, sti2d));
        Assert.IsTrue(WorkshopTypes.Admits(WorkshopTypes.Jobs, sti2d));
    }

    [TestMethod]
    public void SpeakersAreApprovedUpToTheNumberWanted()
    {
        var w = NewWorkshop();
        w.SpeakersWanted = 2;
        w.Speakers = 1;
        Assert.IsTrue(w.WantsSpeakers);
        Assert.IsTrue(w.LacksSpeakers);

        w.Speakers = 2;
        Assert.IsFalse(w.WantsSpeakers);
        Assert.IsFalse(w.LacksSpeakers);
    }

    [TestMethod]
    public void AttendanceIsTakenFromAnHourBeforeTheStartToTwoDaysAfterTheEnd()
    {
        var w = NewWorkshop();

        Assert.IsFalse(w.IsAttendanceOpen(Start.AddMinutes(-61)));
        Assert.IsTrue(w.IsAttendanceOpen(Start.AddHours(-1)));
        Assert.IsTrue(w.IsAttendanceOpen(w.EndUtc.AddHours(48)));
        Assert.IsFalse(w.IsAttendanceOpen(w.EndUtc.AddHours(48).AddMinutes(1)));
    }
}

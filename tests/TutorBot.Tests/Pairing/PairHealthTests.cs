using TutorBot.Features.Pairing;
using TutorBot.Features.Tutoring;

namespace TutorBot.Tests.Pairing;

/// <summary>The overview's rules (quiet pairs, unanswered reminders), the follow-up's checks and the pair's own rules, without HTTP.</summary>
[TestClass]
public sealed class PairHealthTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 15, 10, 0, 0, TimeSpan.Zero);
    private static readonly Pair Pair = new("p1", "tutor", "student", "0139901Z", PairStatus.Active, Now.AddDays(-100), "coordinator");

    [TestMethod]
    public void APairIsQuietWhenItsTutorHadNoSessionForSixWeeks()
    {
        Assert.IsTrue(PairHealth.NoSessionForSixWeeks(Pair, [Session(-50)], Now), "the last session was 50 days ago");
        Assert.IsFalse(PairHealth.NoSessionForSixWeeks(Pair, [Session(-50), Session(-41)], Now));
        Assert.IsTrue(PairHealth.NoSessionForSixWeeks(Pair, [Session(-10, status: SessionStatus.Cancelled), Session(-5, outcome: Outcomes.Cancelled)], Now), "cancelled sessions do not count");
        Assert.IsTrue(PairHealth.NoSessionForSixWeeks(Pair, [Session(-10, tutor: "another")], Now), "another tutor's session does not count");
        Assert.IsFalse(PairHealth.NoSessionForSixWeeks(Pair with { StartedUtc = Now.AddDays(-20) }, [], Now), "a pair younger than six weeks is not quiet yet");
    }

    [TestMethod]
    public void ATutorIsWithoutASessionWhenNoneOfTheirActivePairsHadOneForSixWeeks()
    {
        var second = Pair with { Id = "p2", StudentId = "student2", StartedUtc = Now.AddDays(-10) };
        var ended = Pair with { Id = "p0", StudentId = "student0", Status = PairStatus.Ended };

        var (quiet, last) = PairHealth.TutorWithoutSession([(Pair, [Session(-50)]), (second, [])], Now);
        Assert.IsTrue(quiet, "the last session with either student was 50 days ago");
        Assert.AreEqual(Now.AddDays(-50), last);
        Assert.IsFalse(PairHealth.TutorWithoutSession([(Pair, [Session(-50)]), (second, [Session(-3)])], Now).Quiet, "a session with the newer student counts");
        Assert.IsFalse(PairHealth.TutorWithoutSession([(second, [])], Now).Quiet, "only pairs younger than six weeks: not quiet yet");
        Assert.IsTrue(PairHealth.TutorWithoutSession([(Pair, [Session(-5, outcome: Outcomes.Cancelled), Session(+3)])], Now).Quiet, "a cancelled or future session is none");
        Assert.IsFalse(PairHealth.TutorWithoutSession([(Pair, [Session(-5)]), (ended, [])], Now).Quiet);
        Assert.IsFalse(PairHealth.TutorWithoutSession([(ended, [])], Now).Quiet, "an ended pair alone makes no quiet tutor");
        Assert.IsNull(PairHealth.TutorWithoutSession([(Pair, [])], Now).LastSessionUtc);
    }

    [TestMethod]
    public void AStudentWhoAnsweredNeitherOfTheLastTwoRemindersIsFlagged()
    {
        Assert.IsTrue(PairHealth.MissedLastTwoReminders(Pair, [Session(-30, answer: Attendance.Confirmed), Session(-20), Session(-10)], Now));
        Assert.IsFalse(PairHealth.MissedLastTwoReminders(Pair, [Session(-30), Session(-20), Session(-10, answer: Attendance.CantCome)], Now), "a can't-come is an answer");
        Assert.IsFalse(PairHealth.MissedLastTwoReminders(Pair, [Session(-20), Session(+2)], Now), "a session still to come had no reminder answered yet");
        Assert.IsFalse(PairHealth.MissedLastTwoReminders(Pair, [Session(-10)], Now), "one session is not two");
    }

    [TestMethod]
    public void FollowUpRefusesUnknownDegreesLongTextsFutureYearsAndAJobBeforeGraduation()
    {
        FollowUp Make(int year = 2026, string? degree = "Bac+5", bool graduated = false, string? job = null, string? school = "INSA Lyon") =>
            new("s", year, "Licence 2", school, degree, graduated, job, "tutor", Now);

        Assert.AreEqual(0, Make().Problems(Now).Count);
        CollectionAssert.AreEqual(new[] { "degreeTarget" }, Make(degree: "Bac+8").Problems(Now).ToArray());
        CollectionAssert.AreEqual(new[] { "year" }, Make(year: 2028).Problems(Now).ToArray());
        CollectionAssert.AreEqual(new[] { "school" }, Make(school: new string('x', FollowUp.TextMax + 1)).Problems(Now).ToArray());
        CollectionAssert.AreEqual(new[] { "firstJob" }, Make(job: "Ingénieure").Problems(Now).ToArray());
        Assert.AreEqual(0, Make(graduated: true, job: "Ingénieure").Problems(Now).Count);
        Assert.AreEqual(2026, FollowUp.SchoolYear(new DateTimeOffset(2027, 6, 1, 10, 0, 0, TimeSpan.FromHours(2))));
        Assert.AreEqual(2027, FollowUp.SchoolYear(new DateTimeOffset(2027, 9, 2, 10, 0, 0, TimeSpan.FromHours(2))));
        Assert.AreEqual(new DateTimeOffset(2027, 6, 1, 8, 0, 0, TimeSpan.Zero), PairingFollowUps.NextAsk(Now), "1 June, 10:00 in Paris (summer time)");
    }

    [TestMethod]
    public void OnlyEitherSideOfAnActivePairMayAskToEndItOnce()
    {
        Assert.IsTrue(Pair.CanRequestEnd("student"));
        Assert.IsTrue(Pair.CanRequestEnd("tutor"));
        Assert.IsFalse(Pair.CanRequestEnd("coordinator"));
        var requested = Pair.RequestEnd("student", Now);
        Assert.AreEqual(PairStatus.EndRequested, requested.Status);
        Assert.IsTrue(requested.IsActive, "still counts until a coordinator decides");
        Assert.IsFalse(requested.CanRequestEnd("tutor"), "one request at a time");
        Assert.AreEqual(PairStatus.Active, requested.DeclineEnd().Status);
        var ended = requested.End("coordinator", Now);
        Assert.IsFalse(ended.IsActive);
        Assert.ThrowsExactly<InvalidOperationException>(() => ended.End("coordinator", Now));
    }

    private static TutoringSession Session(int days, string status = SessionStatus.Confirmed, string? outcome = null, string? answer = null, string tutor = "tutor") => new()
    {
        TutorId = tutor,
        StartUtc = Now.AddDays(days),
        Status = status,
        Outcome = outcome,
        StudentAttendance = answer,
    };
}

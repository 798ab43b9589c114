using TutorBot.Features.Tutoring;

namespace TutorBot.Tests.Tutoring;

/// <summary>The rules of a session, on the record itself: no HTTP, no storage.</summary>
[TestClass]
public sealed class TutoringSessionRulesTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 13, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = Now.AddDays(3);

    private static TutoringSession Confirmed() => new()
    {
        PartitionKey = "student-1",
        RowKey = "s1",
        TutorId = "tutor-1",
        StartUtc = Start,
        DurationMinutes = 60,
        Status = SessionStatus.Confirmed,
        Generation = 1,
        CalendarEventId = "evt-1",
        CalendarOrganizer = "tutor@example.org",
    };

    [TestMethod]
    public void AProposalCanBeCancelledButNotRescheduledAndNothingChangesOnceStarted()
    {
        var proposed = new TutoringSession { StartUtc = Start, Status = SessionStatus.Proposed };

        Assert.IsTrue(proposed.CanChange(TutoringCards.Modes.Cancel, Now));
        Assert.IsFalse(proposed.CanChange(TutoringCards.Modes.Reschedule, Now));
        Assert.IsTrue(Confirmed().CanChange(TutoringCards.Modes.Reschedule, Now));
        Assert.IsFalse(Confirmed().CanChange(TutoringCards.Modes.Cancel, Start));
        Assert.IsFalse(new TutoringSession { StartUtc = Start, Status = SessionStatus.Declined }.CanChange(TutoringCards.Modes.Cancel, Now));
    }

    [TestMethod]
    public void CancellingAConfirmedSessionReleasesItsEventAndStartsANewGeneration()
    {
        var session = Confirmed();

        var released = session.Cancel(SessionRoles.Student, "Examen");

        Assert.AreEqual("evt-1", released);
        Assert.AreEqual(SessionStatus.Cancelled, session.Status);
        Assert.AreEqual(2, session.Generation);
        Assert.IsNull(session.CalendarEventId);
        Assert.AreEqual("tutor@example.org", session.OrganizerToCancel("evt-1"));
        Assert.IsTrue(session.ForgetEventToCancel("evt-1"));
        Assert.IsNull(session.EventsToCancel);
        Assert.IsTrue(session.IsStale("1"), "a button of generation 1 acts on nothing");
    }

    [TestMethod]
    public void ATutorsRescheduleIsANewProposalAStudentsIsACounterProposal()
    {
        var byTutor = Confirmed();
        byTutor.Reschedule(SessionRoles.Tutor, Start.AddDays(1), "Réunion");
        Assert.AreEqual(SessionStatus.Proposed, byTutor.Status);
        Assert.AreEqual(Start.AddDays(1), byTutor.StartUtc);
        Assert.AreEqual(Start.AddDays(1), byTutor.NoticeTime);

        var byStudent = Confirmed();
        byStudent.Reschedule(SessionRoles.Student, Start.AddDays(2), "Bus");
        Assert.AreEqual(SessionStatus.CounterProposed, byStudent.Status);
        Assert.AreEqual(Start, byStudent.StartUtc, "the time stays until the tutor accepts");
        Assert.AreEqual(Start.AddDays(2), byStudent.NoticeTime, "the other side is told the asked time");
        Assert.IsFalse(byStudent.IsSameTime(Start), "a counter-proposal may come back to the old time");
    }

    [TestMethod]
    public void AReminderIsAnsweredOnceBeforeTheSessionAndChangesNeitherTimeNorGeneration()
    {
        var session = Confirmed();

        Assert.IsTrue(session.CanAnswerReminder(SessionRoles.Student, Now));
        session.AnswerReminder(SessionRoles.Student, Attendance.CantCome);

        Assert.AreEqual(Attendance.CantCome, session.StudentAttendance);
        Assert.IsFalse(session.CanAnswerReminder(SessionRoles.Student, Now), "once");
        Assert.IsTrue(session.CanAnswerReminder(SessionRoles.Tutor, Now), "each side answers its own");
        Assert.IsFalse(session.CanAnswerReminder(SessionRoles.Tutor, Start), "not once started");
        Assert.AreEqual(1, session.Generation);
        Assert.AreEqual(Start, session.StartUtc);
        Assert.IsNull(session.ReminderStale(ReminderKinds.HourBefore, 1, Start, Start.AddHours(-1)), "the hour-before reminder stands as planned");
    }

    [TestMethod]
    public void AReminderRowIsDroppedWhenTheSessionMovedWasCancelledStartedOrWasAnswered()
    {
        var session = Confirmed();
        Assert.AreEqual("moved", session.ReminderStale(ReminderKinds.DayBefore, 0, Start, Now));
        Assert.AreEqual("moved", session.ReminderStale(ReminderKinds.DayBefore, 1, Start.AddHours(1), Now));
        Assert.AreEqual("started", session.ReminderStale(ReminderKinds.HourBefore, 1, Start, Start));

        session.Outcome = Outcomes.Happened;
        Assert.AreEqual("already logged", session.ReminderStale(ReminderKinds.Log, 1, Start, Start.AddHours(2)));
        Assert.IsNull(session.ReminderStale(ReminderKinds.Feedback, 1, null, Start.AddHours(2)));
        session.Rating = 4;
        Assert.AreEqual("already rated", session.ReminderStale(ReminderKinds.Feedback, 1, null, Start.AddHours(2)));

        session.Cancel(SessionRoles.Tutor, "Malade");
        Assert.AreEqual("not confirmed", session.ReminderStale(ReminderKinds.DayBefore, 2, Start, Now));
    }

    [TestMethod]
    public void AgreeingATimeClearsTheOldAnswersAndRefusalAndPlansRemindersAtFixedTimes()
    {
        var session = Confirmed();
        session.StudentAttendance = Attendance.Confirmed;
        session.CalendarFailure = "404";

        session.Agree(Start.AddDays(1));

        Assert.AreEqual(2, session.Generation);
        Assert.IsNull(session.StudentAttendance);
        Assert.IsNull(session.CalendarFailure);
        var plan = ReminderPlan.For(session, Now).ToList();
        var planLater = ReminderPlan.For(session, Now.AddHours(5)).ToList();
        CollectionAssert.AreEqual(plan, planLater, "due times are fixed by the session, not by when they are planned");
        Assert.IsTrue(plan.Contains((ReminderKinds.HourBefore, SessionRoles.Tutor, session.StartUtc - ReminderPlan.HourBefore)));
        Assert.IsTrue(plan.Contains((ReminderKinds.Log, SessionRoles.Tutor, session.EndUtc)));
    }
}

using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using static TutorBot.Tests.Tutoring.TutoringHarness;

namespace TutorBot.Tests.Tutoring;

/// <summary>Three-slot proposals, counter-proposals, reschedule and cancel by either side, stale cards.</summary>
[TestClass]
[DoNotParallelize]
public sealed class SchedulingTests
{
    private static TutoringHarness h = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => h = await TutoringHarness.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await h.DisposeAsync();

    [TestInitialize]
    public void Reset()
    {
        h.S.Connector.Reset();
        h.Clock.Now = TutoringHarness.Start;
    }

    [TestMethod]
    public async Task TutorOffersThreeSlotsStudentPicksOneAndBothGetTheConfirmation()
    {
        var slots = new[] { h.Slot(3, 18), h.Slot(4, 17, 30), h.Slot(5, 12) };
        var (session, invitation) = await h.ProposeAsync(slots);
        Assert.AreEqual(slots[1].Utc, session.Slot2StartUtc);
        Assert.AreEqual(slots[2].Utc, session.Slot3StartUtc);
        foreach (var slot in slots)
        {
            StringAssert.Contains(invitation.CardText, Paris(slot.Utc), "each slot is a button");
        }

        var mark = h.S.Connector.Calls.Count;
        var answer = await h.InvokeAsync(DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, Data(session, ("answer", "confirm"), ("slot", "2")));

        StringAssert.Contains(answer, Text("Session_Status_Student_confirmed", DemoData.Tutor.DisplayName));
        StringAssert.Contains(answer, Paris(slots[1].Utc));
        var confirmed = await h.SessionAsync(session.Id);
        Assert.AreEqual(SessionStatus.Confirmed, confirmed.Status);
        Assert.AreEqual(slots[1].Utc, confirmed.StartUtc);
        Assert.IsNull(confirmed.Slot2StartUtc);
        Assert.AreEqual(0, h.PostsTo(DemoData.Tutor, mark).Count, "the answer shows on the tutor's proposal card, not in a new one");
        var tutorCard = h.S.Connector.Calls.Skip(mark).Single(c => c.Method == "PUT");
        Assert.AreEqual(session.TutorCardActivityId, tutorCard.ActivityId, "the tutor's form became the confirmed session in place");
        StringAssert.Contains(tutorCard.CardText, Text("Session_Status_Tutor_confirmed", DemoData.Student.DisplayName));
    }

    [TestMethod]
    public async Task SlotWithADateButNoTimeIsNamedAndNothingIsStored()
    {
        var before = (await h.SessionsAsync()).Count;
        var data = h.Proposal(h.Slot(3, 18));
        data["date2"] = h.Slot(4, 18).Date;

        var card = await h.InvokeAsync(DemoData.Tutor, "form-half-slot", TutoringCards.Verbs.Propose, data);

        StringAssert.Contains(card, Text("Propose_Error_SlotIncomplete", 2));
        Assert.AreEqual(before, (await h.SessionsAsync()).Count);
        Assert.AreEqual(0, h.S.Connector.Calls.Count(c => c.Method == "POST"));
    }

    [TestMethod]
    public async Task TheSameSlotTwiceIsRefused()
    {
        var slot = h.Slot(3, 18);
        var card = await h.InvokeAsync(DemoData.Tutor, "form-twice-slot", TutoringCards.Verbs.Propose, h.Proposal(slot, slot));

        StringAssert.Contains(card, Text("Propose_Error_SlotTwice"));
    }

    [TestMethod]
    public async Task StudentAsksForAnotherTimeAndTheTutorAcceptsIt()
    {
        var (session, invitation) = await h.ProposeAsync(h.Slot(3, 18));
        var other = h.Slot(6, 17);
        var mark = h.S.Connector.Calls.Count;
        await h.InvokeAsync(DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, Data(session, ("answer", "counter"), ("counterDate", other.Date), ("counterTime", other.Time)));

        var told = h.S.Connector.Calls.Skip(mark).Single(c => c.Method == "PUT" && c.ActivityId == session.TutorCardActivityId);
        StringAssert.Contains(told.CardText, Text("Session_Counter", DemoData.Student.DisplayName, Paris(other.Utc)));
        StringAssert.Contains(told.CardText, Text("Session_AcceptCounter"));
        var counter = await h.SessionAsync(session.Id);
        Assert.AreEqual(SessionStatus.CounterProposed, counter.Status);

        mark = h.S.Connector.Calls.Count;
        var accepted = await h.InvokeAsync(DemoData.Tutor, told.ActivityId!, TutoringCards.Verbs.AcceptCounter, Data(counter));

        StringAssert.Contains(accepted, Text("Session_Status_Tutor_confirmed", DemoData.Student.DisplayName));
        var confirmed = await h.SessionAsync(session.Id);
        Assert.AreEqual(SessionStatus.Confirmed, confirmed.Status);
        Assert.AreEqual(other.Utc, confirmed.StartUtc);
        StringAssert.Contains(h.PostsTo(DemoData.Student, mark).Single().CardText, Text("Notify_Confirmed", DemoData.Tutor.DisplayName, Paris(other.Utc)));
    }

    [TestMethod]
    public async Task TutorReschedulesWithAReasonTheStudentIsToldAndEveryEarlierCardIsUpdated()
    {
        var session = await h.ConfirmedAsync(h.Slot(3, 18));
        var form = await h.InvokeAsync(DemoData.Tutor, session.TutorCardActivityId!, TutoringCards.Verbs.OpenChange, Data(session, ("mode", "reschedule")));
        StringAssert.Contains(form, Text("Change_Reschedule_Title"));

        var later = h.Slot(8, 18);
        var mark = h.S.Connector.Calls.Count;
        var card = await h.InvokeAsync(DemoData.Tutor, session.TutorCardActivityId!, TutoringCards.Verbs.Reschedule, Data(session, ("date", later.Date), ("time", later.Time), ("reason", "Réunion imprévue")));

        StringAssert.Contains(card, Text("Session_Status_Tutor_proposed", DemoData.Student.DisplayName));
        var moved = await h.SessionAsync(session.Id);
        Assert.AreEqual(SessionStatus.Proposed, moved.Status);
        Assert.AreEqual(later.Utc, moved.StartUtc);
        Assert.AreEqual(session.Generation + 1, moved.Generation);
        var told = h.PostsTo(DemoData.Student, mark).Single();
        StringAssert.Contains(told.CardText, "Réunion imprévue");
        StringAssert.Contains(told.CardText, Paris(later.Utc));
        var edited = h.S.Connector.Calls.Skip(mark).Where(c => c.Method == "PUT").ToList();
        Assert.IsTrue(edited.Any(c => c.ActivityId == session.StudentCardActivityId), "the student's earlier card was edited");
        Assert.IsTrue(edited.All(c => !c.CardText.Contains(Paris(session.StartUtc), StringComparison.Ordinal)), "no card still shows the old time");
    }

    [TestMethod]
    public async Task StudentCancelsWithAReasonAndTheTutorIsToldAndNoButtonIsLeft()
    {
        var session = await h.ConfirmedAsync(h.Slot(3, 18));
        var mark = h.S.Connector.Calls.Count;
        var card = await h.InvokeAsync(DemoData.Student, session.StudentCardActivityId!, TutoringCards.Verbs.Cancel, Data(session, ("reason", "Examen blanc ce jour-là")));

        StringAssert.Contains(card, Text("Session_Status_Student_cancelled"));
        Assert.AreEqual(SessionStatus.Cancelled, (await h.SessionAsync(session.Id)).Status);
        var told = h.PostsTo(DemoData.Tutor, mark).Single();
        StringAssert.Contains(told.CardText, Text("Notify_Cancelled", DemoData.Student.DisplayName, Paris(session.StartUtc), "Examen blanc ce jour-là"));
        foreach (var call in h.S.Connector.Calls.Skip(mark).Where(c => c.Activity is not null))
        {
            Assert.IsFalse(System.Text.Json.JsonSerializer.Serialize(call.Activity, TutorBot.Protocol.Schema.ProtocolJson.Options).Contains("Action.Execute", StringComparison.Ordinal), "a cancelled session's cards carry no button");
        }
    }

    [TestMethod]
    public async Task CancelWithoutAReasonSaysWhatIsMissingAndChangesNothing()
    {
        var session = await h.ConfirmedAsync(h.Slot(3, 18));
        var mark = h.S.Connector.Calls.Count;

        var card = await h.InvokeAsync(DemoData.Tutor, session.TutorCardActivityId!, TutoringCards.Verbs.Cancel, Data(session));

        StringAssert.Contains(card, Text("Change_Error_Reason"));
        var after = await h.SessionAsync(session.Id);
        Assert.AreEqual(SessionStatus.Confirmed, after.Status);
        Assert.AreEqual(session.ETag, after.ETag);
        Assert.AreEqual(mark, h.S.Connector.Calls.Count, "nobody was told anything");
    }

    [TestMethod]
    public async Task SomeoneOutsideThePairCannotRescheduleOrCancel()
    {
        var session = await h.ConfirmedAsync(h.Slot(3, 18));
        var intruder = DemoData.People.Single(p => p.Id == "tutor-karim");

        var answer = await h.InvokeAsync(intruder, "x", TutoringCards.Verbs.Cancel, Data(session, ("reason", "no")));

        Assert.AreEqual(Text("NotYourCard"), answer);
        Assert.AreEqual(SessionStatus.Confirmed, (await h.SessionAsync(session.Id)).Status);
    }

    [TestMethod]
    public async Task AButtonFromBeforeARescheduleActsOnNothing()
    {
        var (session, invitation) = await h.ProposeAsync(h.Slot(3, 18));
        var staleConfirm = Data(session, ("answer", "confirm"));
        await h.InvokeAsync(DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, staleConfirm);
        var confirmed = await h.SessionAsync(session.Id);
        var later = h.Slot(8, 18);
        await h.InvokeAsync(DemoData.Tutor, session.TutorCardActivityId!, TutoringCards.Verbs.Reschedule, Data(confirmed, ("date", later.Date), ("time", later.Time), ("reason", "Déplacement")));

        // The old invitation's button (generation 0), had its card not been edited, would confirm the new time.
        var answer = await h.InvokeAsync(DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, staleConfirm);

        StringAssert.Contains(answer, Text("Change_Conflict"));
        Assert.AreEqual(SessionStatus.Proposed, (await h.SessionAsync(session.Id)).Status);
    }

    [TestMethod]
    public async Task RescheduleToAPastTimeIsRefusedWithTheFormKept()
    {
        var session = await h.ConfirmedAsync(h.Slot(3, 18));
        var past = h.Slot(-1, 18);

        var card = await h.InvokeAsync(DemoData.Student, session.StudentCardActivityId!, TutoringCards.Verbs.Reschedule, Data(session, ("date", past.Date), ("time", past.Time), ("reason", "Bus")));

        StringAssert.Contains(card, Text("Propose_Error_Past"));
        StringAssert.Contains(card, "Bus");
        Assert.AreEqual(SessionStatus.Confirmed, (await h.SessionAsync(session.Id)).Status);
    }
}

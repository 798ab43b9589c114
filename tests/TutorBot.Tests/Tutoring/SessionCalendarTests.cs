using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Tutoring.TutoringHarness;

namespace TutorBot.Tests.Tutoring;

/// <summary>Confirmed sessions in the tutor's calendar through the Graph stand-in; .ics links for students without a mailbox.</summary>
[TestClass]
[DoNotParallelize]
public sealed class SessionCalendarTests
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
        h.S.Graph.Reset();
        h.Clock.Now = TutoringHarness.Start;
    }

    /// <summary>
    /// Scans until <paramref name="done"/>: after Graph was down, the Graph client's circuit breaker stays open for
    /// a while (real time), and the row is simply tried again at the next scan, as in production.
    /// </summary>
    private static async Task RetryUntilAsync(Func<Task<bool>> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        while (!await done())
        {
            Assert.IsLessThan(0, DateTime.UtcNow.CompareTo(deadline), "the scanner never got through to Graph");
            h.Clock.Now += TimeSpan.FromSeconds(1);
            await h.ScanAsync();
            await Task.Delay(1000);
        }
    }

    [TestMethod]
    public async Task GraphThrottledTwiceThenAnsweringBooksOneEventWithATeamsMeeting()
    {
        h.S.Graph.Enqueue(GraphStandIn.Fault.Throttle(1), GraphStandIn.Fault.Throttle(1));

        var session = await h.ConfirmedAsync(h.Slot(3, 18));

        var e = h.S.Graph.Events.Single();
        Assert.AreEqual(e["id"]!.GetValue<string>(), session.CalendarEventId);
        Assert.IsTrue(e["isOnlineMeeting"]!.GetValue<bool>());
        StringAssert.StartsWith(e["transactionId"]!.GetValue<string>(), "tutorbot-session-");
        Assert.IsFalse(session.CalendarPending);
    }

    [TestMethod]
    public async Task GraphDownLeavesTheSessionConfirmedRetriesTheBookingLaterAndTellsTheTutor()
    {
        h.S.Graph.Permanent = GraphStandIn.Fault.Unavailable;
        var (session, invitation) = await h.ProposeAsync(h.Slot(3, 18));
        var mark = h.S.Connector.Calls.Count;

        var answer = await h.InvokeAsync(DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, Data(session, ("answer", "confirm")));

        StringAssert.Contains(answer, Text("Session_Status_Student_confirmed", DemoData.Tutor.DisplayName));
        var pending = await h.SessionAsync(session.Id);
        Assert.AreEqual(SessionStatus.Confirmed, pending.Status);
        Assert.IsTrue(pending.CalendarPending);
        StringAssert.Contains(h.PostsTo(DemoData.Tutor, mark).Single().CardText, Text("Session_Calendar_Pending"), "the tutor is told");
        Assert.AreEqual(0, h.S.Graph.Events.Count);

        h.S.Graph.Permanent = null;
        await RetryUntilAsync(async () => !(await h.SessionAsync(session.Id)).CalendarPending);

        var booked = await h.SessionAsync(session.Id);
        Assert.IsFalse(booked.CalendarPending);
        Assert.AreEqual(h.S.Graph.Events.Single()["id"]!.GetValue<string>(), booked.CalendarEventId);
        await h.ScanAsync();
        Assert.AreEqual(1, h.S.Graph.Events.Count, "booked once");
    }

    [TestMethod]
    public async Task CancellingAConfirmedSessionCancelsItsEvent()
    {
        var session = await h.ConfirmedAsync(h.Slot(3, 18));
        Assert.AreEqual(1, h.S.Graph.Events.Count);

        await h.InvokeAsync(DemoData.Tutor, session.TutorCardActivityId!, TutoringCards.Verbs.Cancel, Data(session, ("reason", "Malade")));

        Assert.IsNull((await h.SessionAsync(session.Id)).CalendarEventId);
        Assert.IsTrue(h.S.Graph.Events.Single()["isCancelled"]!.GetValue<bool>(), "the event is cancelled in Graph");
    }

    [TestMethod]
    public async Task GraphDownWhenCancellingCancelsTheEventLater()
    {
        var session = await h.ConfirmedAsync(h.Slot(3, 18));
        h.S.Graph.Permanent = GraphStandIn.Fault.Unavailable;

        var card = await h.InvokeAsync(DemoData.Student, session.StudentCardActivityId!, TutoringCards.Verbs.Cancel, Data(session, ("reason", "Malade")));

        StringAssert.Contains(card, Text("Session_Status_Student_cancelled"));
        var cancelled = await h.SessionAsync(session.Id);
        Assert.AreEqual(SessionStatus.Cancelled, cancelled.Status, "the session is cancelled even though Graph is down");
        Assert.IsNotNull(cancelled.EventsToCancel);
        Assert.IsFalse(h.S.Graph.Events.Single()["isCancelled"]!.GetValue<bool>());

        h.S.Graph.Permanent = null;
        await RetryUntilAsync(() => Task.FromResult(h.S.Graph.Events.Single()["isCancelled"]!.GetValue<bool>()));

        Assert.IsTrue(h.S.Graph.Events.Single()["isCancelled"]!.GetValue<bool>(), "cancelled by the retry");
        Assert.IsNull((await h.SessionAsync(session.Id)).EventsToCancel);
    }

    [TestMethod]
    public async Task ASlotOverABusyTimeInTheTutorsCalendarIsRefused()
    {
        var slot = h.Slot(3, 18);
        h.S.Graph.AddBusy(DemoData.Tutor.Mailbox!, slot.Utc.AddMinutes(-30), slot.Utc.AddMinutes(30));

        var card = await h.InvokeAsync(DemoData.Tutor, "form-busy", TutoringCards.Verbs.Propose, h.Proposal(h.Slot(2, 18), slot));

        StringAssert.Contains(card, Text("Propose_Error_Busy", Paris(slot.Utc)));
        Assert.IsFalse((await h.SessionsAsync()).Any(s => s.TutorCardActivityId == "form-busy"));
    }

    [TestMethod]
    public async Task AStudentWithoutAMailboxGetsASignedIcsLinkToTheSession()
    {
        var (session, invitation) = await h.ProposeAsync(h.Slot(3, 18));
        var response = await h.S.App.PostActivityAsync(Activities.CardAction(h.Url, DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, Data(session, ("answer", "confirm"))));
        var body = await response.Content.ReadAsStringAsync();
        var url = System.Text.RegularExpressions.Regex.Match(body, "\"url\":\"([^\"]+/ics/[^\"]+)\"").Groups[1].Value;
        Assert.IsFalse(string.IsNullOrEmpty(url), "the confirmed card links to the .ics");

        var ics = await h.S.App.Http.GetAsync(new Uri(url).PathAndQuery);

        Assert.AreEqual(System.Net.HttpStatusCode.OK, ics.StatusCode);
        var text = await ics.Content.ReadAsStringAsync();
        StringAssert.Contains(text, "BEGIN:VEVENT");
        StringAssert.Contains(text, "Europe/Paris");
        var forged = await h.S.App.Http.GetAsync(new Uri(url).PathAndQuery + "x");
        Assert.AreEqual(System.Net.HttpStatusCode.NotFound, forged.StatusCode);
    }
}

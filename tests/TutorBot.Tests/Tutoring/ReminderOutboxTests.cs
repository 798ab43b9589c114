using TutorBot.Delivery;
using TutorBot.Demo;
using TutorBot.Features.Tutoring;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Tutoring.TutoringHarness;

namespace TutorBot.Tests.Tutoring;

/// <summary>Reminders and clicks on the outbox: exactly once as the user sees it, and nothing remote inside a click.</summary>
[TestClass]
[DoNotParallelize]
public sealed class ReminderOutboxTests
{
    private static TutoringHarness h = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => h = await TutoringHarness.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await h.DisposeAsync();

    [TestInitialize]
    public async Task ResetAsync()
    {
        // Rows of earlier tests run now, so each test counts its own.
        for (var day = 1; day <= 10; day++)
        {
            h.Clock.Now = TutoringHarness.Start + TimeSpan.FromDays(day);
            await h.ScanAsync();
        }

        h.Clock.Now = TutoringHarness.Start;
        h.S.Connector.Reset();
        h.S.Graph.Reset();
    }

    [TestMethod]
    public async Task AReminderAnsweredInItsLastHourSendsNoSecondReminder()
    {
        var slot = h.Slot(3, 18);
        var session = await h.ConfirmedAsync(slot);
        h.Clock.Now = slot.Utc - TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1);
        Assert.AreEqual(2, await h.ScanAsync(), "the day-before reminders");

        h.Clock.Now = slot.Utc - TimeSpan.FromMinutes(40);
        h.S.Connector.Reset();
        Assert.AreEqual(2, await h.ScanAsync(), "the hour-before reminders");
        var reminder = h.PostsTo(DemoData.Student).Single();
        StringAssert.Contains(reminder.CardText, Text("Reminder_Title_HourBefore", DemoData.Tutor.DisplayName));

        var card = await h.InvokeAsync(DemoData.Student, reminder.ActivityId!, TutoringCards.Verbs.Remind, Data(session, ("answer", Attendance.Confirmed)));
        StringAssert.Contains(card, Text("Reminder_Answered_confirmed"));
        var mark = h.S.Connector.Calls.Count;
        for (var minute = 1; minute <= 30; minute += 10)
        {
            h.Clock.Now += TimeSpan.FromMinutes(10);
            Assert.AreEqual(0, await h.ScanAsync(), "no reminder is planned again by the answer");
        }

        Assert.IsEmpty(h.PostsTo(DemoData.Student, mark), "the student gets no second hour-before card");
        Assert.IsFalse(h.PostsTo(DemoData.Tutor, mark).Any(c => c.CardText.Contains(Text("Reminder_Title_HourBefore", DemoData.Student.DisplayName), StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task AReminderWhoseSendIsUncertainIsNotSentAgain()
    {
        var slot = h.Slot(3, 18);
        var session = await h.ConfirmedAsync(slot);
        h.S.Connector.Reset();
        h.Clock.Now = slot.Utc - TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1);

        // The first reminder's POST leaves, and the connector answers 504: it may have been delivered.
        h.S.Connector.Enqueue(ConnectorStandIn.Fault.GatewayTimeout);
        Assert.AreEqual(1, await h.ScanAsync(), "the other reminder is sent");
        Assert.AreEqual(2, h.S.Connector.Arrivals.Count(a => a.Method == "POST"));

        for (var i = 0; i < 3; i++)
        {
            h.Clock.Now += TimeSpan.FromMinutes(5);
            await h.ScanAsync();
        }

        Assert.AreEqual(2, h.S.Connector.Arrivals.Count(a => a.Method == "POST"), "the uncertain one is not posted again");
        var rows = (await h.RowsAsync()).Where(r => r.SessionId == session.Id && r.Kind == ReminderKinds.DayBefore).ToList();
        Assert.HasCount(1, rows.Where(r => r.State == DeliveryStates.Uncertain));
        Assert.HasCount(1, rows.Where(r => r.State == DeliveryStates.Sent));
    }

    [TestMethod]
    public async Task AClickCallsNeitherGraphNorTheOtherSideItPlansThemForNow()
    {
        var (session, invitation) = await h.ProposeAsync(h.Slot(3, 18));
        var graphBefore = h.S.Graph.Attempts;
        var callsBefore = h.S.Connector.Arrivals.Count;

        var response = await h.S.App.PostActivityAsync(Activities.CardAction(h.Url, DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, Data(session, ("answer", "confirm"))));

        Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(SessionStatus.Confirmed, (await h.SessionAsync(session.Id)).Status, "the click wrote its change");
        Assert.AreEqual(graphBefore, h.S.Graph.Attempts, "no Graph call inside the click");
        Assert.AreEqual(callsBefore, h.S.Connector.Arrivals.Count, "no message to the tutor inside the click");

        await h.AfterClickAsync();
        Assert.AreEqual(graphBefore + 1, h.S.Graph.Attempts, "the booking ran from the outbox");
        Assert.IsTrue(h.S.Connector.Calls.Any(c => c.Method == "PUT" && c.ActivityId == session.TutorCardActivityId), "the tutor's card was edited from the outbox");
        Assert.IsNotNull((await h.SessionAsync(session.Id)).CalendarEventId);
    }
}

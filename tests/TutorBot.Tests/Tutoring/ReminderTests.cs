using Microsoft.Extensions.DependencyInjection;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Tutoring.TutoringHarness;

namespace TutorBot.Tests.Tutoring;

/// <summary>Reminders the day before and one hour before, their answers, the students' quiet hours.</summary>
[TestClass]
[DoNotParallelize]
public sealed class ReminderTests
{
    private static TutoringHarness h = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => h = await TutoringHarness.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await h.DisposeAsync();

    [TestInitialize]
    public async Task ResetAsync()
    {
        h.S.Connector.Reset();
        h.Clock.Now = TutoringHarness.Start;

        // Rows of earlier tests are due too once the clock moves: send them now, so each test counts its own.
        for (var day = 1; day <= 10; day++)
        {
            h.Clock.Now = TutoringHarness.Start + TimeSpan.FromDays(day);
            await h.ScanAsync();
        }

        h.Clock.Now = TutoringHarness.Start;
        h.S.Connector.Reset();
    }

    [TestMethod]
    public async Task BothGetTheDayBeforeAndHourBeforeRemindersAndTheStudentsAnswerReachesTheTutorAtOnce()
    {
        var slot = h.Slot(3, 18);
        var session = await h.ConfirmedAsync(slot);
        h.S.Connector.Reset();

        Assert.AreEqual(0, await h.ScanAsync(), "nothing is due yet");
        h.Clock.Now = slot.Utc - TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1);
        Assert.AreEqual(2, await h.ScanAsync());

        var tutorReminder = h.PostsTo(DemoData.Tutor).Single();
        var studentReminder = h.PostsTo(DemoData.Student).Single();
        StringAssert.Contains(tutorReminder.CardText, Text("Reminder_Title_DayBefore", DemoData.Student.DisplayName));
        StringAssert.Contains(studentReminder.CardText, Text("Reminder_Title_DayBefore", DemoData.Tutor.DisplayName));
        StringAssert.Contains(studentReminder.CardText, Text("Reminder_CantCome"));
        Assert.AreEqual(0, await h.ScanAsync(), "a sent reminder is not sent again");

        var mark = h.S.Connector.Calls.Count;
        var card = await h.InvokeAsync(DemoData.Student, studentReminder.ActivityId!, TutoringCards.Verbs.Remind, Data(session, ("answer", Attendance.CantCome)));

        StringAssert.Contains(card, Text("Reminder_Answered_cantCome"));
        Assert.AreEqual(Attendance.CantCome, (await h.SessionAsync(session.Id)).StudentAttendance);
        StringAssert.Contains(h.PostsTo(DemoData.Tutor, mark).Single().CardText, Text("Notify_Attendance_cantCome", DemoData.Student.DisplayName, Paris(slot.Utc)));
        var edited = h.S.Connector.Calls.Skip(mark).Where(c => c.Method == "PUT").ToList();
        Assert.IsTrue(edited.Any(c => c.ActivityId == tutorReminder.ActivityId && c.CardText.Contains(Text("Attendance_Other_cantCome", DemoData.Student.DisplayName), StringComparison.Ordinal)), "the tutor's reminder shows the answer");

        h.S.Connector.Reset();
        h.Clock.Now = slot.Utc - TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1);
        Assert.AreEqual(2, await h.ScanAsync());
        StringAssert.Contains(h.PostsTo(DemoData.Tutor).Single().CardText, Text("Reminder_Title_HourBefore", DemoData.Student.DisplayName));
    }

    [TestMethod]
    public async Task NoReminderReachesAStudentBetween21And08ItWaitsFor08()
    {
        // A 22:30 session: the day-before reminder falls at 22:30 the evening before.
        var slot = h.Slot(3, 22, 30);
        var justBefore8 = h.Slot(3, 7, 59).Utc;
        var at8 = h.Slot(3, 8, 0).Utc;
        await h.ConfirmedAsync(slot);
        h.S.Connector.Reset();

        h.Clock.Now = slot.Utc - TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1);
        await h.ScanAsync();
        Assert.AreEqual(1, h.PostsTo(DemoData.Tutor).Count, "the tutor is reminded at 22:30");
        Assert.AreEqual(0, h.PostsTo(DemoData.Student).Count, "the student is not");

        h.Clock.Now = justBefore8;
        await h.ScanAsync();
        Assert.AreEqual(0, h.PostsTo(DemoData.Student).Count, "still not at 07:59");

        h.Clock.Now = at8 + TimeSpan.FromSeconds(1);
        await h.ScanAsync();
        var reminder = h.PostsTo(DemoData.Student).Single();
        StringAssert.Contains(reminder.CardText, Text("Reminder_Title_DayBefore", DemoData.Tutor.DisplayName));

        // The hour-before reminder (21:30) would wait past the session: the student gets none, the tutor does.
        h.S.Connector.Reset();
        h.Clock.Now = slot.Utc - TimeSpan.FromMinutes(59);
        await h.ScanAsync();
        Assert.AreEqual(0, h.PostsTo(DemoData.Student).Count);
        Assert.AreEqual(1, h.PostsTo(DemoData.Tutor).Count);
    }

    [TestMethod]
    [DataRow(20, 59, 20, 59)]
    [DataRow(21, 0, 8, 0)]
    [DataRow(23, 30, 8, 0)]
    [DataRow(3, 0, 8, 0)]
    [DataRow(8, 0, 8, 0)]
    public void QuietHoursMoveAStudentsReminderTo08(int hour, int minute, int expectedHour, int expectedMinute)
    {
        var at = TutorBot.Conversation.Culture.FromParis(new DateOnly(2027, 6, 10), new TimeOnly(hour, minute))!.Value;

        var moved = TutorBot.Conversation.Culture.ToParis(ReminderPlan.OutOfQuietHours(at));

        Assert.AreEqual(new TimeOnly(expectedHour, expectedMinute), TimeOnly.FromDateTime(moved.DateTime));
        Assert.IsTrue(moved >= at);
    }

    [TestMethod]
    public async Task RemindersOfAMovedOrCancelledSessionAreDropped()
    {
        var slot = h.Slot(3, 18);
        var session = await h.ConfirmedAsync(slot);
        await h.InvokeAsync(DemoData.Tutor, session.TutorCardActivityId!, TutoringCards.Verbs.Cancel, Data(session, ("reason", "Grève")));
        h.S.Connector.Reset();

        h.Clock.Now = slot.Utc - TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1);
        Assert.AreEqual(0, await h.ScanAsync());
        Assert.AreEqual(0, h.S.Connector.Calls.Count);
        var rows = (await h.RowsAsync()).Where(r => r.SessionId == session.Id && r.Kind == ReminderKinds.DayBefore).ToList();
        Assert.HasCount(2, rows);
        Assert.IsTrue(rows.All(r => r.State == ReminderStates.Dropped));
    }

    [TestMethod]
    public async Task AReminderThatCannotBeDeliveredIsRetriedAndSentOnce()
    {
        var slot = h.Slot(3, 18);
        await h.ConfirmedAsync(slot);
        h.S.Connector.Reset();
        h.Clock.Now = slot.Utc - TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1);

        h.S.Connector.Permanent = ConnectorStandIn.Fault.Unavailable;
        Assert.AreEqual(0, await h.ScanAsync());
        h.S.Connector.Permanent = null;
        h.S.Connector.Reset();
        h.Clock.Now += TimeSpan.FromSeconds(1);

        Assert.AreEqual(2, await h.ScanAsync());
        Assert.AreEqual(1, h.PostsTo(DemoData.Tutor).Count);
        Assert.AreEqual(1, h.PostsTo(DemoData.Student).Count);
    }
}

/// <summary>A restart in the middle of a reminder batch: the new instance sends the rest, none twice.</summary>
[TestClass]
[DoNotParallelize]
public sealed class ReminderRestartTests
{
    [TestMethod]
    public async Task ARestartInTheMiddleOfAReminderBatchLosesNoneAndSendsNoneTwice()
    {
        const int Sessions = 15;
        var overrides = new Dictionary<string, string?> { ["Delivery:Parallelism"] = "2", ["Delivery:Lease"] = "00:00:05" };
        await using var h = await TutoringHarness.StartAsync(worker: true, overrides);
        var prefix = h.S.App.TablePrefix;
        var slots = Enumerable.Range(0, Sessions).Select(i => h.Slot(3, 10, i)).ToList();
        foreach (var slot in slots)
        {
            await h.ConfirmedAsync(slot);
        }

        // Every send takes a while, so the batch is still running when the instance stops.
        h.S.Connector.Reset();
        h.S.Connector.Enqueue([.. Enumerable.Repeat(ConnectorStandIn.Fault.Slow(TimeSpan.FromMilliseconds(150)), 400)]);
        h.Clock.Now = slots[^1].Utc - TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1);
        var title = Text("Reminder_Title_DayBefore", DemoData.Student.DisplayName);
        int Reminders() => h.S.Connector.Calls.Count(c => c.Method == "POST" && c.CardText.Contains("Rappel", StringComparison.Ordinal));
        await WaitAsync(() => Reminders() >= 6, "the first instance started the batch");

        h.S.App.KeepStorage = true;
        await h.S.App.DisposeAsync();
        var sentBeforeRestart = Reminders();
        Assert.IsLessThan(2 * Sessions, sentBeforeRestart, "the batch was cut in the middle");

        var clock = new SettableClock(h.Clock.Now);
        var settings = new Dictionary<string, string?>
        {
            ["Storage:TablePrefix"] = prefix,
            ["Bot:Auth:ClockSkew"] = "3650.00:00:00",
            ["Delivery:PollInterval"] = "00:00:00.100",
            ["Delivery:RetryBaseDelay"] = "00:00:00",
            ["Delivery:MaxRetryDelay"] = "00:00:00",
            ["Delivery:Lease"] = "00:00:05",
            ["Bot:Connector:AllowedServiceUrls:1"] = h.S.Connector.ServiceUrl,
            ["Calendar:Mode"] = "Graph",
            ["Calendar:GraphBaseUrl"] = h.S.Graph.BaseUrl,
        };
        await using var second = await BotApplication.StartAsync(h.S.Issuer, h.S.Connector, settings, x =>
        {
            x.AddSingleton<TimeProvider>(clock);
        });
        await WaitAsync(() => Reminders() >= 2 * Sessions, "the second instance finished the batch", TimeSpan.FromSeconds(60), async () =>
        {
            var states = (await DayBeforeRowsAsync(second)).Select(r => r.State + "/" + r.Attempts).ToList();

            return $"{Reminders()} sent; rows: {string.Join(", ", states)}; logs: {string.Join(" | ", second.Logs.Entries.Where(e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => e.Message).Take(5))}";
        });
        await Task.Delay(500);

        var posts = h.S.Connector.Calls.Where(c => c.Method == "POST" && c.CardText.Contains("Rappel", StringComparison.Ordinal)).ToList();
        Assert.HasCount(2 * Sessions, posts, "each reminder exactly once");
        Assert.AreEqual(Sessions, posts.Count(p => p.CardText.Contains(title, StringComparison.Ordinal)), "one per session to the tutor");
        var rows = await DayBeforeRowsAsync(second);

        Assert.HasCount(2 * Sessions, rows);
        Assert.IsTrue(rows.All(r => r.State == ReminderStates.Sent), "every delivery row says sent");
    }

    /// <summary>The day-before reminder rows, pending or finished, as <see cref="TutoringHarness.RowsAsync"/> reads them.</summary>
    private static async Task<List<ReminderRow>> DayBeforeRowsAsync(BotApplication app)
    {
        var rows = new List<ReminderRow>();
        foreach (var table in new[] { TutorBot.Delivery.OutboxStore.Table, TutorBot.Delivery.OutboxStore.DoneTable })
        {
            await foreach (var row in app.Table(table).QueryAsync<TutorBot.Delivery.OutboxRow>(r => r.Kind == TutoringKinds.Reminder))
            {
                if (row.Key.Split('/') is ["session", var sessionId, ReminderKinds.DayBefore, ..])
                {
                    rows.Add(new ReminderRow(sessionId, ReminderKinds.DayBefore, row.Outcome.Length == 0 ? null : row.Outcome, row.Attempts));
                }
            }
        }

        return rows;
    }

    private static async Task WaitAsync(Func<bool> condition, string what, TimeSpan? timeout = null, Func<Task<string>>? explain = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("timed out waiting: " + what + (explain is null ? "" : " — " + await explain()));
            }

            await Task.Delay(20);
        }
    }
}

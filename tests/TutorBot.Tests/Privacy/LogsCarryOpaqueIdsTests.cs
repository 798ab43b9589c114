using System.Globalization;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Tutoring;
using TutorBot.Tests.Workshops;

namespace TutorBot.Tests.Privacy;

/// <summary>
/// Logs carry opaque ids only: with every category at Trace, a whole tutoring cycle and a workshop sign-up leave no
/// name, mailbox or typed text in any captured entry, formatted or structured, scope or exception.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class LogsCarryOpaqueIdsTests
{
    private const string PlaceDetail = "Bureau Zéphyr 42";
    private const string Reason = "Empêchement Saphir";
    private const string Comment = "Conseils précieux Quartz";
    private const string WorkshopPlace = "Amphithéâtre Obsidienne";

    /// <summary>Every category at its most verbose: what an operator could turn on to diagnose.</summary>
    private static readonly Dictionary<string, string?> Verbose = new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
        ["Logging:LogLevel:Polly"] = "Trace",
    };

    [TestMethod]
    public async Task AWholeTutoringCycleLogsNoNameMailboxOrTypedText()
    {
        await using var h = await TutoringHarness.StartAsync(overrides: Verbose);

        // Propose two slots at the company; the student picks the second.
        var first = h.Slot(3, 18);
        var second = h.Slot(4, 17);
        await h.S.App.PostActivityAsync(Activities.Message(h.Url, DemoData.Tutor, "séance"));
        var formId = h.PostsTo(DemoData.Tutor).Last().ActivityId!;
        var proposal = h.Proposal(first, second);
        proposal["place"] = Places.Company;
        proposal["placeDetail"] = PlaceDetail;
        var mark = h.S.Connector.Calls.Count;
        await h.InvokeAsync(DemoData.Tutor, formId, TutoringCards.Verbs.Propose, proposal);
        var invitation = h.PostsTo(DemoData.Student, mark).Single();
        var session = (await h.SessionsAsync()).Single(x => x.TutorCardActivityId == formId);
        await h.InvokeAsync(DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, TutoringHarness.Data(session, ("answer", "confirm"), ("slot", "2")));
        session = await h.SessionAsync(session.Id);
        Assert.AreEqual(SessionStatus.Confirmed, session.Status);
        Assert.AreEqual(1, h.S.Graph.Events.Count, "booked in the tutor's calendar through Graph");

        // The day before: reminders; the student answers hers.
        h.Clock.Now = session.StartUtc - TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1);
        mark = h.S.Connector.Calls.Count;
        await h.ScanAsync();
        var reminder = h.PostsTo(DemoData.Student, mark).Single(c => c.CardText.Contains(TutoringHarness.Text("Reminder_CantCome"), StringComparison.Ordinal));
        await h.InvokeAsync(DemoData.Student, reminder.ActivityId!, TutoringCards.Verbs.Remind, TutoringHarness.Data(session, ("answer", Attendance.Confirmed)));

        // After it: the tutor's log, the student's rating with a comment, the history.
        h.Clock.Now = session.EndUtc + TimeSpan.FromSeconds(1);
        await h.ScanAsync();
        var log = h.PostsTo(DemoData.Tutor).Last(c => c.CardText.Contains(TutoringHarness.Text("Log_Title", DemoData.Student.DisplayName), StringComparison.Ordinal));
        await h.InvokeAsync(DemoData.Tutor, log.ActivityId!, TutoringCards.Verbs.Log, TutoringHarness.Data(session, ("outcome", Outcomes.Happened), ("topics", "professionalProject")));
        mark = h.S.Connector.Calls.Count;
        await h.ScanAsync();
        var feedback = h.PostsTo(DemoData.Student, mark).Single();
        await h.InvokeAsync(DemoData.Student, feedback.ActivityId!, TutoringCards.Verbs.Rate, TutoringHarness.Data(session, ("rating", "4"), ("comment", Comment)));
        Assert.AreEqual(Comment, (await h.SessionAsync(session.Id)).RatingComment);
        await h.S.App.PostActivityAsync(Activities.Message(h.Url, DemoData.Tutor, "historique"));

        // Another session, cancelled with a reason.
        h.Clock.Now = TutoringHarness.Start;
        var other = await h.ConfirmedAsync(h.Slot(6, 18));
        await h.InvokeAsync(DemoData.Tutor, other.TutorCardActivityId!, TutoringCards.Verbs.Cancel, TutoringHarness.Data(other, ("reason", Reason)));
        Assert.AreEqual(SessionStatus.Cancelled, (await h.SessionAsync(other.Id)).Status);

        AssertNothingPersonal(h.S.App.Logs, PlaceDetail, Reason, Comment);
    }

    [TestMethod]
    public async Task AWorkshopPublicationAndSignUpLogNoNameMailboxOrTypedText()
    {
        var settings = WorkshopTestKit.Settings();
        foreach (var (key, value) in Verbose)
        {
            settings[key] = value;
        }

        await using var s = await WorkshopTestKit.StartAsync(settings);
        var form = WorkshopTestKit.PublishForm();
        form["place"] = WorkshopPlace;
        var workshop = await WorkshopTestKit.PublishAsync(s, "form-logs", form);
        await WorkshopTestKit.DrainAsync(s);

        var card = await WorkshopTestKit.InvokeAsync(s, WorkshopTestKit.Yasmine, "invite-logs", WorkshopCards.Verbs.SignUp, WorkshopTestKit.Id(workshop.Id));
        StringAssert.Contains(card, WorkshopTestKit.Text("SignUp_Confirmed"));
        await WorkshopTestKit.DrainAsync(s);

        AssertNothingPersonal(s.App.Logs, WorkshopPlace);
    }

    private static void AssertNothingPersonal(CapturedLogs logs, params string[] typed)
    {
        var records = logs.Records;
        Assert.IsTrue(records.Any(r => r.Level == Microsoft.Extensions.Logging.LogLevel.Trace), "Trace entries were captured: the test sees what a verbose sink would");
        Assert.IsTrue(records.Any(r => r.Category.StartsWith("System.Net.Http.HttpClient", StringComparison.Ordinal) || r.Category.StartsWith("TutorBot", StringComparison.Ordinal)), "the app's and HttpClient's own entries were captured");

        var people = DemoData.People.Concat([WorkshopTestKit.InesB, WorkshopTestKit.Tom]).ToList();
        var forbidden = new List<string>(typed);
        foreach (var person in people)
        {
            forbidden.Add(person.DisplayName);
            forbidden.AddRange(person.DisplayName.Split(' ').Where(part => part.Length >= 4));
            if (person.Mailbox is { } mailbox)
            {
                forbidden.Add(mailbox);
                forbidden.Add(Uri.EscapeDataString(mailbox));
                forbidden.Add(mailbox.Split('@')[0]);
            }
        }

        var leaks = (from record in records
                     from text in record.Texts
                     from word in forbidden
                     where text.Contains(word, StringComparison.Ordinal)
                     select string.Create(CultureInfo.InvariantCulture, $"[{record.Level} {record.Category} {record.Event.Id}] '{word}' in: {Shorten(text)}")).Distinct().ToList();
        Assert.IsEmpty(leaks, "personal data in the logs:\n" + string.Join("\n", leaks.Take(20)));
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

using System.Collections;
using System.Globalization;
using System.Resources;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Tutoring.TutoringHarness;

namespace TutorBot.Tests.Tutoring;

/// <summary>After the session: the tutor's log, the student's rating, the pair's history.</summary>
[TestClass]
[DoNotParallelize]
public sealed class LogAndFeedbackTests
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
    public async Task TutorLogsTheSessionStudentRatesItAndTheHistoryShowsBoth()
    {
        var slot = h.Slot(3, 18);
        var session = await h.ConfirmedAsync(slot);
        h.Clock.Now = session.EndUtc + TimeSpan.FromSeconds(1);
        h.S.Connector.Reset();
        await h.ScanAsync();
        var form = h.PostsTo(DemoData.Tutor).Single(c => c.CardText.Contains(Text("Log_Title", DemoData.Student.DisplayName), StringComparison.Ordinal));

        var refused = await h.InvokeAsync(DemoData.Tutor, form.ActivityId!, TutoringCards.Verbs.Log, Data(session, ("outcome", Outcomes.Happened)));
        StringAssert.Contains(refused, Text("Log_Error_Topics"));
        Assert.IsNull((await h.SessionAsync(session.Id)).Outcome);

        var saved = await h.InvokeAsync(DemoData.Tutor, form.ActivityId!, TutoringCards.Verbs.Log, Data(session, ("outcome", Outcomes.Happened), ("topics", "professionalProject,internshipSearch")));
        StringAssert.Contains(saved, Text("Log_Saved", Text("Log_Outcome_happened")));
        var logged = await h.SessionAsync(session.Id);
        Assert.AreEqual(Outcomes.Happened, logged.Outcome);
        Assert.AreEqual("professionalProject,internshipSearch", logged.LoggedTopics);

        var mark = h.S.Connector.Calls.Count;
        await h.ScanAsync();
        var feedback = h.PostsTo(DemoData.Student, mark).Single();
        StringAssert.Contains(feedback.CardText, Text("Feedback_Title", DemoData.Tutor.DisplayName));

        var wrong = await h.InvokeAsync(DemoData.Student, feedback.ActivityId!, TutoringCards.Verbs.Rate, Data(session, ("rating", "9")));
        StringAssert.Contains(wrong, Text("Feedback_Error_Rating"));
        var thanks = await h.InvokeAsync(DemoData.Student, feedback.ActivityId!, TutoringCards.Verbs.Rate, Data(session, ("rating", "4"), ("comment", "Merci pour les conseils CV")));
        StringAssert.Contains(thanks, Text("Feedback_Thanks"));
        var again = await h.InvokeAsync(DemoData.Student, feedback.ActivityId!, TutoringCards.Verbs.Rate, Data(session, ("rating", "1")));
        StringAssert.Contains(again, Text("Feedback_Already"));
        Assert.AreEqual(4, (await h.SessionAsync(session.Id)).Rating);

        mark = h.S.Connector.Calls.Count;
        await h.S.App.PostActivityAsync(Activities.Message(h.Url, DemoData.Tutor, "historique"));
        var history = h.PostsTo(DemoData.Tutor, mark).Single().CardText;
        StringAssert.Contains(history, Text("History_Title", DemoData.Student.DisplayName));
        StringAssert.Contains(history, Text("Log_Topic_professionalProject"));
        StringAssert.Contains(history, Text("Feedback_Rating_4"));
        StringAssert.Contains(history, "Merci pour les conseils CV");
    }

    [TestMethod]
    public async Task TheHistoryOffersTheLogOfAPastSessionNotYetLogged()
    {
        await h.S.App.PostActivityAsync(Activities.Message(h.Url, DemoData.Tutor, "historique"));
        var history = h.PostsTo(DemoData.Tutor).Single();
        StringAssert.Contains(history.CardText, Text("Log_Open"));
        var past = await h.SessionAsync(TutoringDemoSeed.PastSessionId);

        var form = await h.InvokeAsync(DemoData.Tutor, history.ActivityId!, TutoringCards.Verbs.OpenLog, Data(past));

        StringAssert.Contains(form, Text("Log_Title", DemoData.Student.DisplayName));
    }

    [TestMethod]
    public async Task ASessionCannotBeLoggedBeforeItHappens()
    {
        var session = await h.ConfirmedAsync(h.Slot(3, 18));

        var card = await h.InvokeAsync(DemoData.Tutor, session.TutorCardActivityId!, TutoringCards.Verbs.Log, Data(session, ("outcome", Outcomes.Absent)));

        StringAssert.Contains(card, Text("Log_Error_NotYet"));
        Assert.IsNull((await h.SessionAsync(session.Id)).Outcome);
    }

    [TestMethod]
    public async Task OnlyTheTutorLogsAndOnlyTheStudentRates()
    {
        var session = await h.ConfirmedAsync(h.Slot(3, 18));
        h.Clock.Now = session.EndUtc + TimeSpan.FromSeconds(1);

        var byStudent = await h.InvokeAsync(DemoData.Student, "x", TutoringCards.Verbs.Log, Data(session, ("outcome", Outcomes.Absent)));
        var byTutor = await h.InvokeAsync(DemoData.Tutor, "x", TutoringCards.Verbs.Rate, Data(session, ("rating", "4")));

        Assert.AreEqual(Text("NotYourCard"), byStudent);
        Assert.AreEqual(Text("Session_NotForYou", DemoData.Student.DisplayName), byTutor);
        var after = await h.SessionAsync(session.Id);
        Assert.IsNull(after.Outcome);
        Assert.IsNull(after.Rating);
    }

    [TestMethod]
    public async Task HistoryIsForTutors()
    {
        await h.S.App.PostActivityAsync(Activities.Message(h.Url, DemoData.Student, "history", locale: "en-US"));

        var en = CultureInfo.GetCultureInfo("en");
        var own = new ResourceManager("TutorBot.Features.Tutoring.TutoringStrings", typeof(TutoringStrings).Assembly);
        StringAssert.Contains(h.S.Connector.Calls.Single().CardText, own.GetString("History_NotTutor", en));
    }

    [TestMethod]
    public void EveryFrenchTutoringStringHasAnEnglishOneWithTheSamePlaceholders()
    {
        var manager = new ResourceManager("TutorBot.Features.Tutoring.TutoringStrings", typeof(TutoringStrings).Assembly);
        var french = manager.GetResourceSet(CultureInfo.InvariantCulture, true, false)!.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        var english = manager.GetResourceSet(CultureInfo.GetCultureInfo("en"), true, false)!.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

        Assert.IsGreaterThan(50, french.Count);
        CollectionAssert.AreEquivalent(french.Keys.ToList(), english.Keys.ToList());
        foreach (var (key, fr) in french)
        {
            var placeholders = System.Text.RegularExpressions.Regex.Matches(fr, @"\{\d\}").Select(m => m.Value).Distinct().Order();
            var en = System.Text.RegularExpressions.Regex.Matches(english[key], @"\{\d\}").Select(m => m.Value).Distinct().Order();
            CollectionAssert.AreEqual(placeholders.ToList(), en.ToList(), key);
        }
    }
}

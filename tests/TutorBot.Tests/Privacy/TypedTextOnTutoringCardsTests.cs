using Microsoft.Extensions.DependencyInjection;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Protocol.Schema;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Tutoring;
using static TutorBot.Tests.Infrastructure.PlainTextProbe;
using static TutorBot.Tests.Tutoring.TutoringHarness;

namespace TutorBot.Tests.Privacy;

/// <summary>
/// What one side of a pair typed (a reason, a place, a comment, a name) reaches the other side's cards as plain
/// text: never a link, heading, list, bold or mention there.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class TypedTextOnTutoringCardsTests
{
    private const string Injected = Link + " " + Bold + "\n" + Heading + " " + Mention + "\n" + ListItem;

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
    public async Task APlaceAndACancelReasonTypedByTheTutorReachTheStudentAsPlainText()
    {
        var slot = h.Slot(3, 18);
        var data = h.Proposal(slot);
        data["place"] = Places.Company;
        data["placeDetail"] = "Salle " + Injected;
        await h.S.App.PostActivityAsync(Activities.Message(h.Url, DemoData.Tutor, "séance"));
        var formId = h.PostsTo(DemoData.Tutor).Last().ActivityId!;
        var mark = h.S.Connector.Calls.Count;
        await h.InvokeAsync(DemoData.Tutor, formId, TutoringCards.Verbs.Propose, data);
        var invitation = h.PostsTo(DemoData.Student, mark).Single();
        AssertShownAsPlainText(invitation.Activity, "Salle " + Injected);

        var session = (await h.SessionsAsync()).Single(x => x.TutorCardActivityId == formId);
        await h.InvokeAsync(DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, Data(session, ("answer", "confirm")));
        session = await h.SessionAsync(session.Id);
        mark = h.S.Connector.Calls.Count;
        await h.InvokeAsync(DemoData.Tutor, session.TutorCardActivityId!, TutoringCards.Verbs.Cancel, Data(session, ("reason", "Motif " + Injected)));

        var toStudent = h.S.Connector.Calls.Skip(mark).Where(c => c.Activity is not null && c.ConversationId == session.StudentConversationId).ToList();
        Assert.IsNotEmpty(toStudent, "the student is told");
        var told = toStudent.Where(c => c.CardText.Contains("Motif ", StringComparison.Ordinal)).ToList();
        Assert.IsNotEmpty(told, "the reason is on the student's cards");
        foreach (var call in told)
        {
            AssertShownAsPlainText(call.Activity, "Motif " + Injected);
        }
    }

    [TestMethod]
    public async Task TheStudentsRatingCommentReachesTheTutorsHistoryAsPlainText()
    {
        var session = await h.ConfirmedAsync(h.Slot(3, 18));
        h.Clock.Now = session.EndUtc + TimeSpan.FromSeconds(1);
        await h.ScanAsync();
        var form = h.PostsTo(DemoData.Tutor).Single(c => c.CardText.Contains(Text("Log_Title", DemoData.Student.DisplayName), StringComparison.Ordinal));
        await h.InvokeAsync(DemoData.Tutor, form.ActivityId!, TutoringCards.Verbs.Log, Data(session, ("outcome", Outcomes.Happened), ("topics", "professionalProject")));
        var mark = h.S.Connector.Calls.Count;
        await h.ScanAsync();
        var feedback = h.PostsTo(DemoData.Student, mark).Single();
        StringAssert.Contains(await h.InvokeAsync(DemoData.Student, feedback.ActivityId!, TutoringCards.Verbs.Rate, Data(session, ("rating", "4"), ("comment", "Merci " + Injected))), Text("Feedback_Thanks"));

        mark = h.S.Connector.Calls.Count;
        await h.S.App.PostActivityAsync(Activities.Message(h.Url, DemoData.Tutor, "historique"));

        AssertShownAsPlainText(h.PostsTo(DemoData.Tutor, mark).Single().Activity, "Merci " + Injected);
    }

    [TestMethod]
    public async Task AStudentsDisplayNameIsPlainTextOnTheTutorsCardsAndMessages()
    {
        var name = "Yasmine " + Link + " " + Bold;
        var programme = h.S.App.Services.GetRequiredService<ProgrammeStore>();
        await programme.UpsertAsync(DemoData.Student with { DisplayName = name });
        try
        {
            await h.S.App.PostActivityAsync(Activities.Message(h.Url, DemoData.Tutor, "séance"));
            var form = h.PostsTo(DemoData.Tutor).Single();
            AssertShownAsPlainText(form.Activity, name);

            var mark = h.S.Connector.Calls.Count;
            await h.InvokeAsync(DemoData.Tutor, form.ActivityId!, TutoringCards.Verbs.Propose, h.Proposal(h.Slot(3, 18)));
            var session = (await h.SessionsAsync()).Single(x => x.TutorCardActivityId == form.ActivityId);

            // A tutor's client without universal actions sends the rating button as a message: the answer is a text
            // message naming the student, which Teams must not read as markdown either.
            var submit = Activities.Message(h.Url, DemoData.Tutor, "") with
            {
                Text = null,
                Value = System.Text.Json.JsonSerializer.SerializeToElement(new Dictionary<string, string>(Data(session, ("rating", "4"))) { ["verb"] = TutoringCards.Verbs.Rate }),
            };
            mark = h.S.Connector.Calls.Count;
            await h.S.App.PostActivityAsync(submit);

            var said = h.PostsTo(DemoData.Tutor, mark).Single().Activity!;
            StringAssert.Contains(said.Text, name);
            Assert.AreEqual("plain", said.TextFormat);
        }
        finally
        {
            await programme.UpsertAsync(DemoData.Student);
        }
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Conversation;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Protocol.Schema;
using TutorBot.Resources;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Tutoring;

/// <summary>The session-proposal slice end to end: Kestrel, Azurite, the connector stand-in.</summary>
[TestClass]
[DoNotParallelize]
public sealed class SessionProposalTests
{
    private static readonly ResourceManager Resources = new("TutorBot.Resources.Strings", typeof(Strings).Assembly);
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await StandIns.StartAsync(new() { ["Delivery:PollInterval"] = "00:00:00.050" });

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestInitialize]
    public void Reset() => s.Connector.Reset();

    private static string Url => s.Connector.ServiceUrl;

    private static string Text(string key, params object[] args) => string.Format(Fr, Resources.GetString(key, Fr)!, args);

    [TestMethod]
    public async Task TutorProposesStudentConfirmsAndTheTutorCardUpdatesInPlace()
    {
        // The tutor asks for the form.
        Assert.AreEqual(HttpStatusCode.OK, (await s.App.PostActivityAsync(Activities.Message(Url, DemoData.Tutor, "Séance"))).StatusCode);
        var form = s.Connector.Calls.Single(c => c.Method == "POST");
        StringAssert.Contains(form.CardText, Text("Propose_Title", DemoData.Student.DisplayName));

        // The tutor submits it.
        var proposal = await InvokeAsync(DemoData.Tutor, form.ActivityId!, TutoringCards.Verbs.Propose, ValidProposal());
        StringAssert.Contains(proposal, Text("Session_Status_Tutor_proposed", DemoData.Student.DisplayName));

        var session = await SessionByCardAsync(form.ActivityId!);
        Assert.AreEqual(SessionStatus.Proposed, session.Status);
        Assert.AreEqual(form.ActivityId, session.TutorCardActivityId);
        var invitation = s.Connector.Calls.Single(c => c.ConversationId == "a:" + DemoData.Student.TeamsUserId && c.Method == "POST");
        Assert.AreEqual(invitation.ActivityId, session.StudentCardActivityId);
        StringAssert.Contains(invitation.CardText, Text("Session_Title_Student", DemoData.Tutor.DisplayName));
        Assert.IsTrue(s.Connector.Calls.Any(c => c.Method == "CREATE"), "a 1:1 chat was opened for a student who never wrote");

        // The student confirms from the invitation.
        var answer = await InvokeAsync(DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, Ids(session, TutoringCards.Answers.Confirm));
        StringAssert.Contains(answer, Text("Session_Status_Student_confirmed", DemoData.Tutor.DisplayName));

        var update = s.Connector.Calls.Single(c => c.Method == "PUT");
        Assert.AreEqual(form.ActivityId, update.ActivityId, "the tutor's own card is edited, not a new one sent");
        StringAssert.Contains(update.CardText, Text("Session_Status_Tutor_confirmed", DemoData.Student.DisplayName));
        var confirmed = await SessionByCardAsync(form.ActivityId!);
        Assert.AreEqual(SessionStatus.Confirmed, confirmed.Status);

        // A second click on the answered card changes nothing and says so.
        var callsBefore = s.Connector.Calls.Count;
        var again = await InvokeAsync(DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, Ids(session, TutoringCards.Answers.Decline));
        StringAssert.Contains(again, Text("Session_AlreadyAnswered"));
        var after = await SessionByCardAsync(form.ActivityId!);
        Assert.AreEqual(SessionStatus.Confirmed, after.Status);
        Assert.AreEqual(confirmed.ETag, after.ETag, "storage untouched");
        Assert.AreEqual(callsBefore, s.Connector.Calls.Count, "nobody was told anything new");
    }

    [TestMethod]
    public async Task WrongInputReturnsTheFormWithWhatToFixAndStoresNothing()
    {
        var before = await SessionCountAsync();
        var data = ValidProposal();
        data["date"] = DateTime.UtcNow.AddDays(-3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var card = await InvokeAsync(DemoData.Tutor, "form-past", TutoringCards.Verbs.Propose, data);

        StringAssert.Contains(card, Text("Propose_Error_Past"));
        StringAssert.Contains(card, data["placeDetail"], "what was typed is kept");
        Assert.AreEqual(before, await SessionCountAsync());
        Assert.AreEqual(0, s.Connector.Calls.Count, "nothing sent to the student");
    }

    [TestMethod]
    [DataRow("date", "31/12/2026", "Propose_Error_Date")]
    [DataRow("time", "25:00", "Propose_Error_Time")]
    [DataRow("duration", "1000", "Propose_Error_Duration")]
    [DataRow("place", "moon", "Propose_Error_Place")]
    [DataRow("placeDetail", "", "Propose_Error_PlaceDetail")]
    public async Task EachWrongFieldIsNamed(string field, string value, string errorKey)
    {
        var data = ValidProposal();
        data["place"] = Places.School;
        data[field] = value;

        var card = await InvokeAsync(DemoData.Tutor, "form-" + field, TutoringCards.Verbs.Propose, data);

        StringAssert.Contains(card, Text(errorKey));
    }

    [TestMethod]
    public async Task OnlyTheStudentCanAnswer()
    {
        await InvokeAsync(DemoData.Tutor, "form-only-student", TutoringCards.Verbs.Propose, ValidProposal());
        var session = await SessionByCardAsync("form-only-student");

        var response = await s.App.PostActivityAsync(Activities.CardAction(Url, DemoData.Tutor, "x", TutoringCards.Verbs.Answer, Ids(session, TutoringCards.Answers.Confirm)));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.AreEqual(AdaptiveCardInvokeResponse.MessageType, body.GetProperty("type").GetString());
        StringAssert.Contains(body.GetProperty("value").GetString(), Text("Session_NotForYou", DemoData.Student.DisplayName));
        Assert.AreEqual(SessionStatus.Proposed, (await SessionByCardAsync("form-only-student")).Status);
    }

    [TestMethod]
    public async Task SameFormSubmittedTwiceMakesOneSession()
    {
        await InvokeAsync(DemoData.Tutor, "form-twice", TutoringCards.Verbs.Propose, ValidProposal());
        var second = await InvokeAsync(DemoData.Tutor, "form-twice", TutoringCards.Verbs.Propose, ValidProposal());

        StringAssert.Contains(second, Text("Session_AlreadySent"));
        Assert.AreEqual(1, s.Connector.Calls.Count(c => c.Method == "POST"), "one invitation");
    }

    [TestMethod]
    public async Task UnreachableStudentLeavesTheSessionSavedWithAResendButton()
    {
        // A real form card, so the outbox can edit it; the student blocked the bot, whichever chat the bot uses.
        await s.App.PostActivityAsync(Activities.Message(Url, DemoData.Tutor, "Séance"));
        var form = s.Connector.Calls.Single(c => c.Method == "POST").ActivityId!;
        string[] studentChats = ["a:" + DemoData.Student.TeamsUserId, Activities.ConversationIdOf(DemoData.Student)];
        Array.ForEach(studentChats, s.Connector.Block);

        var answer = await InvokeAsync(DemoData.Tutor, form, TutoringCards.Verbs.Propose, ValidProposal());

        StringAssert.Contains(answer, Text("Session_Status_Tutor_proposed", DemoData.Student.DisplayName), "the click answers at once");
        var card = s.Connector.Calls.Last(c => c.Method == "PUT" && c.ActivityId == form).CardText;
        StringAssert.Contains(card, Text("Session_NotDelivered", DemoData.Student.DisplayName));
        StringAssert.Contains(card, Text("Session_Resend"));
        var session = await SessionByCardAsync(form);
        Assert.IsNull(session.StudentCardActivityId);

        Array.ForEach(studentChats, s.Connector.Unblock);
        var resent = await InvokeAsync(DemoData.Tutor, form, TutoringCards.Verbs.Resend, Ids(session));

        StringAssert.Contains(resent, Text("Session_Status_Tutor_proposed", DemoData.Student.DisplayName));
        Assert.IsNotNull((await SessionByCardAsync(form)).StudentCardActivityId);
    }

    [TestMethod]
    public async Task StudentChatThatNoLongerExistsIsReopened()
    {
        // A stored 1:1 chat the connector no longer knows (ConversationNotFound) must not block the invitation.
        var stale = new TutorBot.Protocol.Connector.ConversationRef(Url, "a:gone", DemoData.TenantId, DemoData.Student.TeamsUserId);
        await s.App.Services.GetRequiredService<ConversationStore>().SaveAsync(DemoData.TenantId, DemoData.Student.AadObjectId!, stale, null);
        s.Connector.Forget("a:gone");

        var card = await InvokeAsync(DemoData.Tutor, "form-reopen", TutoringCards.Verbs.Propose, ValidProposal());

        StringAssert.Contains(card, Text("Session_Status_Tutor_proposed", DemoData.Student.DisplayName));
        Assert.IsTrue(s.Connector.Calls.Any(c => c.Method == "CREATE"), "a new chat was opened");
        Assert.IsNotNull((await SessionByCardAsync("form-reopen")).StudentCardActivityId);
        var saved = await s.App.Services.GetRequiredService<ConversationStore>().FindAsync(DemoData.TenantId, DemoData.Student.AadObjectId!);
        Assert.AreNotEqual("a:gone", saved?.Reference.ConversationId, "the new chat is remembered");
    }

    [TestMethod]
    public async Task EnglishLocaleGetsEnglishCards()
    {
        await s.App.PostActivityAsync(Activities.Message(Url, DemoData.Tutor, "session", locale: "en-US"));

        var en = CultureInfo.GetCultureInfo("en");
        StringAssert.Contains(s.Connector.Calls.Single().CardText, string.Format(en, Resources.GetString("Propose_Title", en)!, DemoData.Student.DisplayName));
    }

    [TestMethod]
    public async Task UnknownMessageGetsAFriendlyAnswerWithTheCommands()
    {
        // "séance" is a tutor's command: the list is the sender's.
        await s.App.PostActivityAsync(Activities.Message(Url, DemoData.Tutor, "bonjour ?"));

        var text = s.Connector.Calls.Single().CardText;
        StringAssert.Contains(text, Text("Unknown_Intro"));
        StringAssert.Contains(text, Text("Help_Session_Word"));
    }

    [TestMethod]
    public async Task InstallationIsWelcomedOnce()
    {
        var newcomer = DemoData.Student with { Id = "student-welcome", AadObjectId = "welcome-aad", TutorId = null };
        await s.App.Services.GetRequiredService<ProgrammeStore>().UpsertAsync(newcomer);
        var installed = Activities.Installed(Url, newcomer) with { Conversation = new ConversationAccount { Id = "a:welcome-once", TenantId = DemoData.TenantId } };

        await s.App.PostActivityAsync(installed);
        await s.App.PostActivityAsync(installed with { Type = ActivityTypes.ConversationUpdate, Action = null, MembersAdded = [new ChannelAccount { Id = "28:bot" }] });

        Assert.AreEqual(1, s.Connector.Calls.Count);
        StringAssert.Contains(s.Connector.Calls[0].CardText, Text("Welcome_Title"));
    }

    private static Dictionary<string, string> ValidProposal()
    {
        var paris = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        return new()
        {
            ["studentId"] = DemoData.Student.Id,
            ["date"] = paris.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = "18:00",
            ["duration"] = "60",
            ["place"] = Places.Teams,
            ["placeDetail"] = "Lien envoyé la veille",
        };
    }

    private static Dictionary<string, string> Ids(TutoringSession session, string? answer = null)
    {
        var data = new Dictionary<string, string> { ["studentId"] = session.StudentId, ["sessionId"] = session.Id };
        if (answer is not null)
        {
            data["answer"] = answer;
        }

        return data;
    }

    /// <summary>Sends an Action.Execute invoke and returns the texts of the card (or message) in the invoke response.</summary>
    private static async Task<string> InvokeAsync(Person from, string cardId, string verb, Dictionary<string, string> data)
    {
        var response = await s.App.PostActivityAsync(Activities.CardAction(Url, from, cardId, verb, data));
        await s.App.OutboxDrainedAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(200, body.GetProperty("statusCode").GetInt32());
        var value = body.GetProperty("value");
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : CardTexts.Of(value);
    }

    private static async Task<List<TutoringSession>> SessionsAsync()
    {
        var list = new List<TutoringSession>();
        await foreach (var session in s.App.Table(TutorBot.Features.Tutoring.SessionStore.Table).QueryAsync<TutoringSession>())
        {
            list.Add(session);
        }

        return list;
    }

    private static async Task<int> SessionCountAsync() => (await SessionsAsync()).Count;

    private static async Task<TutoringSession> SessionByCardAsync(string cardId) =>
        (await SessionsAsync()).Single(x => x.TutorCardActivityId == cardId);
}

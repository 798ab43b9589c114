using System.Globalization;
using System.Net;
using System.Resources;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Workshops;
using TutorBot.Resources;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Conversation;

/// <summary>"aide" lists what this person can do; someone the programme does not know is told whom to ask, and nothing is kept.</summary>
[TestClass]
[DoNotParallelize]
public sealed class HelpByRoleTests
{
    private static readonly ResourceManager Shared = new("TutorBot.Resources.Strings", typeof(Strings).Assembly);
    private static readonly ResourceManager Workshops = new("TutorBot.Features.Workshops.WorkshopStrings", typeof(WorkshopStrings).Assembly);
    private static readonly ResourceManager Identity = new("TutorBot.Features.Identity.IdentityStrings", typeof(TutorBot.Features.Identity.IdentityStrings).Assembly);
    private static readonly ResourceManager Tutoring = new("TutorBot.Features.Tutoring.TutoringStrings", typeof(TutorBot.Features.Tutoring.TutoringStrings).Assembly);
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await StandIns.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestInitialize]
    public void Reset() => s.Connector.Reset();

    private static Person Coordinator => DemoData.People.Single(p => p.Role == Roles.Coordinator);

    private static async Task<string> HelpOfAsync(Person person, string word, string locale = "fr-FR")
    {
        var response = await s.App.PostActivityAsync(Activities.Message(s.Connector.ServiceUrl, person, word, locale));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        return s.Connector.Calls.Single(c => c.ConversationId == Activities.ConversationIdOf(person)).CardText;
    }

    [TestMethod]
    public async Task StudentsHelpHasNoCoordinatorOrTutorVerb()
    {
        var help = await HelpOfAsync(DemoData.Student, "aide");

        StringAssert.Contains(help, Shared.GetString("Help_Title", Fr));
        StringAssert.Contains(help, Workshops.GetString("Help_Workshops", Fr), "a student signs up to workshops");
        Assert.IsFalse(help.Contains(Workshops.GetString("Help_Publish", Fr)!, StringComparison.Ordinal), "publier is for coordinators");
        Assert.IsFalse(help.Contains(Workshops.GetString("Help_Speakers", Fr)!, StringComparison.Ordinal), "intervenants is for coordinators");
        Assert.IsFalse(help.Contains(Shared.GetString("Help_Session", Fr)!, StringComparison.Ordinal), "séance is for tutors");
    }

    [TestMethod]
    public async Task CoordinatorsHelpHasPublishAndSpeakers()
    {
        var help = await HelpOfAsync(Coordinator, "help", "en-US");

        StringAssert.Contains(help, Workshops.GetString("Help_Publish", En));
        StringAssert.Contains(help, Workshops.GetString("Help_Speakers", En));
        Assert.IsFalse(help.Contains(Tutoring.GetString("Help_History", En)!, StringComparison.Ordinal), "the history is the tutor's");
    }

    [TestMethod]
    public async Task TutorsHelpHasTheTutorVerbs()
    {
        var help = await HelpOfAsync(DemoData.Tutor, "aide");

        StringAssert.Contains(help, Shared.GetString("Help_Session", Fr));
        StringAssert.Contains(help, Tutoring.GetString("Help_History", Fr));
        Assert.IsFalse(help.Contains(Workshops.GetString("Help_Publish", Fr)!, StringComparison.Ordinal));
    }

    [TestMethod]
    [DataRow("fr-FR", "aide")]
    [DataRow("en-US", "hello")]
    [DataRow("en-GB", "english")]
    [DataRow("fr-FR", "publier")]
    public async Task SomeoneNotInTheProgrammeIsAnsweredAtOnceWithoutCommandsAndNothingIsStoredByTheTurn(string locale, string text)
    {
        // The "not in the programme" card itself comes from the member lookup (IdentityLinkingTests); here, the turn.
        var stranger = new Person("stranger-" + Guid.NewGuid().ToString("N")[..8], Roles.Student, "Stranger", DemoData.TenantId, Guid.NewGuid().ToString(), "29:" + Guid.NewGuid().ToString("N"));
        var culture = locale.StartsWith("en", StringComparison.Ordinal) ? En : Fr;

        var said = await HelpOfAsync(stranger, text, locale);
        var installed = await s.App.PostActivityAsync(Activities.Installed(s.Connector.ServiceUrl, stranger, locale));

        Assert.AreEqual(HttpStatusCode.OK, installed.StatusCode);
        StringAssert.Contains(said, Identity.GetString("Checking_Text", culture));
        Assert.IsFalse(said.Contains(Shared.GetString("Help_Title", culture)!, StringComparison.Ordinal), "no command list for a stranger");
        var rows = new List<TableEntity>();
        await foreach (var row in s.App.Table(Tables.Conversations).QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        Assert.IsFalse(rows.Any(r => r.RowKey == stranger.AadObjectId), "no conversation reference or language row");
        Assert.IsFalse(rows.Any(r => r.RowKey == Activities.ConversationIdOf(stranger).Replace('/', '_')), "no welcomed row");
    }
}

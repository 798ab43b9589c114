using System.Globalization;
using System.Resources;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Conversation;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Resources;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Conversation;

[TestClass]
[DoNotParallelize]
public sealed class LanguageTests
{
    private static readonly ResourceManager Resources = new("TutorBot.Resources.Strings", typeof(Strings).Assembly);
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await StandIns.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestMethod]
    public async Task ChosenLanguageWinsOverTheTeamsLocale()
    {
        var person = DemoData.Tutor with { Id = "tutor-language", AadObjectId = "language-aad" };
        await s.App.Services.GetRequiredService<ProgrammeStore>().UpsertAsync(person);

        await s.App.PostActivityAsync(Activities.Message(s.Connector.ServiceUrl, person, "français", locale: "en-US"));
        await s.App.PostActivityAsync(Activities.Message(s.Connector.ServiceUrl, person, "aide", locale: "en-US"));
        await s.App.PostActivityAsync(Activities.Message(s.Connector.ServiceUrl, person, "English", locale: "fr-FR"));
        await s.App.PostActivityAsync(Activities.Message(s.Connector.ServiceUrl, person, "aide", locale: "fr-FR"));

        var cards = s.Connector.Calls.Select(c => c.CardText).ToList();
        var fr = CultureInfo.GetCultureInfo("fr");
        var en = CultureInfo.GetCultureInfo("en");
        StringAssert.Contains(cards[0], Resources.GetString("Language_Set", fr));
        StringAssert.Contains(cards[1], Resources.GetString("Help_Title", fr), "French although Teams says en-US");
        StringAssert.Contains(cards[2], Resources.GetString("Language_Set", en));
        StringAssert.Contains(cards[3], Resources.GetString("Help_Title", en), "English although Teams says fr-FR");
    }

    [TestMethod]
    public async Task UpdateWithoutALocaleKeepsTheOneLastSeen()
    {
        var person = DemoData.Student with { Id = "student-locale-kept", AadObjectId = "locale-kept-aad", TutorId = null };
        await s.App.Services.GetRequiredService<ProgrammeStore>().UpsertAsync(person);
        await s.App.PostActivityAsync(Activities.Message(s.Connector.ServiceUrl, person, "aide", locale: "en-US"));

        await s.App.PostActivityAsync(Activities.Installed(s.Connector.ServiceUrl, person) with { Locale = null });

        var stored = await s.App.Services.GetRequiredService<TutorBot.Conversation.ConversationStore>().FindAsync(DemoData.TenantId, "locale-kept-aad");
        Assert.AreEqual("en-US", stored?.Locale, "proactive cards to this person stay in English");
    }
}

using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Schema;
using TutorBot.Tests.Delivery;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Privacy;

/// <summary>installationUpdate <c>remove</c> through <c>/api/messages</c>: the reference goes and nothing is sent until the app is installed again.</summary>
[TestClass]
public sealed class UninstallTests
{
    [TestMethod]
    public async Task AfterRemovalTheReferenceIsGoneAndRowsEndNeverUntilInstalledAgain()
    {
        await using var s = await StandIns.StartAsync(DeliveryTestKit.Settings(PrivacyKit.Settings()), DeliveryTestKit.AddTestHandlers);
        var app = s.App;
        await DemoData.SeedAsync(app.Services.GetRequiredService<ProgrammeStore>());
        DeliveryTestKit.Trust(app, s.Connector);
        var lucas = PrivacyKit.Lucas;
        var conversations = app.Services.GetRequiredService<ConversationStore>();

        Assert.IsTrue((await app.PostActivityAsync(Activities.Installed(s.Connector.ServiceUrl, lucas))).IsSuccessStatusCode);
        Assert.IsNotNull(await conversations.FindAsync(lucas.TenantId, lucas.AadObjectId!), "installing stores the reference");
        await SendAsync(app, s, "before");
        Assert.AreEqual(DeliveryStates.Sent, (await DeliveryTestKit.DoneAsync(app, "before")).Outcome);

        var removed = Activities.Installed(s.Connector.ServiceUrl, lucas) with { Action = InstallationActions.Remove };
        Assert.IsTrue((await app.PostActivityAsync(removed)).IsSuccessStatusCode);
        Assert.IsNull(await conversations.FindAsync(lucas.TenantId, lucas.AadObjectId!), "removing deletes the reference");

        // A row planned earlier with the conversation id (as sessions keep theirs) ends Never, and nothing reaches Teams.
        var posts = s.Connector.Calls.Count(c => c.ConversationId == Activities.ConversationIdOf(lucas));
        Assert.IsTrue(posts >= 1, "the stand-in counts the sends to his chat");
        await SendAsync(app, s, "after");
        var after = await DeliveryTestKit.DoneAsync(app, "after");
        Assert.AreEqual(DeliveryStates.Never, after.Outcome);
        StringAssert.Contains(after.Reason, "403");
        Assert.AreEqual(posts, s.Connector.Calls.Count(c => c.ConversationId == Activities.ConversationIdOf(lucas)), "nothing was sent");

        Assert.IsTrue((await app.PostActivityAsync(Activities.Installed(s.Connector.ServiceUrl, lucas))).IsSuccessStatusCode);
        Assert.IsNotNull(await conversations.FindAsync(lucas.TenantId, lucas.AadObjectId!));
        await SendAsync(app, s, "reinstalled");
        Assert.AreEqual(DeliveryStates.Sent, (await DeliveryTestKit.DoneAsync(app, "reinstalled")).Outcome);
    }

    [TestMethod]
    public async Task TheirOwnTurnIsAnsweredWhileEverySendOfTheBotToThatChatStaysRefused()
    {
        await using var s = await StandIns.StartAsync(DeliveryTestKit.Settings(PrivacyKit.Settings()), DeliveryTestKit.AddTestHandlers);
        var app = s.App;
        await DemoData.SeedAsync(app.Services.GetRequiredService<ProgrammeStore>());
        DeliveryTestKit.Trust(app, s.Connector);
        var lucas = PrivacyKit.Lucas;
        var chat = Activities.ConversationIdOf(lucas);
        Assert.IsTrue((await app.PostActivityAsync(Activities.Installed(s.Connector.ServiceUrl, lucas))).IsSuccessStatusCode);
        Assert.IsTrue((await app.PostActivityAsync(Activities.Installed(s.Connector.ServiceUrl, lucas) with { Action = InstallationActions.Remove })).IsSuccessStatusCode);
        Assert.IsTrue(await app.Services.GetRequiredService<ConversationStore>().IsRemovedAsync(chat), "the uninstall marker is stored");

        // He writes in that chat (Teams delivers only where the app is installed): the answer is his turn's, not a proactive send.
        var before = s.Connector.Calls.Count(c => c.ConversationId == chat);
        Assert.IsTrue((await app.PostActivityAsync(Activities.Message(s.Connector.ServiceUrl, lucas, "aide"))).IsSuccessStatusCode);
        Assert.AreEqual(before + 1, s.Connector.Calls.Count(c => c.ConversationId == chat), "the help card answers his message");

        // A row planned for that chat is still refused by the marker.
        await SendAsync(app, s, "proactive");
        var proactive = await DeliveryTestKit.DoneAsync(app, "proactive");
        Assert.AreEqual(DeliveryStates.Never, proactive.Outcome);
        StringAssert.Contains(proactive.Reason, "403");
        Assert.AreEqual(before + 1, s.Connector.Calls.Count(c => c.ConversationId == chat), "nothing else was sent");
    }

    private static Task SendAsync(BotApplication app, StandIns s, string key) =>
        DeliveryTestKit.Store(app).PlanAsync(OutboxRow.Create(
            TestKinds.Send,
            key,
            DateTimeOffset.UtcNow,
            PrivacyKit.Lucas.TenantId,
            PrivacyKit.Lucas.Id,
            JsonSerializer.Serialize(new { serviceUrl = s.Connector.ServiceUrl }),
            conversationId: Activities.ConversationIdOf(PrivacyKit.Lucas)));
}

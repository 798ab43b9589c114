using TutorBot.Demo;
using TutorBot.Features.Waves;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Waves;

/// <summary>The second reminder, and a wave composed in Teams: its progress card edited in place, chats opened once.</summary>
[TestClass]
public sealed class WaveNudgeTests
{
    [TestMethod]
    public async Task TheNudgeGoesOnlyToThoseWhoHaveNotAnsweredAfterTheDelay()
    {
        await using var kit = await WaveKit.StartAsync(students: 4);
        var id = await kit.SendWaveAsync(WaveKit.Body(nudge: 24));
        await kit.RunUntilSettledAsync(id);
        var answerer = kit.Students[0];
        var card = kit.Driver.PostsTo(answerer).Single();
        await kit.Driver.InvokeAsync(answerer, card.ActivityId!, WaveCards.Verbs.Answer, new Dictionary<string, string> { ["waveId"] = id, ["answer"] = "0" });

        var mark = kit.Driver.Mark;
        await kit.RunAsync(TimeSpan.FromHours(23));
        Assert.AreEqual(0, kit.CardsPerStudent(mark).Values.Sum(), "not before the delay");

        await kit.RunAsync(TimeSpan.FromHours(1.1));
        await kit.RunAsync(TimeSpan.FromHours(1));

        CollectionAssert.AreEqual(new[] { 0, 1, 1, 1 }, kit.Students.Select(p => kit.Driver.PostsTo(p, mark).Count).ToArray());
        StringAssert.Contains(kit.Driver.PostsTo(kit.Students[1], mark).Single().CardText, WaveKit.Text("Nudge_Title", WaveKit.Fr));
        Assert.AreEqual(3, (await kit.WaveAsync(id)).GetProperty("counts").GetProperty("nudged").GetInt32());

        // Answering from the nudge counts the same; a second nudge never comes.
        var nudge = kit.Driver.PostsTo(kit.Students[1], mark).Single();
        await kit.Driver.InvokeAsync(kit.Students[1], nudge.ActivityId!, WaveCards.Verbs.Answer, new Dictionary<string, string> { ["waveId"] = id, ["answer"] = "1" });
        await kit.RunAsync(TimeSpan.FromDays(2));
        Assert.AreEqual(3, kit.CardsPerStudent(mark).Values.Sum());
        Assert.AreEqual(2, (await kit.WaveAsync(id)).GetProperty("counts").GetProperty("answered").GetInt32());
    }

    [TestMethod]
    public async Task AWaveComposedInTeamsOpensEachChatOnceAndEditsItsProgressCardInPlace()
    {
        await using var kit = await WaveKit.StartAsync(students: 0);
        await kit.SeedStudentsAsync(3, withChat: false);
        var coordinator = WaveKit.Coordinator;

        var answer = await kit.ComposeAsync(coordinator, "class:" + WaveKit.ClassId);
        StringAssert.Contains(answer, WaveKit.Text("Compose_Sent", WaveKit.Fr, "Réunion", 3));
        var first = await kit.LatestWaveAsync();
        await kit.RunUntilSettledAsync(first);
        await kit.RunAsync(TimeSpan.FromSeconds(11));

        Assert.AreEqual(3, kit.S.Connector.Calls.Count(c => c.Method == "CREATE"), "one chat opened per student");
        Assert.IsTrue(kit.CardsPerStudent().Values.All(n => n == 1));
        var progress = kit.Driver.PostsTo(coordinator).Where(c => c.CardText.Contains(WaveKit.Text("Progress_Title", WaveKit.Fr, "Réunion"), StringComparison.Ordinal)).ToList();
        Assert.AreEqual(1, progress.Count, "one progress card, then edits");
        var edits = kit.Driver.EditsTo(coordinator);
        Assert.IsTrue(edits.Count >= 1 && edits.All(e => e.ActivityId == progress[0].ActivityId));
        StringAssert.Contains(edits[^1].CardText, WaveKit.Text("State_done", WaveKit.Fr));

        // A second wave finds the stored chats: no conversation is created again.
        var mark = kit.Driver.Mark;
        await kit.ComposeAsync(coordinator, "class:" + WaveKit.ClassId, message: "Deuxième message.");
        var second = await kit.LatestWaveAsync();
        Assert.AreNotEqual(first, second);
        await kit.RunUntilSettledAsync(second);
        Assert.AreEqual(0, kit.S.Connector.Calls.Skip(mark).Count(c => c.Method == "CREATE"));
        Assert.IsTrue(kit.CardsPerStudent(mark).Values.All(n => n == 1));
    }

    [TestMethod]
    public async Task AWaveSentFromThePageOpensChatsWhereTheTenantTalksToTheBotAndReopensOneTeamsLost()
    {
        // The coordinator has no chat of her own; one student does, which tells where the tenant's chats live.
        await using var kit = await WaveKit.StartAsync(students: 1, new() { ["Roster:AllowedTenants:0"] = DemoData.TenantId });
        await kit.SeedStudentsAsync(3, withChat: false);
        var lost = kit.Students[0];
        kit.S.Connector.Forget(Activities.ConversationIdOf(lost));

        var id = await kit.SendWaveAsync(token: kit.Roster.Token(RosterKit.CoordinatorLogin, tenant: DemoData.TenantId));
        await kit.RunUntilSettledAsync(id);

        Assert.AreEqual(3, kit.S.Connector.Calls.Count(c => c.Method == "CREATE"), "two chats never opened, one lost: each opened once");
        Assert.IsTrue(kit.CardsPerStudent().Values.All(n => n == 1), string.Join(", ", kit.CardsPerStudent().Select(p => $"{p.Key}={p.Value}")));
        Assert.AreEqual("a:" + lost.TeamsUserId, kit.Driver.PostsTo(lost).Single().ConversationId, "sent in the reopened chat");
        var counts = (await kit.WaveAsync(id)).GetProperty("counts");
        Assert.AreEqual((3, 0, 0), (counts.GetProperty("sent").GetInt32(), counts.GetProperty("unreachable").GetInt32(), counts.GetProperty("failed").GetInt32()));
        var saved = await kit.Get<TutorBot.Conversation.ConversationStore>().FindAsync(lost.TenantId, lost.AadObjectId!);
        Assert.AreEqual("a:" + lost.TeamsUserId, saved?.Reference.ConversationId, "the new chat is remembered");
    }
}

using System.Net;
using System.Text.Json;
using TutorBot.Features.Waves;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Waves;

/// <summary>A wave through the API and the outbox against Azurite and the connector stand-in: one card each, answers, nudges.</summary>
[TestClass]
public sealed class WaveDeliveryTests
{
    [TestMethod]
    public async Task AWaveToTwelveStudentsSendsExactlyOneCardEachAndEnds()
    {
        await using var kit = await WaveKit.StartAsync(students: 12);
        var id = await kit.SendWaveAsync();

        await kit.RunAsync();
        await kit.RunAsync(TimeSpan.FromSeconds(11));

        var cards = kit.CardsPerStudent();
        Assert.IsTrue(cards.Values.All(n => n == 1), string.Join(", ", cards.Select(p => $"{p.Key}={p.Value}")));
        var wave = await kit.WaveAsync(id);
        Assert.AreEqual(WaveStates.Done, wave.GetProperty("state").GetString());
        var counts = wave.GetProperty("counts");
        Assert.AreEqual((12, 12, 0, 0), (counts.GetProperty("recipients").GetInt32(), counts.GetProperty("sent").GetInt32(), counts.GetProperty("queued").GetInt32(), counts.GetProperty("failed").GetInt32()));
        Assert.AreEqual(12, wave.GetProperty("timeline").EnumerateArray().Sum(m => m.GetProperty("sent").GetInt32()));

        // Planned again (a resume's sweep, a rerun after a crash): nothing goes out twice.
        var mark = kit.Driver.Mark;
        var store = kit.Get<WaveStore>();
        var sentWave = (await store.GetAsync(id))!;
        await kit.Get<TutorBot.Delivery.OutboxStore>().PlanAsync((await store.RecipientsAsync(id)).Select(r => WaveRows.CardRow(sentWave, r, null)));
        await kit.RunAsync();
        Assert.IsTrue(kit.CardsPerStudent(mark).Values.All(n => n == 0));
    }

    [TestMethod]
    public async Task AnAnswerUpdatesTheCardInPlaceAndIsCounted()
    {
        await using var kit = await WaveKit.StartAsync(students: 3);
        var id = await kit.SendWaveAsync();
        await kit.RunAsync();
        var student = kit.Students[1];
        var card = kit.Driver.PostsTo(student).Single();
        var posted = JsonSerializer.Serialize(card.Activity!.Attachments![0].Content);
        StringAssert.Contains(posted, "Je ne peux pas venir");

        var answered = await kit.Driver.InvokeAsync(student, card.ActivityId!, WaveCards.Verbs.Answer, new Dictionary<string, string> { ["waveId"] = id, ["answer"] = "1" });

        StringAssert.Contains(answered, WaveKit.Text("Answer_Yours", WaveKit.Fr, "Je ne peux pas venir"));
        var wave = await kit.WaveAsync(id);
        Assert.AreEqual(1, wave.GetProperty("counts").GetProperty("answered").GetInt32());
        var answers = wave.GetProperty("answers").EnumerateArray().Select(a => (a.GetProperty("label").GetString(), a.GetProperty("count").GetInt32())).ToList();
        CollectionAssert.AreEqual(new[] { ("Je serai là", 0), ("Je ne peux pas venir", 1) }, answers);

        // Someone else clicking the same card (forwarded, or a forged invoke) answers nothing for them.
        var stranger = kit.Students[0] with { Id = "nobody", AadObjectId = "00000000-0000-0000-0009-000000000001" };
        var refused = await kit.Driver.InvokeAsync(stranger, card.ActivityId!, WaveCards.Verbs.Answer, new Dictionary<string, string> { ["waveId"] = id, ["answer"] = "0" });
        Assert.AreEqual(1, (await kit.WaveAsync(id)).GetProperty("counts").GetProperty("answered").GetInt32());
        Assert.IsFalse(refused.Contains("Je serai là", StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task ACardCostsAboutSixStorageWritesOfWhichTheSendingMarkAndItsOutcomeAreTwo()
    {
        await using var kit = await WaveKit.StartAsync(students: 20);
        await kit.SendWaveAsync();
        kit.Clock.Now += TimeSpan.FromSeconds(3);
        await kit.Driver.RunOutboxOnceAsync(r => r.Kind == WaveRows.Expand);

        // The outbox's own: claim, finish, copy to the done table, delete (4). The wave's: the mark before the POST, the
        // outcome after (2). The shared limiter's: a slice of 5 tenant slots (0.2+); no chat window, as a wave sends
        // one card to a chat.
        var writes = TutorBot.Storage.StorageWrites.Begin();
        await kit.Driver.DrainOutboxAsync(r => r.Kind == WaveRows.Card);

        Assert.IsTrue(kit.CardsPerStudent().Values.All(n => n == 1));
        Assert.IsTrue(writes.Count is >= 20 * 6 and <= (20 * 6) + 12, writes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [TestMethod]
    public async Task WithProactiveInstallationACardWaitsForTheAppThenEndsUnreachableWithThatReason()
    {
        await using var kit = await WaveKit.StartAsync(students: 0, new() { ["Roster:ProactiveInstall"] = "true", ["Roster:TeamsAppId"] = "catalog-tutorbot-1", ["Delivery:MaxAttempts"] = "3" });
        await kit.Roster.ImportAndWaitAsync(TutorBot.Tests.Roster.RosterKit.DemoCsv);
        var id = await kit.SendWaveAsync(WaveKit.Body(audience: new { kind = "class", classId = "0139901Z-1re-sti2d-a" }));

        await kit.RunAsync();
        var waiting = (await kit.WaveAsync(id)).GetProperty("counts");
        Assert.AreEqual((2, 0), (waiting.GetProperty("queued").GetInt32(), waiting.GetProperty("unreachable").GetInt32()), "waiting for the installation, not given up");
        var installs = new List<string?>();
        foreach (var table in new[] { TutorBot.Delivery.OutboxStore.Table, TutorBot.Delivery.OutboxStore.DoneTable })
        {
            await foreach (var row in kit.S.App.Table(table).QueryAsync<TutorBot.Delivery.OutboxRow>(r => r.Kind == TutorBot.Features.Identity.ProactiveInstall.Kind))
            {
                installs.Add(row.RecipientId);
            }
        }

        CollectionAssert.IsSubsetOf(new[] { TutorBot.Features.Roster.RosterKeys.NewPersonId("lucas.fabre@demo-eleves.example") }, installs);

        for (var i = 0; i < 4; i++)
        {
            await kit.RunAsync(WaveMessenger.InstallRetry + TimeSpan.FromSeconds(5));
        }

        var wave = await kit.WaveAsync(id);
        Assert.AreEqual(2, wave.GetProperty("counts").GetProperty("unreachable").GetInt32());
        Assert.AreEqual("not installed: " + WaveMessenger.WaitingForInstall, wave.GetProperty("reasons")[0].GetProperty("reason").GetString());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using TutorBot.Delivery;
using TutorBot.Features.Waves;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Waves;

/// <summary>Pause, resume and cancel mid-wave, a 429 storm and an interrupted send, through the outbox on the fake clock.</summary>
[TestClass]
public sealed class WaveControlTests
{
    /// <summary>Runs the expansion, then the cards of the first <paramref name="count"/> students only.</summary>
    private static async Task SendFirstAsync(WaveKit kit, int count)
    {
        kit.Clock.Now += TimeSpan.FromSeconds(3);
        await kit.Driver.RunOutboxOnceAsync(r => r.Kind == WaveRows.Expand);
        var first = kit.Students.Take(count).Select(p => p.Id).ToHashSet();
        await kit.Driver.DrainOutboxAsync(r => r.Kind == WaveRows.Card && first.Contains(r.RecipientId!));
    }

    [TestMethod]
    public async Task APausedWaveSendsNothingUntilResumedThenEveryoneGetsOneCard()
    {
        await using var kit = await WaveKit.StartAsync(students: 30);
        var id = await kit.SendWaveAsync();
        await SendFirstAsync(kit, 10);

        var paused = await kit.PostAsync($"/api/waves/{id}/pause", null);
        Assert.AreEqual(HttpStatusCode.OK, paused.StatusCode);
        Assert.AreEqual(HttpStatusCode.Conflict, (await kit.PostAsync($"/api/waves/{id}/pause", null)).StatusCode, "already paused");
        await kit.RunAsync(WaveStore.StateCacheFor + TimeSpan.FromMilliseconds(100));
        await kit.RunAsync(TimeSpan.FromMinutes(5));

        Assert.AreEqual(10, kit.CardsPerStudent().Values.Sum());
        var wave = await kit.WaveAsync(id);
        Assert.AreEqual((WaveStates.Paused, 10, 20), (wave.GetProperty("state").GetString(), wave.GetProperty("counts").GetProperty("sent").GetInt32(), wave.GetProperty("counts").GetProperty("queued").GetInt32()));

        Assert.AreEqual(HttpStatusCode.OK, (await kit.PostAsync($"/api/waves/{id}/resume", null)).StatusCode);
        await kit.RunUntilSettledAsync(id);
        await kit.RunAsync(TimeSpan.FromSeconds(15));

        var cards = kit.CardsPerStudent();
        Assert.IsTrue(cards.Values.All(n => n == 1), string.Join(", ", cards.Where(p => p.Value != 1).Select(p => $"{p.Key}={p.Value}")));
        Assert.AreEqual(WaveStates.Done, (await kit.WaveAsync(id)).GetProperty("state").GetString());
    }

    [TestMethod]
    public async Task CancellingMidWaveStopsTheSendsWithinSecondsAndCountsTheRestCancelled()
    {
        await using var kit = await WaveKit.StartAsync(students: 30);
        var id = await kit.SendWaveAsync();
        await SendFirstAsync(kit, 10);

        // Cancelled on another instance (a write this one's cache has not seen): within its 2 s, nothing more goes out.
        var store = kit.Get<WaveStore>();
        var entity = (await store.Client.GetEntityAsync<TableEntity>(WaveStore.WavesPartition, id)).Value;
        entity["State"] = WaveStates.Cancelled;
        await store.Client.UpdateEntityAsync(entity, entity.ETag);
        await kit.RunAsync(WaveStore.StateCacheFor + TimeSpan.FromMilliseconds(100));
        await kit.RunAsync(TimeSpan.FromMinutes(5));

        Assert.AreEqual(10, kit.CardsPerStudent().Values.Sum());
        var wave = await kit.WaveAsync(id);
        var counts = wave.GetProperty("counts");
        Assert.AreEqual((WaveStates.Cancelled, 10, 20, 0), (wave.GetProperty("state").GetString(), counts.GetProperty("sent").GetInt32(), counts.GetProperty("cancelled").GetInt32(), counts.GetProperty("queued").GetInt32()));
        Assert.AreEqual(HttpStatusCode.Conflict, (await kit.PostAsync($"/api/waves/{id}/resume", null)).StatusCode);
        var problem = await (await kit.PostAsync($"/api/waves/{id}/cancel", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(WaveStates.Cancelled, problem.GetProperty("state").GetString());
    }

    [TestMethod]
    public async Task A429StormSlowsTheWaveAndLosesNoCard()
    {
        await using var kit = await WaveKit.StartAsync(students: 20);
        var id = await kit.SendWaveAsync();
        kit.S.Connector.Reset();
        kit.S.Connector.Enqueue([.. Enumerable.Range(0, 8).Select(_ => ConnectorStandIn.Fault.Throttle(1))]);

        await kit.RunUntilSettledAsync(id);

        var cards = kit.CardsPerStudent();
        Assert.IsTrue(cards.Values.All(n => n == 1), string.Join(", ", cards.Where(p => p.Value != 1).Select(p => $"{p.Key}={p.Value}")));
        var arrivals = kit.S.Connector.Arrivals.Where(a => a.Method == "POST" && a.Path.EndsWith("/activities", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(8, arrivals.Count(a => a.Status == 429));
        var firstThrottle = arrivals.First(a => a.Status == 429).At;
        Assert.IsTrue(arrivals.Last().At - firstThrottle >= TimeSpan.FromSeconds(0.9), "Retry-After: 1 held the wave back");
        var counts = (await kit.WaveAsync(id)).GetProperty("counts");
        Assert.AreEqual((20, 0, 0), (counts.GetProperty("sent").GetInt32(), counts.GetProperty("failed").GetInt32(), counts.GetProperty("queued").GetInt32()));
    }

    [TestMethod]
    public async Task ACardMarkedByARunThatStoppedIsUncertainAndNeverSentAgainWhileAnUnmarkedClaimIsSent()
    {
        await using var kit = await WaveKit.StartAsync(students: 3);
        var id = await kit.SendWaveAsync();
        kit.Clock.Now += TimeSpan.FromSeconds(3);
        await kit.Driver.RunOutboxOnceAsync(r => r.Kind == WaveRows.Expand);
        var store = kit.Get<WaveStore>();
        var outbox = kit.Get<OutboxStore>();

        // Student 0: an instance marked the card and died before Teams answered (or before it recorded the answer).
        var marked = (await store.GetRecipientAsync(id, kit.Students[0].Id))!;
        marked.State = RecipientStates.Sending;
        marked.SendingUtc = kit.Clock.Now;
        Assert.IsTrue(await store.TryReplaceRecipientAsync(marked));

        // Student 1: an instance claimed the row and died before marking it: certainly not sent.
        var due = await outbox.DueAsync(kit.Clock.Now, 100);
        var claimed = due.Single(r => r.RecipientId == kit.Students[1].Id && r.Kind == WaveRows.Card);
        Assert.IsTrue(await outbox.TryClaimAsync(claimed, "dead-instance", kit.Clock.Now, kit.Clock.Now.AddSeconds(30)));
        var claimedMarked = due.Single(r => r.RecipientId == kit.Students[0].Id && r.Kind == WaveRows.Card);
        Assert.IsTrue(await outbox.TryClaimAsync(claimedMarked, "dead-instance", kit.Clock.Now, kit.Clock.Now.AddSeconds(30)));

        await kit.RunAsync(TimeSpan.FromSeconds(31));
        await kit.RunAsync(TimeSpan.FromSeconds(31));

        CollectionAssert.AreEqual(new[] { 0, 1, 1 }, kit.Students.Select(p => kit.Driver.PostsTo(p).Count).ToArray());
        var wave = await kit.WaveAsync(id);
        Assert.AreEqual(1, wave.GetProperty("counts").GetProperty("failed").GetInt32());
        StringAssert.StartsWith(wave.GetProperty("reasons")[0].GetProperty("reason").GetString(), "uncertain");
        Assert.AreEqual(RecipientStates.Uncertain, (await store.GetRecipientAsync(id, kit.Students[0].Id))!.State);
    }
}

using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Pairing;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Pairing;

/// <summary>One active tutor per student and a tutor's capacity, enforced by storage, with real concurrency on Azurite.</summary>
[TestClass]
public sealed class PairingRaceTests
{
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await StandIns.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    /// <summary>Two stores stand for two app instances: only storage decides between them.</summary>
    private static PairingStore[] Instances() => [s.App.Services.GetRequiredService<PairingStore>(), new PairingStore(s.App.Services.GetRequiredService<Tables>())];

    [TestMethod]
    public async Task TwoCoordinatorsPairingTheSameStudentAtOnceOneWinsTheOtherIsTold()
    {
        var stores = Instances();
        var student = "student-" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;

        // Twenty attempts, to ten different tutors with room, from two instances.
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => stores[i % 2].PairAsync($"tutor-{student}-{i % 10}", 3, student, "0139901Z", "coordinator-" + (i % 2), now))));

        Assert.AreEqual(1, results.Count(r => r.Outcome == PairingOutcome.Paired));
        Assert.AreEqual(19, results.Count(r => r.Outcome == PairingOutcome.StudentTaken));
        var winner = results.Single(r => r.Pair is not null).Pair!;
        var (claim, history) = await stores[0].StudentAsync("0139901Z", student);
        Assert.AreEqual(winner.Id, claim?.PairId);
        Assert.AreEqual(1, history.Count, "the losers left no history");
        var counts = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => stores[1].ActiveCountAsync($"tutor-{student}-{i}")));
        Assert.AreEqual(1, counts.Sum(), "only the winner's tutor counts a student");
    }

    [TestMethod]
    public async Task ManyCoordinatorsRacingForATutorsLastPlacesFillItExactly()
    {
        var stores = Instances();
        var tutor = "tutor-" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        Assert.AreEqual(PairingOutcome.Paired, (await stores[0].PairAsync(tutor, 3, tutor + "-first", "0139901Z", "c", now)).Outcome);

        // Two places left, twelve students at once.
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            Task.Run(() => stores[i % 2].PairAsync(tutor, 3, $"{tutor}-s{i}", "0139901Z", "c", now))));

        Assert.AreEqual(2, results.Count(r => r.Outcome == PairingOutcome.Paired));
        Assert.AreEqual(10, results.Count(r => r.Outcome == PairingOutcome.TutorFull));
        Assert.AreEqual(3, await stores[0].ActiveCountAsync(tutor));
        Assert.AreEqual(3, (await stores[1].PairsOfTutorAsync(tutor)).Count(p => p.IsActive));

        // The losers' claims were released: each can be paired elsewhere.
        var loser = results.First(r => r.Outcome == PairingOutcome.TutorFull);
        var index = Array.IndexOf(results, loser);
        var (claim, _) = await stores[0].StudentAsync("0139901Z", $"{tutor}-s{index}");
        Assert.IsNull(claim);
        Assert.AreEqual(PairingOutcome.Paired, (await stores[0].PairAsync(tutor + "-other", 1, $"{tutor}-s{index}", "0139901Z", "c", now)).Outcome);
    }

    [TestMethod]
    public async Task AnEndedPairFreesThePlaceAndTheStudentAndStaysInHistory()
    {
        var store = Instances()[0];
        var tutor = "tutor-" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        var pair = (await store.PairAsync(tutor, 1, tutor + "-a", "0849902Z", "c", now)).Pair!;
        Assert.AreEqual(PairingOutcome.TutorFull, (await store.PairAsync(tutor, 1, tutor + "-b", "0849902Z", "c", now)).Outcome);

        var ended = await store.EndAsync(tutor, pair.Id, "coordinator", now.AddDays(30));

        Assert.AreEqual(PairStatus.Ended, ended?.Status);
        Assert.IsNull(await store.EndAsync(tutor, pair.Id, "coordinator", now.AddDays(31)), "ending twice changes nothing");
        Assert.AreEqual(0, await store.ActiveCountAsync(tutor));
        Assert.AreEqual(PairingOutcome.Paired, (await store.PairAsync(tutor, 1, tutor + "-b", "0849902Z", "c", now)).Outcome, "the place is free");
        var (claim, history) = await store.StudentAsync("0849902Z", tutor + "-a");
        Assert.IsNull(claim, "the student is free");
        Assert.AreEqual(now.AddDays(30), history.Single().EndedUtc);
        Assert.AreEqual(2, (await store.PairsOfTutorAsync(tutor)).Count, "the ended pair is kept");
    }

    [TestMethod]
    public async Task AClaimWhosePairNeverCommittedIsTakenOverOnceStale()
    {
        var store = Instances()[0];
        var student = "student-" + Guid.NewGuid().ToString("N")[..8];
        var long_ago = DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5);

        // A crash between the claim and the tutor's transaction leaves a claim naming a pair that does not exist.
        await store.Table.AddEntityAsync(PairingEntities.Claim(new StudentClaim(student, "ghost-tutor", "ghost-pair", long_ago), "0139901Z"));
        Assert.AreEqual(PairingOutcome.StudentTaken, (await store.PairAsync("tutor-x", 1, student, "0139901Z", "c", long_ago.AddSeconds(5))).Outcome, "not stale yet");

        var result = await store.PairAsync("tutor-" + student, 1, student, "0139901Z", "c", DateTimeOffset.UtcNow);

        Assert.AreEqual(PairingOutcome.Paired, result.Outcome);
    }
}

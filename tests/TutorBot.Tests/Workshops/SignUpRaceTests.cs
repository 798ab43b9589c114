using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Workshops;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Workshops;

/// <summary>Capacity under concurrency, at the store: the sign-up and the count are one entity-group transaction.</summary>
[TestClass]
public sealed class SignUpRaceTests
{
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await WorkshopTestKit.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task FiveHundredConcurrentSignUpsForThirtyPlacesConfirmThirtyAndQueueTheRestInArrivalOrder()
    {
        // Two stores stand for two app instances: each has its own in-process lock, so between them only the ETag
        // of the workshop row decides, as between real instances.
        var tables = s.App.Services.GetRequiredService<Tables>();
        var instances = new[] { s.App.Services.GetRequiredService<WorkshopStore>(), new WorkshopStore(tables) };
        var workshop = await new WorkshopBuilder().WithCapacity(30).StoreAsync(instances[0]);
        var now = DateTimeOffset.UtcNow;

        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(i =>
            Task.Run(() => instances[i % 2].SignUpAsync(workshop.Id, $"student-{i:D3}", now))));
        clock.Stop();

        var registrations = await instances[0].RegistrationsAsync(workshop.Id);
        var meta = (await instances[0].GetAsync(workshop.Id))!;
        TestContext.WriteLine($"500 sign-ups for 30 places over 2 instances in {clock.ElapsedMilliseconds} ms");

        Assert.AreEqual(500, registrations.Count, "nothing lost");
        Assert.AreEqual(500, registrations.Select(r => r.PersonId).Distinct().Count());
        Assert.AreEqual(30, registrations.Count(r => r.Status == RegistrationStatus.Confirmed));
        Assert.AreEqual(470, registrations.Count(r => r.Status == RegistrationStatus.Waiting));
        Assert.AreEqual(30, results.Count(r => r.Outcome == SignUpOutcome.Confirmed));
        Assert.AreEqual(470, results.Count(r => r.Outcome == SignUpOutcome.Waiting));
        Assert.AreEqual((30, 470, 500L), (meta.Confirmed, meta.Waiting, meta.LastSeq));

        // Arrival order is the order the transactions committed: arrival numbers 1..500 with no gap or repeat,
        // the first 30 hold the places, and each waiting student was told their rank in that order.
        CollectionAssert.AreEqual(Enumerable.Range(1, 500).Select(i => (long)i).ToList(), registrations.Select(r => r.Seq).ToList());
        Assert.IsTrue(registrations.Take(30).All(r => r.Status == RegistrationStatus.Confirmed));
        Assert.IsTrue(registrations.Skip(30).All(r => r.Status == RegistrationStatus.Waiting));
        foreach (var result in results.Where(r => r.Outcome == SignUpOutcome.Waiting))
        {
            Assert.AreEqual(result.Registration!.Seq - 30, result.WaitingPosition);
        }

        // The waiting list moves in that order.
        var first = registrations[0];
        var cancel = await instances[1].CancelAsync(workshop.Id, first.PersonId, now);
        Assert.AreEqual(CancelOutcome.Cancelled, cancel.Outcome);
        Assert.AreEqual(registrations[30].PersonId, cancel.Promoted?.PersonId);
        var after = (await instances[0].GetAsync(workshop.Id))!;
        Assert.AreEqual((30, 469), (after.Confirmed, after.Waiting));
    }

    [TestMethod]
    public async Task ConcurrentSignUpsOfTheSameStudentRegisterThemOnce()
    {
        var store = s.App.Services.GetRequiredService<WorkshopStore>();
        var other = new WorkshopStore(s.App.Services.GetRequiredService<Tables>());
        var workshop = await new WorkshopBuilder().WithCapacity(5).StoreAsync(store);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? store : other).SignUpAsync(workshop.Id, "student-twice", DateTimeOffset.UtcNow))));

        Assert.AreEqual(1, results.Count(r => r.Outcome == SignUpOutcome.Confirmed));
        Assert.AreEqual(19, results.Count(r => r.Outcome == SignUpOutcome.AlreadyRegistered));
        Assert.AreEqual(1, (await store.GetAsync(workshop.Id))!.Confirmed);
    }
}

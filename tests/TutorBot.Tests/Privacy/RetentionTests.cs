using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Delivery;
using TutorBot.Features.Privacy;
using TutorBot.Features.Tutoring;
using TutorBot.Features.Waves;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Delivery;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Privacy;

/// <summary>The retention job on a fake clock: old school years reduced to aggregates, finished rows and records purged, twice and at once.</summary>
[TestClass]
public sealed class RetentionTests
{
    private static readonly DateTimeOffset Now = new(2027, 10, 15, 8, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void SchoolYearsRunFromSeptemberInParis()
    {
        Assert.AreEqual("2024-2025", SchoolYear.Label(new DateTimeOffset(2025, 8, 31, 21, 59, 0, TimeSpan.Zero)));
        Assert.AreEqual("2025-2026", SchoolYear.Label(new DateTimeOffset(2025, 8, 31, 22, 0, 0, TimeSpan.Zero)), "midnight in Paris (UTC+2 in summer)");
        Assert.AreEqual(new DateTimeOffset(2026, 8, 31, 22, 0, 0, TimeSpan.Zero), SchoolYear.KeptFrom(Now, TimeSpan.FromDays(365)));
        Assert.AreEqual(new DateTimeOffset(2024, 8, 31, 22, 0, 0, TimeSpan.Zero), SchoolYear.KeptFrom(Now, TimeSpan.FromDays(800)), "2024-2025 ended 775 days before: kept");
    }

    [TestMethod]
    public async Task OldYearsAreReducedToTheirAggregatesOnceEvenWhenTwoPurgesRunAtOnce()
    {
        var clock = new SettableClock(Now);
        await using var s = await StandIns.StartAsync(
            PrivacyKit.Settings(new() { ["Privacy:SchoolYearRetention"] = "365.00:00:00", ["Privacy:RecordRetention"] = "400.00:00:00", ["Delivery:DoneRetention"] = "30.00:00:00", ["Delivery:Enabled"] = "false" }),
            services => services.AddSingleton<TimeProvider>(clock));
        var app = s.App;
        var sessions = app.Services.GetRequiredService<SessionStore>();
        var old = new DateTimeOffset(2025, 3, 10, 9, 0, 0, TimeSpan.Zero);   // 2024-2025: reduced
        var recent = new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero); // 2026-2027: kept
        await sessions.TryAddAsync(Session("student-a", "old-1", "tutor-x", old, Outcomes.Happened, 4, "oralPreparation,financing"));
        await sessions.TryAddAsync(Session("student-a", "old-2", "tutor-x", old.AddDays(14), Outcomes.Absent, null, null));
        await sessions.TryAddAsync(Session("student-b", "old-3", "tutor-y", old.AddDays(2), Outcomes.Happened, 2, "financing"));
        await sessions.TryAddAsync(Session("student-a", "new-1", "tutor-x", recent, Outcomes.Happened, 3, "other"));
        var workshops = app.Table(WorkshopStore.Table);
        await workshops.UpsertEntityAsync(new TableEntity("ws-old", Workshop.MetaRow) { ["StartUtc"] = old, ["Confirmed"] = 2, ["Speakers"] = 1, ["CreatedBy"] = "coordinator-ines", ["HostMailbox"] = "host@partner.example" });
        await workshops.UpsertEntityAsync(new TableEntity("ws-old", Registration.Key("student-a")) { ["PersonId"] = "student-a" });
        await workshops.UpsertEntityAsync(new TableEntity("ws-old", Presence.Key("student-a")) { ["PersonId"] = "student-a", ["Present"] = true });
        await workshops.UpsertEntityAsync(new TableEntity("ws-old", Presence.Key("student-b")) { ["PersonId"] = "student-b", ["Present"] = false });
        await workshops.UpsertEntityAsync(new TableEntity("ws-new", Workshop.MetaRow) { ["StartUtc"] = recent, ["Confirmed"] = 1 });
        await workshops.UpsertEntityAsync(new TableEntity("ws-new", Registration.Key("student-a")) { ["PersonId"] = "student-a" });
        var outbox = app.Services.GetRequiredService<OutboxStore>();
        await outbox.MoveToDoneAsync(Done("finished-long-ago", Now.AddDays(-45)));
        await outbox.MoveToDoneAsync(Done("finished-lately", Now.AddDays(-3)));
        var store = app.Services.GetRequiredService<PrivacyStore>();
        await store.AuditAsync("export", "coordinator-ines", "hash-old", Now.AddDays(-500));
        await store.AuditAsync("export", "coordinator-ines", "hash-new", Now.AddDays(-5));
        var waves = app.Table(WaveStore.Table);
        await waves.UpsertEntityAsync(new TableEntity(WaveStore.WavesPartition, "wave-old") { ["CreatedUtc"] = old, ["CreatedBy"] = "coordinator-ines" });
        await waves.UpsertEntityAsync(new TableEntity(WaveRecipient.Partition("wave-old"), WaveRecipient.Row("student-a")) { ["Answer"] = "0" });
        await waves.UpsertEntityAsync(new TableEntity(WaveRecipient.Partition("wave-old"), WaveStore.ProgressRow) { ["ActivityId"] = "act-1" });
        await waves.UpsertEntityAsync(new TableEntity(WaveStore.WavesPartition, "wave-new") { ["CreatedUtc"] = recent });
        await waves.UpsertEntityAsync(new TableEntity(WaveRecipient.Partition("wave-new"), WaveRecipient.Row("student-a")) { ["Answer"] = "1" });

        var job = app.Services.GetRequiredService<RetentionJob>();
        var results = await Task.WhenAll(job.RunOnceAsync(), job.RunOnceAsync());
        Assert.IsTrue(results.Count(r => r is not null) >= 1, "one of them ran");
        var again = await job.RunOnceAsync();
        Assert.IsNotNull(again, "the lease was released");
        Assert.AreEqual(0, again.SessionsDeleted + again.WorkshopRowsDeleted + again.OutboxRowsDeleted + again.RecordsDeleted + again.WavesDeleted, "a second run finds nothing left to purge");
        Assert.AreEqual(1, results.Where(r => r is not null).Sum(r => r!.WavesDeleted), "the old wave went once");

        var aggregates = app.Table(AnnualAggregates.Table);
        var year = (await aggregates.GetEntityAsync<TableEntity>(AnnualAggregates.Partition, "2024-2025")).Value;
        Assert.AreEqual(AnnualAggregates.Done, year.GetString("Phase"));
        Assert.AreEqual(3, year.GetInt32("Sessions"));
        Assert.AreEqual(2, year.GetInt32("Students"));
        Assert.AreEqual(2, year.GetInt32("Pairs"));
        Assert.AreEqual(2, year.GetInt32("Outcome_happened"));
        Assert.AreEqual(1, year.GetInt32("Outcome_absent"));
        Assert.AreEqual(2, year.GetInt32("Topic_financing"));
        Assert.AreEqual(2, year.GetInt32("Ratings"));
        Assert.AreEqual(6, year.GetInt32("RatingSum"));
        Assert.AreEqual(1, year.GetInt32("Workshops"));
        Assert.AreEqual(2, year.GetInt32("Registrations"));
        Assert.AreEqual(1, year.GetInt32("Present"));
        Assert.IsFalse((await aggregates.GetEntityIfExistsAsync<TableEntity>(AnnualAggregates.Partition, "2026-2027")).HasValue, "the current year is not reduced");

        var leftSessions = new List<string>();
        await foreach (var e in app.Table(SessionStore.Table).QueryAsync<TableEntity>())
        {
            leftSessions.Add(e.RowKey);
        }

        CollectionAssert.AreEquivalent(new[] { "new-1" }, leftSessions);
        var leftWorkshopRows = new List<string>();
        await foreach (var e in workshops.QueryAsync<TableEntity>())
        {
            leftWorkshopRows.Add(e.PartitionKey + "/" + e.RowKey);
        }

        CollectionAssert.AreEquivalent(new[] { "ws-old/meta", "ws-new/meta", "ws-new/reg:student-a" }, leftWorkshopRows);
        var oldMeta = (await workshops.GetEntityAsync<TableEntity>("ws-old", Workshop.MetaRow)).Value;
        Assert.AreEqual(2, oldMeta.GetInt32("Confirmed"), "the workshop keeps its count");
        Assert.IsNull(oldMeta.GetString("CreatedBy"));
        Assert.IsNull(oldMeta.GetString("HostMailbox"));

        var done = await DeliveryTestKit.RowsAsync(app, OutboxStore.DoneTable);
        CollectionAssert.AreEquivalent(new[] { "finished-lately" }, done.Select(r => r.Key).ToList());
        var audit = new List<string>();
        await foreach (var e in app.Table(PrivacyStore.Table).QueryAsync<TableEntity>(e => e.PartitionKey == "audit"))
        {
            audit.Add(e.GetString("SubjectHash"));
        }

        CollectionAssert.AreEquivalent(new[] { "hash-new" }, audit);
        var leftWaveRows = new List<string>();
        await foreach (var e in waves.QueryAsync<TableEntity>())
        {
            leftWaveRows.Add(e.PartitionKey + "/" + e.RowKey);
        }

        CollectionAssert.AreEquivalent(new[] { WaveStore.WavesPartition + "/wave-new", WaveRecipient.Partition("wave-new") + "/" + WaveRecipient.Row("student-a") }, leftWaveRows, "an old wave goes with its answers and progress row; this year's stays");

        // A year later the next school year goes the same way; the first one's counts stay as they were.
        clock.Now = Now.AddYears(1);
        await job.RunOnceAsync();
        Assert.AreEqual(1, (await aggregates.GetEntityAsync<TableEntity>(AnnualAggregates.Partition, "2026-2027")).Value.GetInt32("Sessions"));
        Assert.AreEqual(3, (await aggregates.GetEntityAsync<TableEntity>(AnnualAggregates.Partition, "2024-2025")).Value.GetInt32("Sessions"));
    }

    private static TutoringSession Session(string student, string id, string tutor, DateTimeOffset start, string outcome, int? rating, string? topics) => new()
    {
        PartitionKey = student,
        RowKey = id,
        TutorId = tutor,
        StartUtc = start,
        DurationMinutes = 60,
        Status = SessionStatus.Confirmed,
        CreatedUtc = start.AddDays(-3),
        Outcome = outcome,
        LoggedTopics = topics,
        Rating = rating,
        RatingComment = rating is null ? null : "a comment",
    };

    private static OutboxRow Done(string key, DateTimeOffset finished)
    {
        var row = OutboxRow.Create("test.send", key, finished.AddMinutes(-1), "tenant", "someone");
        row.Outcome = DeliveryStates.Sent;
        row.FinishedUtc = finished;
        return row;
    }
}

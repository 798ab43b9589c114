using Microsoft.Extensions.DependencyInjection;
using TutorBot.Delivery;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Delivery.DeliveryTestKit;

namespace TutorBot.Tests.Delivery;

/// <summary>What the outbox keeps: one row per thing to do, pending rows only where due rows are read, finished rows for a while.</summary>
[TestClass]
[DoNotParallelize]
public sealed class OutboxStoreTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 10, 9, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public async Task PlanningTheSameThingAgainIsAnUpsertNotASecondRow()
    {
        var clock = new SettableClock(Start);
        await using var s = await StandIns.StartAsync(Settings(), x =>
        {
            x.AddSingleton<TimeProvider>(clock);
            AddTestHandlers(x);
        });
        var store = Store(s.App);

        // The hour-before reminder of a session, keyed by what it is: planned when confirmed, again when answered.
        var due = Start + TimeSpan.FromDays(1);
        var first = OutboxRow.Create(TestKinds.Send, "session/42/hourBefore/student", due, "t", "29:student", """{"v":1}""");
        var again = OutboxRow.Create(TestKinds.Send, "session/42/hourBefore/student", due, "t", "29:student", """{"v":2}""");
        await store.PlanAsync(first);
        await store.PlanAsync(again);
        await store.PlanAsync([OutboxRow.Create(TestKinds.Send, "session/42/hourBefore/student", due, "t", "29:student", """{"v":3}""")]);

        var rows = await RowsAsync(s.App, OutboxStore.Table, "session/42/hourBefore/student");
        Assert.HasCount(1, rows);
        Assert.AreEqual("""{"v":3}""", rows[0].Payload);
        Assert.AreEqual(0, rows[0].Attempts);
    }

    [TestMethod]
    public async Task ABusyMinuteIsSpreadOverSeveralPartitionsAndOnlyDueMinutesAreRead()
    {
        var clock = new SettableClock(Start);
        await using var s = await StandIns.StartAsync(Settings(new() { ["Delivery:Enabled"] = "false" }), x => x.AddSingleton<TimeProvider>(clock));
        var store = Store(s.App);

        await store.PlanAsync(Enumerable.Range(0, 64).Select(i => OutboxRow.Create(TestKinds.Send, "busy/" + i, Start, "t", "29:" + i)));
        await store.PlanAsync(OutboxRow.Create(TestKinds.Send, "tomorrow", Start + TimeSpan.FromDays(1), "t", "29:x"));

        var pending = await RowsAsync(s.App, OutboxStore.Table);
        var partitions = pending.Where(r => r.Key.StartsWith("busy/", StringComparison.Ordinal)).Select(r => r.PartitionKey).Distinct().ToList();
        Assert.IsGreaterThan(4, partitions.Count, $"one minute over {partitions.Count} partitions");
        Assert.IsTrue(partitions.All(p => p.StartsWith("202703100900-", StringComparison.Ordinal)), "partitions by due minute");
        var due = await store.DueAsync(Start + TimeSpan.FromSeconds(30), 1000);
        Assert.HasCount(64, due);
        Assert.IsFalse(due.Any(r => r.Key == "tomorrow"));
    }

    [TestMethod]
    public async Task FinishedRowsMoveToTheDoneTableAndArePurgedAfterRetention()
    {
        var clock = new SettableClock(Start);
        await using var s = await StandIns.StartAsync(Settings(), x =>
        {
            x.AddSingleton<TimeProvider>(clock);
            AddTestHandlers(x);
        });
        Trust(s.App, s.Connector);
        var store = Store(s.App);

        await store.PlanAsync(SendRow(s.Connector, "old", clock.Now, "t"));
        var old = await DoneAsync(s.App, "old");
        Assert.AreEqual("20270310", old.PartitionKey, "done rows by finish day");
        Assert.IsEmpty(await RowsAsync(s.App, OutboxStore.Table), "no finished row in the pending table");

        // Delivery:DoneRetention is two days in these tests; the worker purges once an hour.
        clock.Now = Start + TimeSpan.FromDays(3);
        await store.PlanAsync(SendRow(s.Connector, "recent", clock.Now, "t"));
        await DoneAsync(s.App, "recent");
        await WaitAsync(async () => (await RowsAsync(s.App, OutboxStore.DoneTable, "old")).Count == 0, "the old row was purged");

        Assert.HasCount(1, await RowsAsync(s.App, OutboxStore.DoneTable, "recent"), "a row within retention stays");
    }

    [TestMethod]
    public async Task TwoPurgesAtOnceBothEndAndLeaveNoOldRow()
    {
        var clock = new SettableClock(Start);
        await using var s = await StandIns.StartAsync(Settings(new() { ["Delivery:Enabled"] = "false" }), x => x.AddSingleton<TimeProvider>(clock));
        var done = s.App.Services.GetRequiredService<TutorBot.Storage.Tables>()[OutboxStore.DoneTable];
        var prefix = "purge-race-" + Guid.NewGuid().ToString("N")[..8] + "-";
        foreach (var chunk in Enumerable.Range(0, 250).Chunk(100))
        {
            await done.SubmitTransactionAsync(chunk.Select(i => new Azure.Data.Tables.TableTransactionAction(
                Azure.Data.Tables.TableTransactionActionType.Add, new Azure.Data.Tables.TableEntity("20270101", prefix + i.ToString("D3")))));
        }

        // Two instances purge the same old rows at the same moment: the batch that loses a row to the other goes on row by row.
        var store = Store(s.App);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => store.PurgeDoneAsync(Start - TimeSpan.FromDays(2)))));

        var left = new List<string>();
        await foreach (var e in done.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "20270101"))
        {
            if (e.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                left.Add(e.RowKey);
            }
        }

        Assert.IsEmpty(left);
    }
}

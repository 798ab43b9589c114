using Microsoft.Extensions.DependencyInjection;
using TutorBot.Delivery;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Delivery;

/// <summary>
/// A send that missed its slot (a slow storage write between the slot and the POST) takes the next one: late sends
/// bunch with on-time ones and draw 429s that stop every instance.
/// </summary>
[TestClass]
public sealed class SendSlotsTests
{
    [TestMethod]
    public async Task ASendStillOnItsSlotLeavesAtOnceAndOneThatMissedItWaitsForTheNext()
    {
        // One send a second: a missed slot costs a visible second.
        await using var s = await StandIns.StartAsync(new() { ["Delivery:Enabled"] = "false", ["Delivery:TenantRequestsPerSecond"] = "1" });
        var slots = s.App.Services.GetRequiredService<SendSlots>();
        var row = OutboxRow.Create("test.slot", "slot-1", DateTimeOffset.UtcNow, "tenant-slots", "29:slots", "{}");

        var first = await slots.TakeAsync(row, CancellationToken.None, chatWindow: false);
        var started = DateTimeOffset.UtcNow;
        await slots.OnTimeAsync(first, CancellationToken.None);
        Assert.IsLessThan(TimeSpan.FromMilliseconds(500), DateTimeOffset.UtcNow - started, "on time: no second slot");

        var second = await slots.TakeAsync(row, CancellationToken.None, chatWindow: false);
        await Task.Delay(SendSlots.LateBy * 3);
        started = DateTimeOffset.UtcNow;
        await slots.OnTimeAsync(second, CancellationToken.None);
        Assert.IsGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(800), DateTimeOffset.UtcNow - started, "late: it waited for the next slot, a second later");
    }
}

using TutorBot.Delivery;

namespace TutorBot.Tests.Infrastructure;

/// <summary>Waiting for the app's own outbox worker, which runs what a click planned for now a moment after the click answered.</summary>
public static class OutboxWaits
{
    /// <summary>Returns once no pending outbox row is due at <paramref name="now"/> (default: real now); fails after <paramref name="timeout"/>.</summary>
    public static async Task OutboxDrainedAsync(this BotApplication app, DateTimeOffset? now = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var at = now ?? DateTimeOffset.UtcNow;
            var due = false;
            await foreach (var _ in app.Table(OutboxStore.Table).QueryAsync<OutboxRow>(r => r.DueUtc <= at, maxPerPage: 1, select: ["PartitionKey"]))
            {
                due = true;
                break;
            }

            if (!due)
            {
                return;
            }

            Assert.IsLessThan(0, DateTime.UtcNow.CompareTo(deadline), "the outbox worker never ran the rows due now");
            await Task.Delay(50);
        }
    }
}

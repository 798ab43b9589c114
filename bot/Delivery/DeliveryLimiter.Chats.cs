using Azure.Data.Tables;

namespace TutorBot.Delivery;

/// <summary>The per-conversation half of the limiter: one shared window row per chat (its sends of the last 30 s).</summary>
public sealed partial class DeliveryLimiter
{
    private static bool HasRoom(List<DateTimeOffset> sends, DateTimeOffset now) =>
        sends.Count < PerConversationPer30Seconds && sends.Count(t => t > now - TimeSpan.FromSeconds(1)) < PerConversationPerSecond;

    /// <summary>The chat's window (with its ETag) once it has room for one more send now.</summary>
    private async Task<ConversationRow> WaitForRoomAsync(string key, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = Now();
            var row = await GetConversationAsync(key, cancellationToken) ?? new ConversationRow { PartitionKey = key, RowKey = ConversationRow.Window };
            var sends = ConversationRow.Recent(row.Sends, now);
            if (HasRoom(sends, now))
            {
                return row;
            }

            var wait = sends.Count >= PerConversationPer30Seconds
                ? sends[0] + TimeSpan.FromSeconds(30) - now
                : sends.Where(t => t > now - TimeSpan.FromSeconds(1)).Min() + TimeSpan.FromSeconds(1) - now;
            await Task.Delay(Min(Max(wait, TimeSpan.FromMilliseconds(1)), PollThrottle * 5), clock, cancellationToken);
        }
    }

    private async Task<ConversationRow?> GetConversationAsync(string partition, CancellationToken cancellationToken)
    {
        var response = await tables[Table].GetEntityIfExistsAsync<ConversationRow>(partition, ConversationRow.Window, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }
}

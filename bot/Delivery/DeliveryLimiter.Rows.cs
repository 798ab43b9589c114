using Azure;
using Azure.Data.Tables;

namespace TutorBot.Delivery;

/// <summary>The limiter's shared rows in <see cref="Table"/>: one per tenant, one per conversation.</summary>
public sealed partial class DeliveryLimiter
{
    /// <summary>Deletes the conversation windows nobody sent to since <paramref name="cutoff"/> (they only matter for 30 s); returns how many.</summary>
    public async Task<int> PurgeIdleConversationsAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {"c-"} and PartitionKey lt {"c."} and Timestamp lt {cutoff}");
        var count = 0;
        await foreach (var row in tables[Table].QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            try
            {
                await tables[Table].DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                count++;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Sent to again meanwhile, or purged by another instance.
            }
        }

        return count;
    }

    /// <summary>One tenant's shared budget: partition = tenant id, one row.</summary>
    public sealed class LimitRow : ITableEntity
    {
        public const string Budget = "budget";

        public string PartitionKey { get; set; } = "";

        public string RowKey { get; set; } = "";

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        /// <summary>The tenant's next free send slot, all instances together.</summary>
        public DateTimeOffset? Next { get; set; }

        public DateTimeOffset? ThrottledUntil { get; set; }
    }

    /// <summary>
    /// One conversation's sends of the last 30 s (Unix milliseconds, comma-separated, at most 60), shared by every
    /// instance. Partition = a hash of the conversation id: no id is stored, and no two chats share a partition.
    /// </summary>
    public sealed class ConversationRow : ITableEntity
    {
        public const string Window = "window";

        public string PartitionKey { get; set; } = "";

        public string RowKey { get; set; } = "";

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        public string? Sends { get; set; }

        public static string PartitionOf(string conversationId) =>
            "c-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(conversationId)))[..32];

        /// <summary>The sends of the last 30 s before <paramref name="now"/>, oldest first.</summary>
        public static List<DateTimeOffset> Recent(string? sends, DateTimeOffset now)
        {
            var recent = new List<DateTimeOffset>();
            foreach (var part in (sends ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (long.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ms)
                    && DateTimeOffset.FromUnixTimeMilliseconds(ms) is var t && t > now - TimeSpan.FromSeconds(30))
                {
                    recent.Add(t);
                }
            }

            recent.Sort();
            return recent;
        }

        public static string Write(IEnumerable<DateTimeOffset> sends) =>
            string.Join(',', sends.Select(t => t.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}

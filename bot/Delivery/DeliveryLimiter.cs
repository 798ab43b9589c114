using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TutorBot.Protocol.Connector;
using TutorBot.Storage;

namespace TutorBot.Delivery;

/// <summary>
/// Keeps every instance together under the Teams limits (PLATFORM.md §5). Per tenant, one shared row holds the
/// current second's count: an instance takes a slice of a few tokens at once with the row's ETag, so all
/// instances together never take more than the budget in a second. The same row holds <c>ThrottledUntil</c>: a
/// 429 anywhere sets it (Retry-After), and every instance waits it out before its next slice ("a 429 slows
/// everyone"). Per conversation (7 per second, 60 per 30 s) each instance counts its own sends: one recipient's
/// rows are few and rarely due in the same second, so this costs no storage read per send.
/// </summary>
public sealed partial class DeliveryLimiter(Tables tables, IOptions<DeliveryOptions> options, TimeProvider clock, ILogger<DeliveryLimiter> logger)
    : IConnectorThrottleObserver
{
    public const string Table = "DeliveryLimits";
    public const int PerConversationPerSecond = 7;
    public const int PerConversationPer30Seconds = 60;

    /// <summary>Tokens taken from the shared row at once: fewer storage writes, at most this many unused at a second's end.</summary>
    private const int Slice = 5;
    private static readonly TimeSpan PollThrottle = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<string, TenantBudget> _tenants = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _conversations = new(StringComparer.Ordinal);

    /// <summary>Waits until this instance may send one activity to <paramref name="conversationId"/> in <paramref name="tenantId"/>.</summary>
    public async Task AcquireAsync(string? tenantId, string? conversationId, CancellationToken cancellationToken = default)
    {
        if (conversationId is not null)
        {
            await AcquireConversationAsync(conversationId, cancellationToken);
        }

        await AcquireTenantAsync(TenantKey(tenantId), cancellationToken);
    }

    /// <summary>A 429 somewhere: no instance sends to this tenant before <c>now + retryAfter</c>.</summary>
    public async Task ThrottledAsync(string? tenantId, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        var tenant = TenantKey(tenantId);
        var until = clock.GetUtcNow() + retryAfter;
        var budget = _tenants.GetOrAdd(tenant, _ => new TenantBudget());
        lock (budget)
        {
            budget.Left = 0;
            budget.ThrottledUntil = Max(budget.ThrottledUntil, until);
        }

        Log.Throttled(logger, tenant, retryAfter.TotalSeconds);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var row = await GetAsync(tenant, cancellationToken);
            if (row?.ThrottledUntil >= until)
            {
                return;
            }

            row ??= new LimitRow { PartitionKey = tenant, RowKey = LimitRow.Budget };
            row.ThrottledUntil = until;
            if (await TrySaveAsync(row, cancellationToken))
            {
                return;
            }
        }
    }

    private async Task AcquireTenantAsync(string tenant, CancellationToken cancellationToken)
    {
        var budget = _tenants.GetOrAdd(tenant, _ => new TenantBudget());
        await budget.Gate.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var now = clock.GetUtcNow();
                var second = now.ToUnixTimeSeconds();
                lock (budget)
                {
                    if (budget.ThrottledUntil <= now && budget.Second == second && budget.Left > 0)
                    {
                        budget.Left--;
                        return;
                    }
                }

                if (budget.ThrottledUntil > now)
                {
                    await Task.Delay(Min(budget.ThrottledUntil - now, PollThrottle), clock, cancellationToken);
                    continue;
                }

                var (granted, throttledUntil) = await TakeSliceAsync(tenant, now, second, cancellationToken);
                lock (budget)
                {
                    budget.ThrottledUntil = Max(budget.ThrottledUntil, throttledUntil ?? DateTimeOffset.MinValue);
                    if (granted > 0 && budget.ThrottledUntil <= now)
                    {
                        budget.Second = second;
                        budget.Left = granted - 1;
                        return;
                    }
                }

                if (granted == 0 && budget.ThrottledUntil <= now)
                {
                    // This second's budget is spent by all instances together: wait for the next one.
                    var next = DateTimeOffset.FromUnixTimeSeconds(second + 1);
                    await Task.Delay(Min(next - now + TimeSpan.FromMilliseconds(2), PollThrottle * 5), clock, cancellationToken);
                }
            }
        }
        finally
        {
            budget.Gate.Release();
        }
    }

    /// <summary>Takes up to <see cref="Slice"/> tokens of <paramref name="second"/> from the shared row.</summary>
    private async Task<(int Granted, DateTimeOffset? ThrottledUntil)> TakeSliceAsync(string tenant, DateTimeOffset now, long second, CancellationToken cancellationToken)
    {
        var limit = options.Value.TenantRequestsPerSecond;
        while (true)
        {
            var row = await GetAsync(tenant, cancellationToken) ?? new LimitRow { PartitionKey = tenant, RowKey = LimitRow.Budget };
            if (row.ThrottledUntil > now)
            {
                return (0, row.ThrottledUntil);
            }

            var used = row.Second == second ? row.Count : row.Second > second ? limit : 0;
            var take = Math.Min(Slice, limit - used);
            if (take <= 0)
            {
                return (0, row.ThrottledUntil);
            }

            row.Second = second;
            row.Count = used + take;
            if (await TrySaveAsync(row, cancellationToken))
            {
                return (take, row.ThrottledUntil);
            }
        }
    }

    private async Task AcquireConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        var sent = _conversations.GetOrAdd(conversationId, _ => new Queue<DateTimeOffset>());
        while (true)
        {
            TimeSpan wait;
            lock (sent)
            {
                var now = clock.GetUtcNow();
                while (sent.TryPeek(out var oldest) && oldest <= now - TimeSpan.FromSeconds(30))
                {
                    sent.Dequeue();
                }

                var lastSecond = sent.Count(t => t > now - TimeSpan.FromSeconds(1));
                if (sent.Count < PerConversationPer30Seconds && lastSecond < PerConversationPerSecond)
                {
                    sent.Enqueue(now);
                    return;
                }

                wait = sent.Count >= PerConversationPer30Seconds
                    ? sent.Peek() + TimeSpan.FromSeconds(30) - now
                    : sent.Where(t => t > now - TimeSpan.FromSeconds(1)).Min() + TimeSpan.FromSeconds(1) - now;
            }

            await Task.Delay(Min(Max(wait, TimeSpan.FromMilliseconds(1)), PollThrottle * 5), clock, cancellationToken);
        }
    }

    private async Task<LimitRow?> GetAsync(string tenant, CancellationToken cancellationToken)
    {
        var response = await tables[Table].GetEntityIfExistsAsync<LimitRow>(tenant, LimitRow.Budget, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private async Task<bool> TrySaveAsync(LimitRow row, CancellationToken cancellationToken)
    {
        try
        {
            if (row.ETag == default)
            {
                await tables[Table].AddEntityAsync(row, cancellationToken);
            }
            else
            {
                await tables[Table].UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }

    private static string TenantKey(string? tenantId) => string.IsNullOrEmpty(tenantId) ? "none" : tenantId;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class TenantBudget
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public long Second { get; set; }

        public int Left { get; set; }

        public DateTimeOffset ThrottledUntil { get; set; } = DateTimeOffset.MinValue;
    }

    /// <summary>One tenant's shared budget: partition = tenant id, one row.</summary>
    public sealed class LimitRow : ITableEntity
    {
        public const string Budget = "budget";

        public string PartitionKey { get; set; } = "";

        public string RowKey { get; set; } = "";

        public DateTimeOffset? Timestamp { get; set; }

        public ETag ETag { get; set; }

        /// <summary>The Unix second <see cref="Count"/> counts.</summary>
        public long Second { get; set; }

        public int Count { get; set; }

        public DateTimeOffset? ThrottledUntil { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8010, Level = LogLevel.Warning, Message = "Connector throttled tenant {TenantId}: every instance waits {Seconds} s")]
        public static partial void Throttled(ILogger logger, string tenantId, double seconds);
    }
}

using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using TutorBot.Protocol.Connector;
using TutorBot.Storage;

namespace TutorBot.Delivery;

/// <summary>
/// Keeps every instance together under the Teams limits (PLATFORM.md §5). Per tenant, one shared row holds the
/// tenant's send schedule (the next free slot, slots a budget's fraction of a second apart): an instance reserves a
/// few consecutive slots at once with the row's ETag and sends each at its time, so all instances together never
/// send more than the budget in any second, wherever the second starts. The same row holds <c>ThrottledUntil</c>: a
/// 429 anywhere sets it (Retry-After), and every instance waits it out before its next slice ("a 429 slows
/// everyone"). Per conversation (7 per second, 60 per 30 s) one shared row per conversation holds the times of its
/// sends of the last 30 s, taken with its ETag, so two instances sending to one chat count together.
/// Time is the limiter's own: a monotonic count from the clock's timestamp (<see cref="Now"/>), so a frozen test
/// clock does not stop it, and a clock set forward (a test's, or the wall clock after drift) moves it forward.
/// </summary>
public sealed partial class DeliveryLimiter(Tables tables, IOptions<DeliveryOptions> options, TimeProvider clock, ILogger<DeliveryLimiter> logger)
    : IConnectorThrottleObserver
{
    public const string Table = "DeliveryLimits";
    public const int PerConversationPerSecond = 7;
    public const int PerConversationPer30Seconds = 60;

    /// <summary>Slots reserved from the shared row at once: fewer storage writes, at most this many wasted on a 429.</summary>
    private const int Slice = 5;

    /// <summary>How far ahead of now an instance may reserve slots of the shared schedule.</summary>
    private static readonly TimeSpan Lookahead = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PollThrottle = TimeSpan.FromMilliseconds(100);

    /// <summary>The wall clock may pull the limiter's time forward by more than this (never back).</summary>
    private static readonly TimeSpan Resync = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<string, TenantBudget> _tenants = new(StringComparer.Ordinal);
    private readonly long _started = clock.GetTimestamp();
    private readonly Lock _anchorLock = new();
    private DateTimeOffset _anchor = clock.GetUtcNow();

    /// <summary>
    /// The limiter's time: where the clock stood at start plus the monotonic time elapsed since (Stopwatch ticks via
    /// <see cref="TimeProvider.GetTimestamp"/>); a clock found ahead of it moves it forward, so it never goes back.
    /// </summary>
    public DateTimeOffset Now()
    {
        var wall = clock.GetUtcNow();
        lock (_anchorLock)
        {
            var monotonic = _anchor + clock.GetElapsedTime(_started);
            if (wall - monotonic > Resync)
            {
                _anchor += wall - monotonic;
                return wall;
            }

            return monotonic;
        }
    }

    /// <summary>Waits until this instance may send one activity to <paramref name="conversationId"/> in <paramref name="tenantId"/>.</summary>
    /// <remarks>
    /// The chat's window is checked first (waiting while it is full), then the tenant's slot is taken, and only then is
    /// the send written into the chat's window, under its ETag: the time it holds is the send's, not one taken before
    /// a wait in the tenant's queue (sends recorded early would leave bunched in one second). Should another instance
    /// have written the window meanwhile, it is checked again (that tenant slot is lost: rare, and only costs time).
    /// </remarks>
    public async Task<DateTimeOffset> AcquireAsync(string? tenantId, string? conversationId, CancellationToken cancellationToken = default)
    {
        if (conversationId is null)
        {
            return await AcquireTenantAsync(TenantKey(tenantId), cancellationToken);
        }

        var key = ConversationRow.PartitionOf(conversationId);
        while (true)
        {
            var row = await WaitForRoomAsync(key, cancellationToken);
            var slot = await AcquireTenantAsync(TenantKey(tenantId), cancellationToken);
            var now = Now();
            var sends = ConversationRow.Recent(row.Sends, now);
            if (HasRoom(sends, now))
            {
                sends.Add(now);
                row.Sends = ConversationRow.Write(sends);
                if (await TrySaveAsync(row, cancellationToken))
                {
                    return slot;
                }
            }
        }
    }

    /// <summary>A retried try (after a 429 or 503) takes the tenant's next slot like any send.</summary>
    public Task RetryingAsync(string? tenantId, CancellationToken cancellationToken = default) => AcquireTenantAsync(TenantKey(tenantId), cancellationToken);

    /// <summary>The tenant's next slot only (no chat window): for a send that missed the time of the one it had.</summary>
    public Task<DateTimeOffset> AcquireTenantSlotAsync(string? tenantId, CancellationToken cancellationToken = default) => AcquireTenantAsync(TenantKey(tenantId), cancellationToken);

    /// <summary>A 429 somewhere: no instance sends to this tenant before <c>now + retryAfter</c>.</summary>
    public async Task ThrottledAsync(string? tenantId, TimeSpan retryAfter, CancellationToken cancellationToken = default)
    {
        var tenant = TenantKey(tenantId);
        var until = Now() + retryAfter;
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

    /// <summary>Waits for the tenant's next slot; returns its time (the limiter's <see cref="Now"/>).</summary>
    private async Task<DateTimeOffset> AcquireTenantAsync(string tenant, CancellationToken cancellationToken)
    {
        var budget = _tenants.GetOrAdd(tenant, _ => new TenantBudget());
        var interval = Interval;
        await budget.Gate.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var now = Now();
                DateTimeOffset? release = null;
                lock (budget)
                {
                    if (budget.Left > 0 && budget.Next < now - interval)
                    {
                        // Tokens left unused past their time (this instance went idle): sent now they would bunch
                        // with the ones other instances send on schedule, so they are dropped.
                        budget.Left = 0;
                    }

                    if (budget.ThrottledUntil <= now && budget.Left > 0)
                    {
                        release = budget.Next;
                        budget.Next += interval;
                        budget.Left--;
                    }
                }

                if (release is { } at)
                {
                    if (at > now)
                    {
                        await Task.Delay(at - now, clock, cancellationToken);
                    }

                    if (budget.ThrottledUntil <= Now())
                    {
                        return at;
                    }

                    continue; // a 429 came while this token waited for its time: it is not used
                }

                if (budget.ThrottledUntil > now)
                {
                    await Task.Delay(Min(budget.ThrottledUntil - now, PollThrottle), clock, cancellationToken);
                    continue;
                }

                var (granted, start, throttledUntil) = await TakeSliceAsync(tenant, now, interval, cancellationToken);
                lock (budget)
                {
                    budget.ThrottledUntil = Max(budget.ThrottledUntil, throttledUntil ?? DateTimeOffset.MinValue);
                    if (granted > 0)
                    {
                        budget.Next = start;
                        budget.Left = granted;
                        continue;
                    }
                }

                if (budget.ThrottledUntil <= now)
                {
                    // The shared schedule is booked further ahead than this instance may reserve: wait a little.
                    await Task.Delay(Min(Max(start - now - Lookahead, TimeSpan.FromMilliseconds(1)), PollThrottle), clock, cancellationToken);
                }
            }
        }
        finally
        {
            budget.Gate.Release();
        }
    }

    /// <summary>
    /// The gap between two sends of one tenant, all instances together: a second shared out evenly, plus a
    /// millisecond so the sends' trip across the network does not put two of them into one slot.
    /// </summary>
    private TimeSpan Interval => TimeSpan.FromSeconds(1.0 / options.Value.TenantRequestsPerSecond) + TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Reserves up to <see cref="Slice"/> consecutive slots of the tenant's shared schedule (the row's <c>Next</c>:
    /// the first free slot, never before now), so that in any second, wherever it starts, no more than the budget
    /// goes out (a count per clock second lets twice the budget through across a second's edge). Nothing is reserved
    /// more than <see cref="Lookahead"/> ahead: another instance's 429 or death wastes little.
    /// </summary>
    private async Task<(int Granted, DateTimeOffset Start, DateTimeOffset? ThrottledUntil)> TakeSliceAsync(string tenant, DateTimeOffset now, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (true)
        {
            var row = await GetAsync(tenant, cancellationToken) ?? new LimitRow { PartitionKey = tenant, RowKey = LimitRow.Budget };
            if (row.ThrottledUntil > now)
            {
                return (0, now, row.ThrottledUntil);
            }

            var start = row.Next is { } next && next > now ? next : now;
            if (start - now > Lookahead)
            {
                return (0, start, row.ThrottledUntil);
            }

            row.Next = start + (interval * Slice);
            if (await TrySaveAsync(row, cancellationToken))
            {
                return (Slice, start, row.ThrottledUntil);
            }
        }
    }

    private async Task<LimitRow?> GetAsync(string tenant, CancellationToken cancellationToken)
    {
        var response = await tables[Table].GetEntityIfExistsAsync<LimitRow>(tenant, LimitRow.Budget, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private async Task<bool> TrySaveAsync(ITableEntity row, CancellationToken cancellationToken)
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

        /// <summary>The time of this instance's next reserved slot.</summary>
        public DateTimeOffset Next { get; set; }

        public int Left { get; set; }

        public DateTimeOffset ThrottledUntil { get; set; } = DateTimeOffset.MinValue;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8010, Level = LogLevel.Warning, Message = "Connector throttled tenant {TenantId}: every instance waits {Seconds} s")]
        public static partial void Throttled(ILogger logger, string tenantId, double seconds);
    }
}

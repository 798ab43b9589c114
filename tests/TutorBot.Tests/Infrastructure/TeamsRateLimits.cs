namespace TutorBot.Tests.Infrastructure;

/// <summary>
/// The Teams connector's documented send limits (PLATFORM.md §5) as the scale stand-in enforces them: per app per
/// tenant a number of sends per second (configurable: the docs say 50 or 30), and per thread 7 per 1 s, 8 per 2 s,
/// 60 per 30 s and 1800 per hour. Every window slides (a send counts for exactly its window's length after it was
/// admitted), which is the strict reading: a client that counts whole clock seconds can burst twice its budget
/// across a second's edge and must be refused. A refused call is not counted (it was not sent). Pure: time is
/// passed in, so the rules are tested without a clock or HTTP.
/// </summary>
public sealed class TeamsRateLimits(int tenantPerSecond = TeamsRateLimits.DefaultTenantPerSecond)
{
    public const int DefaultTenantPerSecond = 30;

    /// <summary>Per bot per thread, send to / create conversation (PLATFORM.md §5 table).</summary>
    public static readonly IReadOnlyList<Window> PerThread =
    [
        new(7, TimeSpan.FromSeconds(1)),
        new(8, TimeSpan.FromSeconds(2)),
        new(60, TimeSpan.FromSeconds(30)),
        new(1800, TimeSpan.FromHours(1)),
    ];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<DateTimeOffset>> _tenants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DateTimeOffset>> _threads = new(StringComparer.Ordinal);

    public int TenantPerSecond { get; } = tenantPerSecond > 0 ? tenantPerSecond : throw new ArgumentOutOfRangeException(nameof(tenantPerSecond));

    /// <summary>
    /// Admits one send to <paramref name="thread"/> (null: a call that belongs to no thread yet, e.g. creating a
    /// conversation) in <paramref name="tenant"/> at <paramref name="now"/>, and counts it; or refuses it with the time
    /// after which the tightest window it broke admits it again.
    /// </summary>
    public Admission TryAdmit(string tenant, string? thread, DateTimeOffset now)
    {
        lock (_lock)
        {
            return Admit(tenant, thread, now);
        }
    }

    /// <summary>The same, reading the clock under the lock, so concurrent calls are counted in the order of their times.</summary>
    public Admission TryAdmit(string tenant, string? thread, TimeProvider clock)
    {
        lock (_lock)
        {
            return Admit(tenant, thread, clock.GetUtcNow());
        }
    }

    private Admission Admit(string tenant, string? thread, DateTimeOffset now)
    {
        var tenantSends = Sends(_tenants, tenant, now, TimeSpan.FromSeconds(1));
        var threadSends = thread is null ? null : Sends(_threads, thread, now, PerThread[^1].Length);
        var wait = TimeSpan.Zero;
        string? broken = null;
        Check(tenantSends, new Window(TenantPerSecond, TimeSpan.FromSeconds(1)), "tenant", now, ref wait, ref broken);
        if (threadSends is not null)
        {
            foreach (var window in PerThread)
            {
                Check(threadSends, window, "thread", now, ref wait, ref broken);
            }
        }

        if (broken is not null)
        {
            return new Admission(false, wait, broken);
        }

        tenantSends.Add(now);
        threadSends?.Add(now);
        return new Admission(true, TimeSpan.Zero, null);
    }

    /// <summary>Retry-After as the header carries it: whole seconds, rounded up, at least one.</summary>
    public static int RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    private static List<DateTimeOffset> Sends(Dictionary<string, List<DateTimeOffset>> all, string key, DateTimeOffset now, TimeSpan keep)
    {
        if (!all.TryGetValue(key, out var sends))
        {
            all[key] = sends = [];
        }

        // Admitted in order of arrival under the lock: the list is sorted, the expired ones are at its head.
        var expired = 0;
        while (expired < sends.Count && sends[expired] <= now - keep)
        {
            expired++;
        }

        sends.RemoveRange(0, expired);
        return sends;
    }

    private static void Check(List<DateTimeOffset> sends, Window window, string name, DateTimeOffset now, ref TimeSpan wait, ref string? broken)
    {
        var from = now - window.Length;
        var first = sends.FindIndex(t => t > from);
        var inWindow = first < 0 ? 0 : sends.Count - first;
        if (inWindow < window.Count)
        {
            return;
        }

        // It admits again once enough of the window's sends have aged out to leave room for one more.
        var until = sends[first + (inWindow - window.Count)] + window.Length - now;
        if (until > wait)
        {
            wait = until;
            broken = $"{name} {window.Count}/{window.Length.TotalSeconds:0}s";
        }
    }

    public sealed record Window(int Count, TimeSpan Length);

    /// <summary>Admitted, or refused with how long to wait and which limit was broken (e.g. <c>thread 7/1s</c>).</summary>
    public readonly record struct Admission(bool Admitted, TimeSpan RetryAfter, string? Limit);
}

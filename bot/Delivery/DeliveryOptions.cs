using System.ComponentModel.DataAnnotations;

namespace TutorBot.Delivery;

/// <summary>Section <c>Delivery</c>: how the outbox worker reads, claims, retries and keeps rows, and the send budget.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Whether this instance runs the worker (a test that drives rows by hand turns it off).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the worker waits after a batch that was not full.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a claimed row belongs to its instance; after that a stopped instance's row is taken over.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Due rows read per batch.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>Rows run at once per instance.</summary>
    [Range(1, 64)]
    public int Parallelism { get; set; } = 8;

    /// <summary>Tries per row; the last <c>Later</c> ends <c>Never</c>, on the poison list.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The first retry's delay, doubled each try (with jitter) up to <see cref="MaxRetryDelay"/>; a Retry-After wins.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long finished rows are kept in <c>OutboxDone</c> (the poison list reads them) before the purge.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan DoneRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Sends per second per tenant, all instances together (PLATFORM.md §5: 50 or 30 RPS, sources disagree; budget ≤ 30).</summary>
    [Range(1, 50)]
    public int TenantRequestsPerSecond { get; set; } = 30;
}

using System.ComponentModel.DataAnnotations;

namespace TutorBot.Features.Workshops;

/// <summary>Section <c>Workshops</c>: the fan-out worker's pace and patience.</summary>
public sealed class WorkshopOptions
{
    public const string Section = "Workshops";

    /// <summary>False stops the background loop (tests drive <see cref="FanOutWorker.RunOnceAsync"/> themselves).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>How long the worker sleeps when the queue is empty.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    [Range(1, 32)]
    public int BatchSize { get; set; } = 16;

    /// <summary>How long a received message stays hidden from other instances while it is handled.</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>When a send is throttled or the service fails after the connector's own retries, try again after this.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After this many receipts a message is recorded as failed and dropped.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;
}

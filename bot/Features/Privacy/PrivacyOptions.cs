namespace TutorBot.Features.Privacy;

/// <summary>Section <c>Privacy</c>: how long data lives, and the erasure and retention jobs.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>How long after its school year ends (31 August) a year's sessions, registrations and attendance are kept before being reduced to the annual aggregates.</summary>
    public TimeSpan SchoolYearRetention { get; set; } = TimeSpan.FromDays(365);

    /// <summary>How long the record of an export or erasure (who asked, when, the hashed person id) is kept.</summary>
    public TimeSpan RecordRetention { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>How often the retention job runs on each instance (a lease lets one of them work at a time).</summary>
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often unfinished erasures are looked for (after a restart, or another instance's crash).</summary>
    public TimeSpan ErasurePollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a job belongs to the instance running it; another takes it over after that.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Salt of the person-id hash in erasure records. Empty: a random salt made once and kept in storage.</summary>
    public string? HashSalt { get; set; }

    /// <summary>Whether this instance runs the retention job.</summary>
    public bool RetentionEnabled { get; set; } = true;
}

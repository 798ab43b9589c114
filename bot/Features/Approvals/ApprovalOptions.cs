namespace TutorBot.Features.Approvals;

/// <summary>The BAT workflow's limits and delays (section <c>Approvals</c>).</summary>
public sealed class ApprovalOptions
{
    public const string Section = "Approvals";

    /// <summary>Largest draft a request carries (HTML, PNG, JPEG or PDF).</summary>
    public int DraftMaxBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>An unanswered request is reminded to the partner's correspondent after this delay (if its period is still running).</summary>
    public TimeSpan ReminderDelay { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Longest period a request may name.</summary>
    public TimeSpan MaxPeriod { get; set; } = TimeSpan.FromDays(3 * 366);
}

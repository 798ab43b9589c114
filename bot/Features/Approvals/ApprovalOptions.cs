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

    /// <summary>How long the decision card's link to a PDF (or an image too large to preview) works; the reminder brings a new one.</summary>
    public TimeSpan DraftLinkLifetime { get; set; } = TimeSpan.FromDays(4);

    /// <summary>Longest image preview on the decision card, in characters of its data URI (the whole card must stay under 80 KB UTF-16).</summary>
    public int PreviewMaxChars { get; set; } = 24_000;
}

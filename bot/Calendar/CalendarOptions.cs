namespace TutorBot.Calendar;

/// <summary>Calendars (section <c>Calendar</c>): Microsoft Graph in Azure, storage-kept bookings and .ics locally.</summary>
public sealed class CalendarOptions : Hosting.IRetryBudget
{
    public const string Section = "Calendar";

    /// <summary><c>Graph</c> books in Microsoft 365 calendars; <c>Local</c> keeps bookings in storage only (no Graph credentials).</summary>
    public string Mode { get; set; } = "Local";

    /// <summary>Graph's base URL; a test points it at the local stand-in.</summary>
    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    public string Scope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary><c>UserAssignedMSI</c> (Azure) or <c>ClientSecret</c>; ignored when a TokenCredential is registered.</summary>
    public string Credential { get; set; } = "UserAssignedMSI";

    public string? ClientId { get; set; }

    public string? TenantId { get; set; }

    public string? ClientSecret { get; set; }

    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>The app's public address, for the signed .ics links (e.g. <c>https://app-x.azurewebsites.net</c>).</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:3978");

    /// <summary>How long an .ics link stays valid.</summary>
    public TimeSpan IcsLinkLifetime { get; set; } = TimeSpan.FromDays(30);
}

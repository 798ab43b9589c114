namespace TutorBot.Protocol.Auth;

/// <summary>Inbound authentication of <c>/api/messages</c> (section <c>Bot:Auth</c>).</summary>
public sealed class BotAuthOptions
{
    public const string Section = "Bot:Auth";

    /// <summary>The Bot Framework token issuer (Teams today).</summary>
    public string BotFrameworkIssuer { get; set; } = "https://api.botframework.com";

    public string BotFrameworkMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Entra authority; metadata is read from <c>{authority}/{tenant}/v2.0/.well-known/openid-configuration</c>.</summary>
    public string EntraAuthority { get; set; } = "https://login.microsoftonline.com";

    /// <summary>Tenants whose Entra tokens are accepted besides the bot's own (Agents-for-net defaults).</summary>
    public List<string> AllowedTenants { get; set; } =
    [
        "d6d49420-f39b-4df7-a1dc-d59a935871db",
        "f8cdef31-a31e-4b4a-93e4-5f571e91255a",
        "69e9b82d-4842-4902-8d1e-abc5b98a55e8",
    ];

    /// <summary>Metadata and keys are re-read at least this often (PLATFORM.md §2: ≤ 24 h).</summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>An unknown <c>kid</c> triggers a refresh at most this often, so forged kids cannot flood the issuer.</summary>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Credential-less mode for the Agents Playground, which sends no token. Loopback callers only,
    /// and the app refuses to start with it outside the Development environment.
    /// </summary>
    public bool AllowAnonymousLoopback { get; set; }
}

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

    /// <summary>
    /// App ids (<c>azp</c> in v2 Entra tokens, <c>appid</c> in v1) whose Entra tokens are accepted. Bot Framework
    /// tokens name no caller and are not concerned. Empty by default: the app id Azure Bot Service uses when it
    /// calls with an Entra token could not be confirmed from a source (README, "Which callers are accepted"),
    /// so no Entra caller is accepted until one is configured.
    /// </summary>
    public List<string> AllowedCallers { get; set; } = [];

    /// <summary>Metadata and keys are re-read at least this often (PLATFORM.md §2: ≤ 24 h).</summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// When the refresh fails, the last keys read stay in use this long after the refresh was due; after that,
    /// tokens are refused until the issuer answers. Keys are then never older than refresh interval + grace (36 h).
    /// </summary>
    public TimeSpan MetadataGracePeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>First pause after a failed metadata read; it doubles on each failure up to <see cref="MetadataRetryMaxDelay"/>.</summary>
    public TimeSpan MetadataRetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan MetadataRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>An unknown <c>kid</c> triggers a refresh at most this often, so forged kids cannot flood the issuer.</summary>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Credential-less mode for the Agents Playground, which sends no token. Loopback callers only,
    /// and the app refuses to start with it outside the Development environment.
    /// </summary>
    public bool AllowAnonymousLoopback { get; set; }
}

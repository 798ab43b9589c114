namespace TutorBot.Protocol.Connector;

/// <summary>How the bot authenticates to the Bot Connector, and where it may send (section <c>Bot:Connector</c>).</summary>
public sealed class ConnectorOptions : Hosting.IRetryBudget
{
    public const string Section = "Bot:Connector";

    /// <summary><c>None</c> (Agents Playground only), <c>ClientSecret</c>, <c>Certificate</c> or <c>UserAssignedMSI</c>.</summary>
    public string Credential { get; set; } = "None";

    public string? ClientId { get; set; }

    /// <summary>The token authority's tenant: the bot's tenant for single-tenant bots.</summary>
    public string? TenantId { get; set; }

    /// <summary>From a secret store or the environment, never from the repo.</summary>
    public string? ClientSecret { get; set; }

    public string? CertificatePath { get; set; }

    /// <summary>Entra authority host; a test may point it at a local token issuer.</summary>
    public Uri? AuthorityHost { get; set; }

    /// <summary>
    /// Skips Entra's instance discovery (a call to login.microsoftonline.com that checks <see cref="AuthorityHost"/> is
    /// a known cloud): only for an authority that is not Entra's, such as the test issuer on loopback. Off by default.
    /// </summary>
    public bool DisableInstanceDiscovery { get; set; }

    public string Scope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>serviceUrl prefixes the bot may call without having seen them in a validated activity.</summary>
    public List<string> AllowedServiceUrls { get; set; } = ["https://smba.trafficmanager.net/"];

    public int MaxRetries { get; set; } = 3;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

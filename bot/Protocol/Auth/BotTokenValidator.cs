using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TutorBot.Protocol.Schema;

namespace TutorBot.Protocol.Auth;

/// <summary>Who sent an inbound activity, once its token checked out.</summary>
public sealed record BotCaller(ClaimsIdentity? Identity, bool IsBotFramework, IReadOnlyCollection<string> Endorsements, bool IsAnonymous)
{
    public static readonly BotCaller Anonymous = new(null, false, [], true);

    public string? ServiceUrlClaim => Identity?.FindFirst("serviceurl")?.Value;
}

/// <summary>
/// Validates the bearer JWT of <c>/api/messages</c> exactly as PLATFORM.md §2 lists: signature against the
/// issuer's published keys, issuer, audience = the bot's app id, lifetime with 5 minutes' skew, RS256/384/512
/// only; then, once the body is read, the <c>serviceurl</c> claim and the key's channel endorsements.
/// </summary>
public sealed partial class BotTokenValidator(
    OpenIdMetadataCache metadata,
    IOptions<BotAuthOptions> authOptions,
    IOptions<BotOptions> botOptions,
    TimeProvider clock,
    ILogger<BotTokenValidator> logger)
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <summary>Checks the token alone; null means refuse with 401.</summary>
    public async Task<BotCaller?> ValidateTokenAsync(string? authorizationHeader, CancellationToken cancellationToken = default)
    {
        if (authorizationHeader is null || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            Log.Refused(logger, "missing or malformed Authorization header");
            return null;
        }

        var raw = authorizationHeader["Bearer ".Length..].Trim();
        if (!_handler.CanReadToken(raw))
        {
            Log.Refused(logger, "token is not a JWT");
            return null;
        }

        JsonWebToken unvalidated;
        try
        {
            unvalidated = _handler.ReadJsonWebToken(raw);
        }
        catch (ArgumentException)
        {
            Log.Refused(logger, "token cannot be read");
            return null;
        }

        var auth = authOptions.Value;
        var issuer = unvalidated.Issuer;
        string metadataUrl;
        string[] validIssuers;
        var isBotFramework = issuer == auth.BotFrameworkIssuer;
        if (isBotFramework)
        {
            metadataUrl = auth.BotFrameworkMetadataUrl;
            validIssuers = [auth.BotFrameworkIssuer];
        }
        else if (EntraTenantOf(issuer) is { } tenant && IsAllowedTenant(tenant))
        {
            metadataUrl = $"{auth.EntraAuthority.TrimEnd('/')}/{tenant}/v2.0/.well-known/openid-configuration";
            validIssuers = [$"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0"];
        }
        else
        {
            Log.Refused(logger, "unknown issuer");
            return null;
        }

        OpenIdConnectConfiguration configuration;
        try
        {
            configuration = await metadata.GetAsync(metadataUrl, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.MetadataUnavailable(logger, metadataUrl, ex);
            return null;
        }

        var result = await _handler.ValidateTokenAsync(raw, Parameters(configuration, validIssuers));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // Key rollover: the issuer may have published a key after the last read.
            var refreshed = await metadata.RefreshForUnknownKeyAsync(metadataUrl, cancellationToken);
            if (refreshed is not null)
            {
                configuration = refreshed;
                result = await _handler.ValidateTokenAsync(raw, Parameters(configuration, validIssuers));
            }
        }

        if (!result.IsValid)
        {
            Log.Refused(logger, result.Exception?.GetType().Name ?? "invalid token");
            return null;
        }

        var endorsements = isBotFramework ? EndorsementsOf(configuration, unvalidated.Kid) : [];
        return new BotCaller(result.ClaimsIdentity, isBotFramework, endorsements, false);
    }

    /// <summary>The checks that need the activity: the serviceUrl the token was issued for, and the channel endorsement.</summary>
    public bool MatchesActivity(BotCaller caller, Activity activity)
    {
        if (caller.IsAnonymous || !caller.IsBotFramework)
        {
            return true;
        }

        if (!string.Equals(caller.ServiceUrlClaim?.TrimEnd('/'), activity.ServiceUrl?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            Log.Refused(logger, "serviceurl claim differs from the activity's serviceUrl");
            return false;
        }

        if (activity.ChannelId is null || !caller.Endorsements.Contains(activity.ChannelId, StringComparer.OrdinalIgnoreCase))
        {
            Log.Refused(logger, "signing key is not endorsed for the activity's channel");
            return false;
        }

        return true;
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration configuration, string[] validIssuers) => new()
    {
        ValidIssuers = validIssuers,
        ValidAudience = botOptions.Value.AppId,
        IssuerSigningKeys = configuration.SigningKeys,
        ValidAlgorithms = Algorithms,
        ValidateIssuerSigningKey = true,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ClockSkew = authOptions.Value.ClockSkew,
        TryAllIssuerSigningKeys = false,
        LifetimeValidator = (notBefore, expires, _, p) =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            return (notBefore is null || notBefore.Value <= now + p.ClockSkew)
                && expires is not null && expires.Value >= now - p.ClockSkew;
        },
    };

    private bool IsAllowedTenant(string tenant) =>
        authOptions.Value.AllowedTenants.Contains(tenant, StringComparer.OrdinalIgnoreCase)
        || string.Equals(tenant, botOptions.Value.TenantId, StringComparison.OrdinalIgnoreCase);

    private static string? EntraTenantOf(string? issuer)
    {
        const string v1 = "https://sts.windows.net/";
        const string v2 = "https://login.microsoftonline.com/";
        if (issuer is null)
        {
            return null;
        }

        if (issuer.StartsWith(v1, StringComparison.Ordinal) && issuer.EndsWith('/'))
        {
            return issuer[v1.Length..^1];
        }

        if (issuer.StartsWith(v2, StringComparison.Ordinal) && issuer.EndsWith("/v2.0", StringComparison.Ordinal))
        {
            return issuer[v2.Length..^"/v2.0".Length];
        }

        return null;
    }

    private static IReadOnlyCollection<string> EndorsementsOf(OpenIdConnectConfiguration configuration, string? kid)
    {
        var key = configuration.JsonWebKeySet?.Keys.FirstOrDefault(k => k.Kid == kid);
        if (key is null || !key.AdditionalData.TryGetValue("endorsements", out var value))
        {
            return [];
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array => [.. array.EnumerateArray().Select(e => e.GetString() ?? "")],
            IEnumerable<object> items => [.. items.Select(i => i?.ToString() ?? "")],
            _ => [],
        };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Inbound activity refused: {Reason}")]
        public static partial void Refused(ILogger logger, string reason);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "OpenID metadata {MetadataUrl} could not be read")]
        public static partial void MetadataUnavailable(ILogger logger, string metadataUrl, Exception exception);
    }
}

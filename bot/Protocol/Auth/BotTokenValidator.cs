using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;

namespace TutorBot.Protocol.Auth;

/// <summary>Who sent an inbound activity, once its token checked out.</summary>
public sealed record BotCaller(ClaimsIdentity? Identity, bool IsBotFramework, IReadOnlyCollection<string> Endorsements, bool IsAnonymous)
{
    public static readonly BotCaller Anonymous = new(null, false, [], true);

    public string? ServiceUrlClaim => Identity?.FindFirst("serviceurl")?.Value;

    /// <summary>
    /// Whether the activity's serviceUrl may join the trusted ones: the local Playground's, or one the token itself
    /// names (checked equal by <see cref="BotTokenValidator.MatchesActivity"/>). An Entra token without the claim
    /// vouches for nothing: its caller chose the URL.
    /// </summary>
    public bool VouchesForServiceUrl => IsAnonymous || ServiceUrlClaim is not null;
}

/// <summary>
/// Validates the bearer JWT of <c>/api/messages</c> exactly as PLATFORM.md §2 lists: signature against the
/// issuer's published keys, issuer, audience = the bot's app id, lifetime with 5 minutes' skew, RS256/384/512
/// only; then, once the body is read, the <c>serviceurl</c> claim and the key's channel endorsements.
/// Entra tokens prove less (any app of an accepted tenant can get one for the bot's app id), so they must also
/// name an allowed caller (<c>azp</c>/<c>appid</c>) and a <c>tid</c> equal to the issuer's accepted tenant, and an
/// activity they carry may only use a serviceUrl the token names or the configured allow-list.
/// A token that passed is not checked again while nothing that made it valid changed (<see cref="ValidatedTokenCache"/>).
/// </summary>
public sealed partial class BotTokenValidator(
    OpenIdMetadataCache metadata,
    IOptions<BotAuthOptions> authOptions,
    IOptions<BotOptions> botOptions,
    ServiceUrlRegistry serviceUrls,
    TimeProvider clock,
    ILogger<BotTokenValidator> logger)
{
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ValidatedTokenCache _validated = new();

    /// <summary>Checks the token alone; null means refuse with 401.</summary>
    public async Task<BotCaller?> ValidateTokenAsync(string? authorizationHeader, CancellationToken cancellationToken = default)
    {
        if (authorizationHeader is null || !authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            Log.Refused(logger, "missing or malformed Authorization header");
            return null;
        }

        var raw = authorizationHeader["Bearer ".Length..].Trim();
        if (await _validated.FindAsync(raw, metadata, clock.GetUtcNow() - authOptions.Value.ClockSkew, cancellationToken) is { } known)
        {
            return known;
        }

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
        string? entraTenant = null;
        if (isBotFramework)
        {
            metadataUrl = auth.BotFrameworkMetadataUrl;
            validIssuers = [auth.BotFrameworkIssuer];
        }
        else if (EntraTenantOf(issuer) is { } tenant && IsAllowedTenant(tenant))
        {
            entraTenant = tenant;
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
        catch (MetadataUnavailableException)
        {
            Log.Refused(logger, "no usable signing keys: issuer metadata unavailable");
            return null;
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

        if (entraTenant is not null && !IsAcceptedEntraCaller(result.ClaimsIdentity, entraTenant, issuer!))
        {
            return null;
        }

        var endorsements = isBotFramework ? EndorsementsOf(configuration, unvalidated.Kid) : [];
        var caller = new BotCaller(result.ClaimsIdentity, isBotFramework, endorsements, false);
        var expires = new DateTimeOffset(DateTime.SpecifyKind(result.SecurityToken.ValidTo, DateTimeKind.Utc));
        _validated.Add(raw, new(caller, metadataUrl, configuration, expires), clock.GetUtcNow());
        return caller;
    }

    /// <summary>The checks that need the activity: the serviceUrl the token was issued for, and the channel endorsement.</summary>
    public bool MatchesActivity(BotCaller caller, Activity activity)
    {
        if (caller.IsAnonymous)
        {
            return true;
        }

        // Any issuer: a serviceurl claim names the only serviceUrl the token is good for. Bot Framework tokens always carry one.
        if ((caller.IsBotFramework || caller.ServiceUrlClaim is not null)
            && !string.Equals(caller.ServiceUrlClaim?.TrimEnd('/'), activity.ServiceUrl?.TrimEnd('/'), StringComparison.OrdinalIgnoreCase))
        {
            Log.Refused(logger, "serviceurl claim differs from the activity's serviceUrl");
            return false;
        }

        if (!caller.IsBotFramework)
        {
            // An Entra token without the claim: the caller chose the serviceUrl, so only the configured allow-list may be used.
            if (caller.ServiceUrlClaim is null && !serviceUrls.IsConfigured(activity.ServiceUrl!))
            {
                Log.Refused(logger, "Entra token without serviceurl claim for a serviceUrl not on Bot:Connector:AllowedServiceUrls");
                return false;
            }

            return true;
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

    /// <summary>An Entra token's <c>tid</c> is its issuer's (accepted) tenant and its caller is on <see cref="BotAuthOptions.AllowedCallers"/>.</summary>
    private bool IsAcceptedEntraCaller(ClaimsIdentity? identity, string issuerTenant, string issuer)
    {
        var tid = identity?.FindFirst("tid")?.Value;
        if (tid is null || !string.Equals(tid, issuerTenant, StringComparison.OrdinalIgnoreCase) || !IsAllowedTenant(tid))
        {
            Log.Refused(logger, "Entra token whose tid is not its issuer's accepted tenant");
            return false;
        }

        // v2 tokens name their caller in azp, v1 tokens (sts.windows.net) in appid.
        var callerClaim = issuer.StartsWith("https://sts.windows.net/", StringComparison.Ordinal) ? "appid" : "azp";
        var caller = identity?.FindFirst(callerClaim)?.Value;
        if (caller is null || !authOptions.Value.AllowedCallers.Contains(caller, StringComparer.OrdinalIgnoreCase))
        {
            Log.CallerNotAllowed(logger, caller ?? "(none)");
            return false;
        }

        return true;
    }

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

        // The caller's app id is an application's opaque id, logged so an operator can add Azure Bot Service's to Bot:Auth:AllowedCallers.
        [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Inbound activity refused: Entra token from caller app {CallerAppId}, which is not on Bot:Auth:AllowedCallers")]
        public static partial void CallerNotAllowed(ILogger logger, string callerAppId);
    }
}

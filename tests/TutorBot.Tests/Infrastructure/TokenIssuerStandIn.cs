using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TutorBot.Tests.Infrastructure;

/// <summary>
/// Stands in for the token issuers the bot depends on (Entra ID and the Bot Framework's login service), on
/// loopback: OpenID metadata and a JWKS whose keys carry channel endorsements, and the client-credentials
/// token endpoint, which refuses a wrong secret or scope as Entra does. It also publishes Entra's per-tenant
/// metadata and keys, mints Entra access tokens (v1 and v2) for inbound calls, and can be told to fail its
/// metadata reads (an issuer outage).
/// </summary>
public sealed partial class TokenIssuerStandIn : IAsyncDisposable
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string ConnectorAudience = "https://api.botframework.com";
    public const string GraphAudience = "https://graph.microsoft.com";
    public const string ClientId = "11111111-2222-3333-4444-555555555555";
    public const string ClientSecret = "stand-in-secret";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Key> _published = new();
    private int _metadataReads;
    private int _entraMetadataReads;
    private int _tokensIssued;

    /// <param name="tls">
    /// A certificate to serve HTTPS with: Azure.Identity's credentials only talk to an HTTPS authority, so a bot run as
    /// a child process (its production credential path) needs one (<see cref="LoopbackCertificate"/>).
    /// </param>
    public TokenIssuerStandIn(System.Security.Cryptography.X509Certificates.X509Certificate2? tls = null)
    {
        Endorsed = NewKey("endorsed-key", "msteams");
        NotEndorsed = NewKey("other-channel-key", "webchat");
        Rotated = NewKey("rotated-key", "msteams");
        Unpublished = NewKey("unpublished-key", "msteams");
        ConnectorKey = NewKey("connector-key");
        EntraKey = NewKey("entra-key");
        Publish(Endorsed);
        Publish(NotEndorsed);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (tls is not null)
            {
                listen.UseHttps(tls);
            }
        }));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/v1/.well-known/openidconfiguration", () =>
        {
            Interlocked.Increment(ref _metadataReads);
            if (MetadataStatus is { } failure)
            {
                return Results.StatusCode(failure);
            }

            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = BotFrameworkIssuer,
                ["jwks_uri"] = $"{BaseUrl}/v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
            });
        });
        _app.MapGet("/v1/.well-known/keys", () => MetadataStatus is { } failure
            ? Results.StatusCode(failure)
            : Results.Json(new { keys = _published.Values.Select(k => k.Jwk()).ToArray() }));
        _app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) =>
        {
            Interlocked.Increment(ref _entraMetadataReads);
            if (MetadataStatus is { } failure)
            {
                return Results.StatusCode(failure);
            }

            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = $"https://login.microsoftonline.com/{(tenant is "organizations" or "common" ? "{tenantid}" : tenant)}/v2.0",
                ["jwks_uri"] = $"{BaseUrl}/{tenant}/discovery/v2.0/keys",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            });
        });
        _app.MapGet("/{tenant}/discovery/v2.0/keys", () => MetadataStatus is { } failure
            ? Results.StatusCode(failure)
            : Results.Json(new { keys = new[] { EntraKey.Jwk(), EntraUserKey.Jwk() } }));
        _app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpRequest request, string tenant) =>
        {
            var form = await request.ReadFormAsync();
            if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            {
                return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            }

            var scope = form["scope"].ToString();
            if (scope != ConnectorAudience + "/.default" && scope != GraphAudience + "/.default")
            {
                return Results.Json(new { error = "invalid_scope" }, statusCode: 400);
            }

            Interlocked.Increment(ref _tokensIssued);
            // Entra stamps each token with a unique id (uti), so two tokens issued in the same second still differ.
            var token = Mint(ConnectorKey, issuer: $"https://login.microsoftonline.com/{tenant}/v2.0", audience: scope[..^"/.default".Length], new Dictionary<string, object> { ["uti"] = Guid.NewGuid().ToString("N") });
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, access_token = token });
        });
    }

    public Key Endorsed { get; }
    public Key NotEndorsed { get; }
    public Key Rotated { get; }
    public Key Unpublished { get; }
    public Key ConnectorKey { get; }

    /// <summary>The key Entra signs access tokens with (no channel endorsements: Entra has none).</summary>
    public Key EntraKey { get; }

    /// <summary>While set, every metadata and key read answers this status (an issuer outage).</summary>
    public int? MetadataStatus { get; set; }

    public int EntraMetadataReads => _entraMetadataReads;

    public string BaseUrl { get; private set; } = "";

    public string BotFrameworkMetadataUrl => $"{BaseUrl}/v1/.well-known/openidconfiguration";

    public int MetadataReads => _metadataReads;

    public int TokensIssued => _tokensIssued;

    public async Task StartAsync()
    {
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/');
    }

    public void Publish(Key key) => _published[key.Id] = key;

    /// <summary>Stops publishing a key (the end of a rollover): the next metadata read no longer lists it.</summary>
    public void Withdraw(Key key) => _published.TryRemove(key.Id, out _);

    /// <summary>A token as the Bot Framework signs it for an activity sent to the bot.</summary>
    public string BotFrameworkToken(string audience, string serviceUrl, Key? key = null, DateTimeOffset? notBefore = null, DateTimeOffset? expires = null, string issuer = BotFrameworkIssuer) =>
        Mint(key ?? Endorsed, issuer, audience, new Dictionary<string, object> { ["serviceurl"] = serviceUrl }, notBefore, expires);

    /// <summary>
    /// An Entra access token as a client-credentials call gets it: v2 names its caller in <c>azp</c> and its issuer is
    /// <c>login.microsoftonline.com/{tenant}/v2.0</c>; v1 names it in <c>appid</c>, issuer <c>sts.windows.net/{tenant}/</c>.
    /// </summary>
    public string EntraToken(string audience, string tenant, string callerAppId, bool v2 = true, string? serviceUrl = null, string? tid = null, DateTimeOffset? notBefore = null, DateTimeOffset? expires = null)
    {
        var claims = new Dictionary<string, object>
        {
            [v2 ? "azp" : "appid"] = callerAppId,
            ["tid"] = tid ?? tenant,
            ["ver"] = v2 ? "2.0" : "1.0",
            ["oid"] = Guid.NewGuid().ToString(),
        };
        if (serviceUrl is not null)
        {
            claims["serviceurl"] = serviceUrl;
        }

        var issuer = v2 ? $"https://login.microsoftonline.com/{tenant}/v2.0" : $"https://sts.windows.net/{tenant}/";
        return Mint(EntraKey, issuer, audience, claims, notBefore, expires);
    }

    public static string Mint(Key key, string issuer, string audience, IDictionary<string, object>? claims = null, DateTimeOffset? notBefore = null, DateTimeOffset? expires = null)
    {
        var now = DateTimeOffset.UtcNow;
        var nbf = notBefore ?? now.AddMinutes(-1);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            IssuedAt = nbf.UtcDateTime,
            NotBefore = nbf.UtcDateTime,
            Expires = (expires ?? now.AddHours(1)).UtcDateTime,
            SigningCredentials = new SigningCredentials(key.SecurityKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>An unsigned token (<c>alg: none</c>) with otherwise valid claims.</summary>
    public static string Unsigned(string audience, string serviceUrl, string kid)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "none", typ = "JWT", kid }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(Payload(audience, serviceUrl)));
        return $"{header}.{payload}.";
    }

    /// <summary>The classic key-confusion attack: HS256 with the issuer's public key as the HMAC secret.</summary>
    public static string HmacWithPublicKey(Key key, string audience, string serviceUrl)
    {
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT", kid = key.Id }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(Payload(audience, serviceUrl)));
        var secret = Encoding.UTF8.GetBytes(key.PublicPem);
        var signature = Base64Url(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes($"{header}.{payload}")));
        return $"{header}.{payload}.{signature}";
    }

    /// <summary>What the connector and Graph check: a bearer token this issuer signed for <paramref name="audience"/>.</summary>
    public async Task<bool> IsAppTokenAsync(HttpRequest request, string audience)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(header["Bearer ".Length..], new TokenValidationParameters
        {
            ValidAudience = audience,
            IssuerValidator = (issuer, _, _) => issuer.StartsWith("https://login.microsoftonline.com/", StringComparison.Ordinal) ? issuer : throw new SecurityTokenInvalidIssuerException(),
            IssuerSigningKey = ConnectorKey.SecurityKey,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        return result.IsValid;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static Dictionary<string, object> Payload(string audience, string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow;
        return new()
        {
            ["iss"] = BotFrameworkIssuer,
            ["aud"] = audience,
            ["serviceurl"] = serviceUrl,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        };
    }

    private static string Base64Url(byte[] bytes) => Base64UrlEncoder.Encode(bytes);

    private static Key NewKey(string id, params string[] endorsements) => new(id, RSA.Create(2048), endorsements);

    public sealed record Key(string Id, RSA Rsa, string[] Endorsements)
    {
        public RsaSecurityKey SecurityKey { get; } = new(Rsa) { KeyId = Id };

        public string PublicPem => Rsa.ExportSubjectPublicKeyInfoPem();

        public Dictionary<string, object> Jwk()
        {
            var p = Rsa.ExportParameters(false);
            return new()
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = Id,
                ["n"] = Base64UrlEncoder.Encode(p.Modulus!),
                ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
                ["endorsements"] = Endorsements,
            };
        }
    }
}

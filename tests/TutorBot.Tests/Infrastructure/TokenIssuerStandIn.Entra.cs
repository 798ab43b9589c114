using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TutorBot.Tests.Infrastructure;

/// <summary>Entra ID v2 for user tokens (the coordinator page's API): tenant-scoped OpenID metadata and its own keys.</summary>
public sealed partial class TokenIssuerStandIn
{
    /// <summary>Signs user access tokens; published only in the Entra key set, never the Bot Framework's.</summary>
    public Key EntraUserKey { get; } = NewKey("entra-user-key");

    /// <summary>An access token as Entra issues it to the coordinator page for the bot's API.</summary>
    public string UserToken(string tenantId, string objectId, string audience, string upn, string scope = "access_as_user", bool v1 = false, Key? key = null) =>
        Mint(
            key ?? EntraUserKey,
            v1 ? $"https://sts.windows.net/{tenantId}/" : $"https://login.microsoftonline.com/{tenantId}/v2.0",
            audience,
            new Dictionary<string, object>
            {
                ["tid"] = tenantId,
                ["oid"] = objectId,
                ["scp"] = scope,
                [v1 ? "upn" : "preferred_username"] = upn,
                ["ver"] = v1 ? "1.0" : "2.0",
            });

    private void MapEntraV2(WebApplication app)
    {
        app.MapGet("/{tenant}/v2.0/.well-known/openid-configuration", (string tenant) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = $"https://login.microsoftonline.com/{(tenant is "organizations" or "common" ? "{tenantid}" : tenant)}/v2.0",
            ["jwks_uri"] = $"{BaseUrl}/{tenant}/discovery/v2.0/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/{tenant}/discovery/v2.0/keys", (string tenant) => Results.Json(new { keys = new[] { EntraUserKey.Jwk() } }));
    }
}

using System.Net.Http.Json;
using Azure.Core;

namespace TutorBot.Tests.Infrastructure;

/// <summary>
/// Client-credentials token from the issuer stand-in. Azure.Identity's credentials insist on an HTTPS authority,
/// so the tests plug this one in; the production path uses Azure.Identity unchanged.
/// </summary>
public sealed class StandInCredential(string issuerBaseUrl, string tenantId, string secret = TokenIssuerStandIn.ClientSecret) : TokenCredential
{
    private static readonly HttpClient Http = new();

    public int Requests { get; private set; }

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Requests++;
        using var response = await Http.PostAsync($"{issuerBaseUrl}/{tenantId}/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = TokenIssuerStandIn.ClientId,
            ["client_secret"] = secret,
            ["scope"] = string.Join(' ', requestContext.Scopes),
        }), cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
        return new AccessToken(body!.access_token, DateTimeOffset.UtcNow.AddSeconds(body.expires_in));
    }

    private sealed record TokenResponse(string access_token, int expires_in);
}

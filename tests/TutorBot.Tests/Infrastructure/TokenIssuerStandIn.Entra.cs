namespace TutorBot.Tests.Infrastructure;

/// <summary>Entra ID user tokens (the coordinator page's API), signed with a key of the tenant-scoped Entra key set.</summary>
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
}

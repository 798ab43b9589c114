using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TutorBot.Features.Identity;

/// <summary>The outbox kinds of Teams identity linking.</summary>
public static class IdentityRows
{
    /// <summary>The connector's member lookup for someone the bot heard from but does not know yet, then the link and its card.</summary>
    public const string Lookup = "identity.lookup";

    /// <summary>
    /// The row's key: what it is, without naming anyone (a hash of tenant and object id), so the installation, the
    /// conversation update and the first message of one person, planned within a minute, are one row.
    /// </summary>
    public static string LookupKey(string tenantId, string objectId) =>
        "identity/" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(tenantId + "|" + objectId)))[..24];
}

/// <summary>
/// What a lookup row needs to reach the person: ids only (the conversation, the Teams user, the identity) and the
/// locale the client reported. Kept only while the row is pending: the row is deleted, never archived.
/// </summary>
public sealed record LookupPayload(string ServiceUrl, string ConversationId, string UserId, string? BotId, string TenantId, string ObjectId, string? Locale)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    public static LookupPayload? Parse(string? payload)
    {
        try
        {
            return payload is null ? null : JsonSerializer.Deserialize<LookupPayload>(payload, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace TutorBot.Protocol.Schema;

/// <summary>
/// A Bot Framework activity as Teams sends and receives it. Only the fields TutorBot reads are typed;
/// everything else is kept in <see cref="Extra"/> so that a received activity survives a round trip.
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? ReplyToId { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public DateTimeOffset? LocalTimestamp { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public string? Locale { get; init; }
    public string? LocalTimezone { get; init; }
    public string? Text { get; init; }
    public string? TextFormat { get; init; }
    public string? Name { get; init; }
    public string? Action { get; init; }
    public JsonElement? Value { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
    public IReadOnlyList<Entity>? Entities { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }
    public TeamsChannelData? ChannelData { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }

    /// <summary>A message activity carrying one Adaptive Card.</summary>
    public static Activity FromCard(object card) => new()
    {
        Type = ActivityTypes.Message,
        Attachments = [new Attachment(Attachment.AdaptiveCardContentType, card)],
    };

    /// <summary>A text message, shown as typed: it may hold a name or words someone else typed, never markdown.</summary>
    public static Activity FromText(string text) => new() { Type = ActivityTypes.Message, Text = text, TextFormat = TextFormats.Plain };
}

/// <summary>A user or bot in a conversation: Teams user ids look like <c>29:…</c>, bot ids like <c>28:…</c>.</summary>
public sealed record ChannelAccount
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? AadObjectId { get; init; }
    public string? Role { get; init; }

    /// <summary>The member's UPN: only in the connector's member lookup (PLATFORM.md §11), never in an activity.</summary>
    public string? UserPrincipalName { get; init; }

    /// <summary>The member's e-mail: only in the connector's member lookup.</summary>
    public string? Email { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record ConversationAccount
{
    public string? Id { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public bool? IsGroup { get; init; }
    public string? Name { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record Attachment(string ContentType, object? Content)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    public string? Name { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>An entity such as <c>clientInfo</c> or <c>mention</c>; its fields stay as received.</summary>
public sealed record Entity
{
    public string? Type { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

/// <summary>Teams' <c>channelData</c>: tenant, team, channel, event type and outbound notification.</summary>
public sealed record TeamsChannelData
{
    public TenantInfo? Tenant { get; init; }
    public TeamInfo? Team { get; init; }
    public ChannelInfo? Channel { get; init; }
    public string? EventType { get; init; }
    public NotificationInfo? Notification { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; init; }
}

public sealed record TenantInfo(string? Id);

public sealed record TeamInfo(string? Id, string? Name = null, string? AadGroupId = null);

public sealed record ChannelInfo(string? Id, string? Name = null);

public sealed record NotificationInfo(bool Alert);

/// <summary>The <c>{ "id" }</c> answer of the connector's send, reply, update and create calls.</summary>
public sealed record ResourceResponse(string? Id)
{
    public string? ActivityId { get; init; }
    public string? ServiceUrl { get; init; }
}

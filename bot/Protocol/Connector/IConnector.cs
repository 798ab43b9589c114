using TutorBot.Protocol.Schema;

namespace TutorBot.Protocol.Connector;

/// <summary>Where to reach one conversation: stored on install, used by every later proactive message.</summary>
public sealed record ConversationRef(string ServiceUrl, string ConversationId, string? TenantId, string? UserId, string? BotId = null);

/// <summary>The Bot Connector REST API as TutorBot uses it (PLATFORM.md §1).</summary>
public interface IConnector
{
    Task<string?> SendAsync(ConversationRef to, Activity activity, CancellationToken cancellationToken = default);

    Task<string?> ReplyAsync(ConversationRef to, string replyToId, Activity activity, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends into the conversation of the turn being answered, while answering it: the person writing there has the
    /// app, so checks on proactive sends (an uninstall marker) do not apply, as for <see cref="ReplyAsync"/>.
    /// </summary>
    Task<string?> AnswerAsync(ConversationRef to, Activity activity, CancellationToken cancellationToken = default) =>
        SendAsync(to, activity, cancellationToken);

    Task UpdateAsync(ConversationRef to, string activityId, Activity activity, CancellationToken cancellationToken = default);

    Task DeleteAsync(ConversationRef to, string activityId, CancellationToken cancellationToken = default);

    /// <summary>Creates (or finds) the 1:1 chat between the bot and a user, for a proactive message.</summary>
    Task<ConversationRef> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string userId, string botId, CancellationToken cancellationToken = default);

    Task<ChannelAccount?> GetMemberAsync(ConversationRef conversation, string memberId, CancellationToken cancellationToken = default);
}

/// <summary>A connector call that failed for good (after the retry budget, or a 4xx that must not be retried).</summary>
public sealed class ConnectorException(
    string message,
    int? statusCode,
    bool recipientUnreachable = false,
    Exception? inner = null,
    bool mayHaveSent = false,
    TimeSpan? retryAfter = null)
    : Exception(message, inner)
{
    public int? StatusCode { get; } = statusCode;

    /// <summary>The user blocked or uninstalled the bot (403 MessageWritesBlocked): do not try again.</summary>
    public bool RecipientUnreachable { get; } = recipientUnreachable;

    /// <summary>
    /// The outcome is unknown: a POST (send, create conversation) timed out or answered 500/502/504 after the
    /// request left, so the service may have acted. Such a POST is never retried blindly; the caller decides.
    /// </summary>
    public bool MayHaveSent { get; } = mayHaveSent;

    /// <summary>The service's Retry-After on the last answer (429/503), if it gave one.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

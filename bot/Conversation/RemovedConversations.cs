using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;

namespace TutorBot.Conversation;

/// <summary>
/// The connector as features see it: a send, edit or delete in the chat of someone who removed the app fails as
/// the connector's 403 would (unreachable), so the outbox ends the row <c>Never</c>, until they install it again.
/// Sessions and workshops keep conversation ids of their own; checking here covers them all.
/// </summary>
public sealed class RemovedConversations(IConnector inner, ConversationStore conversations) : IConnector
{
    public async Task<string?> SendAsync(ConversationRef to, Activity activity, CancellationToken cancellationToken = default)
    {
        await RefuseIfRemovedAsync(to, cancellationToken);
        return await inner.SendAsync(to, activity, cancellationToken);
    }

    /// <summary>A reply answers a turn of the person who is writing: they have the app.</summary>
    public Task<string?> ReplyAsync(ConversationRef to, string replyToId, Activity activity, CancellationToken cancellationToken = default) =>
        inner.ReplyAsync(to, replyToId, activity, cancellationToken);

    /// <summary>The answer to the person's own turn, in the chat they are writing in: they have the app, nothing to read.</summary>
    public Task<string?> AnswerAsync(ConversationRef to, Activity activity, CancellationToken cancellationToken = default) =>
        inner.SendAsync(to, activity, cancellationToken);

    public async Task UpdateAsync(ConversationRef to, string activityId, Activity activity, CancellationToken cancellationToken = default)
    {
        await RefuseIfRemovedAsync(to, cancellationToken);
        await inner.UpdateAsync(to, activityId, activity, cancellationToken);
    }

    public async Task DeleteAsync(ConversationRef to, string activityId, CancellationToken cancellationToken = default)
    {
        await RefuseIfRemovedAsync(to, cancellationToken);
        await inner.DeleteAsync(to, activityId, cancellationToken);
    }

    public Task<ConversationRef> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string userId, string botId, CancellationToken cancellationToken = default) =>
        inner.CreatePersonalConversationAsync(serviceUrl, tenantId, userId, botId, cancellationToken);

    public Task<ChannelAccount?> GetMemberAsync(ConversationRef conversation, string memberId, CancellationToken cancellationToken = default) =>
        inner.GetMemberAsync(conversation, memberId, cancellationToken);

    private async Task RefuseIfRemovedAsync(ConversationRef to, CancellationToken cancellationToken)
    {
        if (await conversations.IsRemovedAsync(to.ConversationId, cancellationToken))
        {
            throw new ConnectorException("the recipient removed the app", 403, recipientUnreachable: true);
        }
    }
}

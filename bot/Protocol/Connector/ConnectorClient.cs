using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TutorBot.Protocol.Schema;

namespace TutorBot.Protocol.Connector;

/// <summary>
/// The Bot Connector REST client. Retries, timeouts and the circuit breaker live in the HttpClient's
/// resilience pipeline (<see cref="ConnectorResilience"/>); this class only builds requests and reads answers.
/// </summary>
public sealed partial class ConnectorClient(
    HttpClient http,
    ConnectorTokenProvider tokens,
    ServiceUrlRegistry serviceUrls,
    ILogger<ConnectorClient> logger) : IConnector
{
    public async Task<string?> SendAsync(ConversationRef to, Activity activity, CancellationToken cancellationToken = default)
    {
        var response = await SendJsonAsync<ResourceResponse>(HttpMethod.Post, to.ServiceUrl, ConnectorPaths.Activities(to.ConversationId), Outbound(to, activity), cancellationToken, to.TenantId);
        return response?.Id;
    }

    public async Task<string?> ReplyAsync(ConversationRef to, string replyToId, Activity activity, CancellationToken cancellationToken = default)
    {
        var outbound = Outbound(to, activity) with { ReplyToId = replyToId };
        var response = await SendJsonAsync<ResourceResponse>(HttpMethod.Post, to.ServiceUrl, ConnectorPaths.Activity(to.ConversationId, replyToId), outbound, cancellationToken, to.TenantId);
        return response?.Id;
    }

    public Task UpdateAsync(ConversationRef to, string activityId, Activity activity, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ResourceResponse>(HttpMethod.Put, to.ServiceUrl, ConnectorPaths.Activity(to.ConversationId, activityId), Outbound(to, activity) with { Id = activityId }, cancellationToken, to.TenantId);

    public Task DeleteAsync(ConversationRef to, string activityId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<object>(HttpMethod.Delete, to.ServiceUrl, ConnectorPaths.Activity(to.ConversationId, activityId), null, cancellationToken, to.TenantId);

    public async Task<ConversationRef> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string userId, string botId, CancellationToken cancellationToken = default)
    {
        var body = new CreateConversationRequest(
            new ChannelAccount { Id = botId },
            [new ChannelAccount { Id = userId }],
            new TeamsChannelData { Tenant = new TenantInfo(tenantId) },
            IsGroup: false,
            TenantId: tenantId);
        var response = await SendJsonAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, ConnectorPaths.Conversations, body, cancellationToken, tenantId);
        if (string.IsNullOrEmpty(response?.Id))
        {
            throw new ConnectorException("The connector created a conversation without an id.", 200);
        }

        return new ConversationRef(response.ServiceUrl ?? serviceUrl, response.Id, tenantId, userId, botId);
    }

    public Task<ChannelAccount?> GetMemberAsync(ConversationRef conversation, string memberId, CancellationToken cancellationToken = default) =>
        SendJsonAsync<ChannelAccount>(HttpMethod.Get, conversation.ServiceUrl, ConnectorPaths.Member(conversation.ConversationId, memberId), null, cancellationToken);

    private static Activity Outbound(ConversationRef to, Activity activity) => activity with
    {
        ChannelId = activity.ChannelId ?? Channels.MsTeams,
        ServiceUrl = to.ServiceUrl,
        Conversation = activity.Conversation ?? new ConversationAccount { Id = to.ConversationId, TenantId = to.TenantId },
        From = activity.From ?? (to.BotId is null ? null : new ChannelAccount { Id = to.BotId }),
        Recipient = activity.Recipient ?? (to.UserId is null ? null : new ChannelAccount { Id = to.UserId }),
    };

    private async Task<T?> SendJsonAsync<T>(HttpMethod method, string serviceUrl, string path, object? body, CancellationToken cancellationToken, string? tenantId = null)
    {
        if (!serviceUrls.IsAllowed(serviceUrl))
        {
            // Never send the bot's token to an endpoint that no validated activity vouched for.
            Log.ServiceUrlRefused(logger, serviceUrl);
            throw new ConnectorException($"serviceUrl {serviceUrl} was not seen in a validated activity nor allow-listed.", null);
        }

        using var request = new HttpRequestMessage(method, new Uri(new Uri(serviceUrl.EndsWith('/') ? serviceUrl : serviceUrl + "/"), path));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ProtocolJson.Options);
        }

        if (tenantId is not null)
        {
            request.Options.Set(ConnectorThrottleHandler.TenantKey, tenantId);
        }

        if (await tokens.GetTokenAsync(cancellationToken) is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // An open circuit or a refused connection never reached the service; anything else may have, after the POST left.
            var notSent = ex is Polly.CircuitBreaker.BrokenCircuitException || (ex is HttpRequestException h && ConnectorResilience.CertainlyNotSent(h));
            Log.CallFailed(logger, method.Method, path, null, ex);
            throw new ConnectorException($"Connector {method} {path} failed: {ex.Message}", null, inner: ex, mayHaveSent: method == HttpMethod.Post && !notSent);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0 || typeof(T) == typeof(object))
                {
                    return default;
                }

                return await response.Content.ReadFromJsonAsync<T>(ProtocolJson.Options, cancellationToken);
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var blocked = response.StatusCode == HttpStatusCode.Forbidden && text.Contains("MessageWritesBlocked", StringComparison.Ordinal);
            Log.CallFailed(logger, method.Method, path, (int)response.StatusCode, null);
            throw new ConnectorException(
                $"Connector {method} {path} answered {(int)response.StatusCode}.",
                (int)response.StatusCode,
                blocked,
                mayHaveSent: method == HttpMethod.Post && ConnectorResilience.MayHaveActed(response.StatusCode),
                retryAfter: ConnectorResilience.RetryAfter(response));
        }
    }

    private sealed record CreateConversationRequest(
        ChannelAccount Bot,
        IReadOnlyList<ChannelAccount> Members,
        TeamsChannelData ChannelData,
        bool IsGroup,
        string TenantId);

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Connector {Method} {Path} failed for good (status {Status})")]
        public static partial void CallFailed(ILogger logger, string method, string path, int? status, Exception? exception);

        [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Refused to send the bot token to unknown serviceUrl {ServiceUrl}")]
        public static partial void ServiceUrlRefused(ILogger logger, string serviceUrl);
    }
}

/// <summary>Connector routes (as Agents' RestApiPaths); conversation ids are URL-encoded.</summary>
public static class ConnectorPaths
{
    public const string Conversations = "v3/conversations";

    public static string Activities(string conversationId) => $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";

    public static string Activity(string conversationId, string activityId) =>
        $"{Activities(conversationId)}/{Uri.EscapeDataString(activityId)}";

    public static string Member(string conversationId, string memberId) =>
        $"v3/conversations/{Uri.EscapeDataString(conversationId)}/members/{Uri.EscapeDataString(memberId)}";
}

using System.Net;

namespace TutorBot.Protocol.Connector;

/// <summary>Told of every 429 the connector answers (each try), so a limiter shared by all instances can slow them all.</summary>
public interface IConnectorThrottleObserver
{
    Task ThrottledAsync(string? tenantId, TimeSpan retryAfter, CancellationToken cancellationToken = default);
}

/// <summary>
/// Sits under the retry pipeline, so it sees each try's answer: a 429 is reported with its Retry-After (2 s when
/// the service gives none, the low end of Microsoft's advice in PLATFORM.md §5) and the request's tenant.
/// </summary>
public sealed class ConnectorThrottleHandler(IEnumerable<IConnectorThrottleObserver> observers) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<string> TenantKey = new("TutorBot.TenantId");

    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(2);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            request.Options.TryGetValue(TenantKey, out var tenantId);
            var retryAfter = ConnectorResilience.RetryAfter(response) ?? DefaultRetryAfter;
            foreach (var observer in observers)
            {
                // An observer that fails must not turn the answer into another error: the 429 is handled above.
                try
                {
                    await observer.ThrottledAsync(tenantId, retryAfter, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                }
            }
        }

        return response;
    }
}

using System.Net;

namespace TutorBot.Protocol.Connector;

/// <summary>
/// Told of every 429 the connector answers (each try), so a limiter shared by all instances can slow them all; and
/// asked before each retried try, which takes its turn like a first send.
/// </summary>
public interface IConnectorThrottleObserver
{
    Task ThrottledAsync(string? tenantId, TimeSpan retryAfter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for the tenant's next send slot before a request is tried again (after a 429 or 503): retried tries
    /// that all wake at the end of a Retry-After would otherwise go out at once on top of the resumed schedule.
    /// </summary>
    Task RetryingAsync(string? tenantId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}

/// <summary>
/// Sits under the retry pipeline, so it sees each try's answer: a 429 is reported with its Retry-After (2 s when
/// the service gives none, the low end of Microsoft's advice in PLATFORM.md §5) and the request's tenant. A try after
/// the first waits for the observers (the shared limiter's next slot) before it leaves.
/// </summary>
public sealed class ConnectorThrottleHandler(IEnumerable<IConnectorThrottleObserver> observers) : DelegatingHandler
{
    public static readonly HttpRequestOptionsKey<string> TenantKey = new("TutorBot.TenantId");

    private static readonly HttpRequestOptionsKey<bool> TriedKey = new("TutorBot.Tried");

    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(2);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.TryGetValue(TenantKey, out var tenantId);
        if (request.Options.TryGetValue(TriedKey, out _))
        {
            foreach (var observer in observers)
            {
                await observer.RetryingAsync(tenantId, cancellationToken);
            }
        }

        request.Options.Set(TriedKey, true);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
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

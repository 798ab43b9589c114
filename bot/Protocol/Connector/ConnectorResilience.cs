using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using TutorBot.Resilience;

namespace TutorBot.Protocol.Connector;

/// <summary>
/// The Polly pipeline of every connector call (PLATFORM.md §5): a total timeout, retries on 429, 412 and 5xx
/// with exponential backoff and jitter honouring Retry-After, a circuit breaker, and a timeout per try.
/// Other 4xx answers are final and never retried.
/// </summary>
public static class ConnectorResilience
{
    public static IHttpResiliencePipelineBuilder AddConnectorResilience(this IHttpClientBuilder builder) =>
        builder.AddResilienceHandler("connector", (pipeline, context) => pipeline.AddRetryingPipeline(
            context.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConnectorOptions>>().Value,
            IsTransient));

    /// <summary>Worth another try: throttling, a stale-state 412 the service documents as transient, server errors, timeouts.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed
                                    || (int)response.StatusCode >= 500,
        _ => false,
    };
}

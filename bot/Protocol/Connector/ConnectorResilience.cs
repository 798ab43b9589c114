using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace TutorBot.Protocol.Connector;

/// <summary>
/// The Polly pipeline of every connector call (PLATFORM.md §5): a total timeout, retries on 429, 412 and 5xx
/// with exponential backoff and jitter honouring Retry-After, a circuit breaker, and a timeout per try.
/// Other 4xx answers are final and never retried.
/// </summary>
public static class ConnectorResilience
{
    public static IHttpResiliencePipelineBuilder AddConnectorResilience(this IHttpClientBuilder builder) =>
        builder.AddResilienceHandler("connector", (pipeline, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConnectorOptions>>().Value;
            pipeline
                .AddTimeout(o.TotalTimeout)
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = o.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = o.RetryBaseDelay,
                    MaxDelay = TimeSpan.FromSeconds(20),
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                })
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = 0.5,
                    MinimumThroughput = 20,
                    SamplingDuration = TimeSpan.FromSeconds(30),
                    BreakDuration = TimeSpan.FromSeconds(15),
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                })
                .AddTimeout(o.AttemptTimeout);
        });

    /// <summary>Worth another try: throttling, a stale-state 412 the service documents as transient, server errors, timeouts.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed
                                    || (int)response.StatusCode >= 500,
        _ => false,
    };
}

using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using TutorBot.Hosting;

namespace TutorBot.Protocol.Connector;

/// <summary>
/// The Polly pipeline of every connector call (PLATFORM.md §5): a total timeout, retries with exponential backoff
/// and jitter honouring Retry-After, a circuit breaker, and a timeout per try. Other 4xx answers are final.
/// A POST (send, create conversation) is retried only when the service certainly did not act (429, 503, 412,
/// connection refused); a timeout or a 500/502/504 after it left may have sent, so it surfaces as
/// <see cref="ConnectorException.MayHaveSent"/> instead. PUT, DELETE and GET are idempotent and retried on those too.
/// </summary>
public static class ConnectorResilience
{
    /// <summary>Longer Retry-Afters are not waited out inside a call: the caller (the outbox) plans a later try.</summary>
    public static readonly TimeSpan MaxInPlaceRetryAfter = TimeSpan.FromSeconds(20);

    public static IHttpResiliencePipelineBuilder AddConnectorResilience(this IHttpClientBuilder builder) =>
        builder.AddResilienceHandler("connector", (pipeline, context) => pipeline.AddRetryingPipeline(
            context.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ConnectorOptions>>().Value,
            IsTransient,
            (outcome, resilienceContext) => ShouldRetry(outcome, resilienceContext.GetRequestMessage()?.Method)));

    /// <summary>A failure for the circuit breaker: throttling, a stale-state 412, server errors, timeouts.</summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed
                                    || (int)response.StatusCode >= 500,
        _ => false,
    };

    /// <summary>Worth another try of this request: only what certainly did not act, unless the method is idempotent.</summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpMethod? method)
    {
        var idempotent = method is not null && method != HttpMethod.Post;
        return outcome switch
        {
            { Exception: HttpRequestException e } when CertainlyNotSent(e) => true,
            { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => idempotent,
            { Result: { } response } when RetryAfter(response) > MaxInPlaceRetryAfter => false,
            { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.PreconditionFailed
                                        || (idempotent && (int)response.StatusCode >= 500),
            _ => false,
        };
    }

    /// <summary>The request never reached the service: nobody answered at that address, or the name did not resolve.</summary>
    public static bool CertainlyNotSent(HttpRequestException exception) =>
        exception.HttpRequestError == HttpRequestError.NameResolutionError
        || exception.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
        || exception.InnerException?.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    /// <summary>A 500, 502 or 504 to a POST: the service may have acted before it failed.</summary>
    public static bool MayHaveActed(HttpStatusCode status) =>
        status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;

    public static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };
}

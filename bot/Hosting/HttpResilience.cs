using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace TutorBot.Hosting;

/// <summary>The retry budget of one outbound dependency (the Teams connector, Microsoft Graph).</summary>
public interface IRetryBudget
{
    int MaxRetries { get; }

    TimeSpan RetryBaseDelay { get; }

    TimeSpan AttemptTimeout { get; }

    TimeSpan TotalTimeout { get; }
}

public static class HttpResilience
{
    /// <summary>
    /// The pipeline every outbound HTTP dependency gets: a total timeout, retries with exponential backoff and
    /// jitter that honour Retry-After, a circuit breaker, and a timeout per try (outermost first).
    /// <paramref name="shouldRetry"/>, when given, narrows what is tried again (a POST that may have acted is
    /// not), while every transient failure still counts for the circuit breaker.
    /// </summary>
    public static ResiliencePipelineBuilder<HttpResponseMessage> AddRetryingPipeline(
        this ResiliencePipelineBuilder<HttpResponseMessage> pipeline,
        IRetryBudget budget,
        Func<Outcome<HttpResponseMessage>, bool> isTransient,
        Func<Outcome<HttpResponseMessage>, ResilienceContext, bool>? shouldRetry = null) =>
        pipeline
            .AddTimeout(budget.TotalTimeout)
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = budget.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = budget.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(20),
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(shouldRetry?.Invoke(args.Outcome, args.Context) ?? isTransient(args.Outcome)),
            })
            .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.5,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
                ShouldHandle = args => ValueTask.FromResult(isTransient(args.Outcome)),
            })
            .AddTimeout(budget.AttemptTimeout);
}

using System.Diagnostics.Metrics;

namespace TutorBot.Hosting;

/// <summary>
/// Counts the answers of one remote service by operation (the HTTP method) and status, under its resilience handler
/// so every try shows, 429s included. A try that got no answer counts as <c>none</c>.
/// </summary>
public sealed class ResponseCounter(Counter<long> counter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            counter.Add(1, new("operation", request.Method.Method), new("status", (int)response.StatusCode));
            return response;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            counter.Add(1, new("operation", request.Method.Method), new("status", "none"));
            throw;
        }
    }
}

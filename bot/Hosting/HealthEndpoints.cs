using TutorBot.Storage;

namespace TutorBot.Hosting;

public static class HealthEndpoints
{
    /// <summary><c>/healthz</c>: the process answers. <c>/readyz</c>: storage answers too (App Service's health check).</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Text("ok"));
        routes.MapGet("/readyz", async Task<IResult> (Tables tables, IEnumerable<IReadinessCheck> checks, CancellationToken cancellationToken) =>
        {
            // A stuck or stopped background worker (the outbox) makes the instance not ready: nothing it owes would go out.
            foreach (var check in checks)
            {
                if (check.NotReadyBecause() is { } reason)
                {
                    return TypedResults.Problem(statusCode: 503, title: check.Name + " not ready", detail: reason);
                }
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            try
            {
                await tables.PingAsync(timeout.Token);
                return TypedResults.Text("ready");
            }
            catch (Exception ex) when (ex is Azure.RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException)
            {
                return TypedResults.Problem(statusCode: 503, title: "Storage unreachable");
            }
        });
        return routes;
    }
}

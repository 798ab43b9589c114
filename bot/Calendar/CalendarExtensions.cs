using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Polly;
using TutorBot.Storage;

namespace TutorBot.Calendar;

public static class CalendarExtensions
{
    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddOptions<CalendarOptions>().BindConfiguration(CalendarOptions.Section)
            .Validate(o => o.Mode is "Graph" or "Local", "Calendar:Mode must be Graph or Local.")
            .ValidateOnStart();
        services.AddDataProtection();
        services.AddSingleton<IcsLinks>();
        services.AddTables(LocalCalendar.Table);
        services.AddSingleton<LocalCalendar>();

        // Graph: every call through the "graph" HttpClient's Polly pipeline. A create is retried safely: its
        // transactionId makes Graph answer a retry with the event it already made.
        services.AddHttpClient(GraphCalendar.HttpClientName).AddResilienceHandler("graph", (pipeline, context) =>
        {
            var o = context.ServiceProvider.GetRequiredService<IOptions<CalendarOptions>>().Value;
            pipeline
                .AddTimeout(o.TotalTimeout)
                .AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = o.MaxRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = o.RetryBaseDelay,
                    ShouldRetryAfterHeader = true,
                })
                .AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions { MinimumThroughput = 20, FailureRatio = 0.5, BreakDuration = TimeSpan.FromSeconds(15) })
                .AddTimeout(o.AttemptTimeout);
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<CalendarOptions>>().Value;
            var credential = sp.GetService<TokenCredential>() ?? CreateCredential(o);
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(GraphCalendar.HttpClientName);
            return new GraphServiceClient(http, new TokenCredentialAuthenticationProvider(credential, o.Scope), o.GraphBaseUrl);
        });
        services.AddSingleton<GraphCalendar>();
        services.AddSingleton<ICalendar>(sp => sp.GetRequiredService<IOptions<CalendarOptions>>().Value.Mode == "Graph"
            ? sp.GetRequiredService<GraphCalendar>()
            : sp.GetRequiredService<LocalCalendar>());
        return services;
    }

    /// <summary><c>GET /ics/{token}</c>: one booking as an .ics file, for a valid, unexpired link.</summary>
    public static IEndpointRouteBuilder MapCalendar(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/ics/{token}", async Task<IResult> (string token, IcsLinks links, IEnumerable<IIcsSource> sources, CancellationToken cancellationToken) =>
        {
            if (links.Read(token) is not var (kind, bookingId, personId))
            {
                return TypedResults.Problem(statusCode: 404, title: "Link not valid", detail: "This calendar link is wrong or has expired: ask TutorBot for a new one.");
            }

            var source = sources.FirstOrDefault(s => s.Kind == kind);
            if (source is null || await source.FindAsync(bookingId, personId, cancellationToken) is not { } booking)
            {
                return TypedResults.Problem(statusCode: 404, title: "Not found", detail: "This booking no longer exists.");
            }

            return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(IcsFile.Write(booking)), "text/calendar; charset=utf-8", $"{booking.Booking.BookingId}.ics");
        });
        return routes;
    }

    private static TokenCredential CreateCredential(CalendarOptions o) => o.Credential switch
    {
        "ClientSecret" => new ClientSecretCredential(o.TenantId, o.ClientId, o.ClientSecret),
        _ => string.IsNullOrEmpty(o.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.ClientId)),
    };
}

using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Polly;
using TutorBot.Hosting;
using TutorBot.Privacy;
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
        services.AddTable(LocalCalendar.Table, new(
            "PartitionKey = organiser mailbox; Subject; attendees as a count (local run only: Calendar:Mode Local)",
            "events ended before the school year plus Privacy:SchoolYearRetention are deleted",
            "delete the partition of the person's mailbox"));
        services.AddPersonalData<LocalCalendarPersonalData>();
        services.AddSingleton<LocalCalendar>();

        // Graph: every call through the "graph" HttpClient's Polly pipeline. A create is retried safely: its
        // transactionId makes Graph answer a retry with the event it already made.
        // Its URIs hold mailboxes (/users/{mailbox}/…): the factory's URI-printing logs are replaced by one without them.
        services.AddSingleton<GraphHttpLog>();
        var graph = services.AddHttpClient(GraphCalendar.HttpClientName).RemoveAllLoggers().AddLogger<GraphHttpLog>();
        graph.AddResilienceHandler("graph", (pipeline, context) => pipeline.AddRetryingPipeline(
            context.ServiceProvider.GetRequiredService<IOptions<CalendarOptions>>().Value,
            IsTransient));
        // Under the resilience handler: every try of Graph is counted by status, 429s included.
        graph.AddHttpMessageHandler(sp => new ResponseCounter(sp.GetRequiredService<TutorBotMetrics>().GraphResponses));
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

    /// <summary>Graph's transient failures: throttling (429), server errors, timeouts. A 412 or 409 is an answer.</summary>
    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is System.Net.HttpStatusCode.TooManyRequests or System.Net.HttpStatusCode.RequestTimeout
                                    || (int)response.StatusCode >= 500,
        _ => false,
    };

    private static TokenCredential CreateCredential(CalendarOptions o) => o.Credential switch
    {
        "ClientSecret" => new ClientSecretCredential(o.TenantId, o.ClientId, o.ClientSecret),
        _ => string.IsNullOrEmpty(o.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.ClientId)),
    };
}

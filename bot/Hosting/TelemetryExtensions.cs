using System.Diagnostics;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace TutorBot.Hosting;

/// <summary>Telemetry settings (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Off: no OpenTelemetry pipeline at all (the metrics' instruments stay, unobserved). For measuring its cost.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Prints traces, metrics and logs to the console (local runs without a collector).</summary>
    public bool Console { get; set; }

    /// <summary>
    /// The managed identity's client id: with it, Application Insights ingestion is keyless (Entra ID), the
    /// identity holding Monitoring Metrics Publisher on the component.
    /// </summary>
    public string? ClientId { get; set; }
}

/// <summary>
/// OpenTelemetry for the app, as dotnet/eShop's ServiceDefaults: traces of inbound requests, outgoing HTTP
/// (connector, Graph, storage) and TutorBot's own spans; metrics; logs through the same pipeline. Exported to
/// Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, to an OTLP collector when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is, to the console on request; tests add an in-memory exporter.
/// </summary>
public static partial class TelemetryExtensions
{
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        builder.Services.AddSingleton<TutorBotMetrics>();
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            // Log messages are templates with opaque ids (Protocol/, Conversation/ and features log no names or text).
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = false;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(TutorBotMetrics.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation())
            .WithTracing(tracing => tracing
                .AddSource(TutorBotMetrics.Name)
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = http => http.Request.Path != "/healthz" && http.Request.Path != "/readyz";
                    o.EnrichWithHttpRequest = (activity, request) => Redact(activity, "url.path");
                })
                .AddHttpClientInstrumentation(o =>
                {
                    o.EnrichWithHttpRequestMessage = (activity, _) => Redact(activity, "url.full");
                }));

        if (!string.IsNullOrEmpty(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            otel.UseAzureMonitor(monitor =>
            {
                if (!string.IsNullOrEmpty(options.ClientId))
                {
                    monitor.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
                }
            });
        }

        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.WithMetrics(m => m.AddOtlpExporter()).WithTracing(t => t.AddOtlpExporter());
            builder.Logging.AddOpenTelemetry(l => l.AddOtlpExporter());
        }

        if (options.Console)
        {
            otel.WithMetrics(m => m.AddConsoleExporter()).WithTracing(t => t.AddConsoleExporter());
            builder.Logging.AddOpenTelemetry(l => l.AddConsoleExporter());
        }

        return builder;
    }

    /// <summary>
    /// Paths name people: a conversation id, a mailbox in a Graph path, a person's partition in a storage URL, a
    /// signed link. Keep the shape, not the ids: every segment that is not a plain word becomes <c>{id}</c>, and
    /// the query string goes.
    /// </summary>
    internal static void Redact(Activity activity, string tag)
    {
        if (activity.GetTagItem(tag) is string value)
        {
            activity.SetTag(tag, RedactUrl(value));
        }
    }

    internal static string RedactUrl(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? url.IndexOf('/', scheme + 3) : 0;
        if (start < 0)
        {
            return url;
        }

        var query = url.IndexOfAny(['?', '#'], start);
        var path = query < 0 ? url[start..] : url[start..query];
        var segments = path.Split('/').Select(s => s.Length == 0 || IsWord(s) ? s : "{id}");
        return url[..start] + string.Join('/', segments);
    }

    // A plain word (an API's route word) or an API version (v3, v1.0); anything with other digits or signs may be an id.
    private static bool IsWord(string segment) =>
        segment.Length <= 32 && (segment.All(c => char.IsAsciiLetter(c) || c is '.' or '-' or '_') || ApiVersion().IsMatch(segment));

    [System.Text.RegularExpressions.GeneratedRegex(@"^v\d+(\.\d+)?$")]
    private static partial System.Text.RegularExpressions.Regex ApiVersion();
}

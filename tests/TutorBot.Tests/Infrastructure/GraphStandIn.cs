using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TutorBot.Tests.Infrastructure;

/// <summary>
/// Stands in for the Microsoft Graph calendar calls the product uses (PLATFORM.md §6), with their contract:
/// an app token for https://graph.microsoft.com (else 401), <c>transactionId</c> deduplication (a retried create
/// returns the event it already made), 429 with Retry-After, 503, slow answers, and "created but the answer was
/// lost" (the event exists, the caller sees a 503).
/// </summary>
public sealed class GraphStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TokenIssuerStandIn _issuer;
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentDictionary<string, JsonObject> _events = new();
    private readonly ConcurrentDictionary<string, List<(DateTimeOffset Start, DateTimeOffset End)>> _busy = new(StringComparer.OrdinalIgnoreCase);
    private int _attempts;
    private int _nextId;

    public GraphStandIn(TokenIssuerStandIn issuer)
    {
        _issuer = issuer;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _attempts);
            if (!await _issuer.IsAppTokenAsync(context.Request, TokenIssuerStandIn.GraphAudience))
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(Error("InvalidAuthenticationToken", "Access token is empty or invalid."));
                return;
            }

            if (_faults.TryDequeue(out var fault) || (Permanent is { } p && (fault = p) is not null))
            {
                if (fault.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(fault.Delay, context.RequestAborted);
                }

                if (fault.AfterProcessing)
                {
                    // Do the work, then lose the answer.
                    context.Items["lost"] = true;
                    await next(context);
                    return;
                }

                if (fault.Status is { } status)
                {
                    context.Response.StatusCode = status;
                    if (fault.RetryAfterSeconds is { } seconds)
                    {
                        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }

                    await context.Response.WriteAsJsonAsync(status switch
                    {
                        429 => Error("ApplicationThrottled", "stand-in fault"),
                        404 => Error("ErrorInvalidUser", "The requested user is invalid."),
                        403 => Error("ErrorAccessDenied", "Access is denied. Check credentials and try again."),
                        _ => Error("ServiceNotAvailable", "stand-in fault"),
                    });
                    return;
                }
            }

            await next(context);
        });

        _app.MapPost("/v1.0/users/{user}/events", async (string user, HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
            if (body?["subject"] is null || body["start"]?["dateTime"] is null || body["start"]?["timeZone"] is null || body["end"]?["dateTime"] is null)
            {
                return Results.Json(Error("ErrorInvalidRequest", "subject, start and end are required"), statusCode: 400);
            }

            var transactionId = body["transactionId"]?.GetValue<string>();
            var existing = transactionId is null ? null : _events.Values.FirstOrDefault(e => e["transactionId"]?.GetValue<string>() == transactionId && e["organizer"]?.GetValue<string>() == user);
            if (existing is null)
            {
                var id = "evt-" + Interlocked.Increment(ref _nextId);
                body["id"] = id;
                body["organizer"] = user;
                body["isCancelled"] = false;
                if (body["isOnlineMeeting"]?.GetValue<bool>() == true)
                {
                    body["onlineMeeting"] = new JsonObject { ["joinUrl"] = $"https://teams.microsoft.com/l/meetup-join/{id}" };
                }

                _events[id] = body;
                existing = body;
            }

            return Lost(context) ?? Results.Json(existing, statusCode: 201);
        });
        _app.MapMethods("/v1.0/users/{user}/events/{id}", ["PATCH"], async (string user, string id, HttpContext context) =>
        {
            if (!_events.TryGetValue(id, out var stored) || stored["organizer"]?.GetValue<string>() != user)
            {
                return Results.Json(Error("ErrorItemNotFound", "The specified object was not found in the store."), statusCode: 404);
            }

            if (await JsonNode.ParseAsync(context.Request.Body) is JsonObject patch)
            {
                foreach (var (key, value) in patch.ToList())
                {
                    stored[key] = value?.DeepClone();
                }
            }

            stored["changes"] = (stored["changes"]?.GetValue<int>() ?? 0) + 1;
            return Results.Json(stored);
        });
        _app.MapPost("/v1.0/users/{user}/events/{id}/cancel", (string user, string id) =>
        {
            if (!_events.TryGetValue(id, out var stored) || stored["organizer"]?.GetValue<string>() != user)
            {
                return Results.Json(Error("ErrorItemNotFound", "The specified object was not found in the store."), statusCode: 404);
            }

            stored["isCancelled"] = true;
            return Results.StatusCode(202);
        });
        // Proactive installation (PLATFORM.md §11): the body binds a catalog app; 404 for an unknown user, 403 while the
        // admin has not granted TeamsAppInstallation.ReadWriteSelfForUser.All, 409 when it is already installed, else 201 without a body.
        _app.MapPost("/v1.0/users/{user}/teamwork/installedApps", async (string user, HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
            var bind = body?["teamsApp@odata.bind"]?.GetValue<string>();
            const string Catalog = "https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/";
            // The SDK adds the entity's @odata.type; nothing else belongs in the body.
            if (bind is null || !bind.StartsWith(Catalog, StringComparison.Ordinal) || body!.Any(p => p.Key is not ("teamsApp@odata.bind" or "@odata.type")))
            {
                return Results.Json(Error("BadRequest", "teamsApp@odata.bind to an app catalog entry is required"), statusCode: 400);
            }

            if (!CatalogApps.Contains(bind[Catalog.Length..]))
            {
                return Results.Json(Error("NotFound", "The app is not in the organisation's catalog."), statusCode: 404);
            }

            if (!TeamsUsers.ContainsKey(user))
            {
                return Results.Json(Error("ErrorInvalidUser", "The requested user is invalid."), statusCode: 404);
            }

            if (!InstallPermissionGranted)
            {
                return Results.Json(Error("Forbidden", "Missing role permissions on the request."), statusCode: 403);
            }

            return TeamsUsers.TryUpdate(user, true, false)
                ? Results.StatusCode(201)
                : Results.Json(Error("Conflict", "App is already installed."), statusCode: 409);
        });
        _app.MapPost("/v1.0/users/{user}/calendar/getSchedule", async (string user, HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body);
            // The SDK sends the action's parameter names as declared (Schedules, StartTime); Graph reads either case.
            var schedules = (body?["schedules"] ?? body?["Schedules"])?.AsArray().Select(n => n!.GetValue<string>()).ToList() ?? [];
            var value = schedules.Select(s => new
            {
                scheduleId = s,
                scheduleItems = (_busy.TryGetValue(s, out var items) ? items : []).Select(i => new
                {
                    status = "busy",
                    start = new { dateTime = i.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff"), timeZone = "UTC" },
                    end = new { dateTime = i.End.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff"), timeZone = "UTC" },
                }),
            });
            return Results.Json(new { value });
        });
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>The organisation's app catalog (Teams app ids).</summary>
    public ConcurrentBag<string> CatalogApps { get; } = [];

    /// <summary>Users of the tenant by UPN (case-insensitive), and whether the app is installed for them.</summary>
    public ConcurrentDictionary<string, bool> TeamsUsers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether a tenant admin granted TeamsAppInstallation.ReadWriteSelfForUser.All (else 403).</summary>
    public bool InstallPermissionGranted { get; set; } = true;

    /// <summary>A fault applied to every call while set (Graph down).</summary>
    public Fault? Permanent { get; set; }

    public int Attempts => _attempts;

    /// <summary>Events as stored (including cancelled ones), with their raw Graph JSON.</summary>
    public IReadOnlyList<JsonObject> Events => [.. _events.Values];

    public void AddBusy(string mailbox, DateTimeOffset startUtc, DateTimeOffset endUtc) =>
        _busy.GetOrAdd(mailbox, _ => []).Add((startUtc, endUtc));

    public void Enqueue(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    public void Reset()
    {
        _faults.Clear();
        _events.Clear();
        _busy.Clear();
        Permanent = null;
        Interlocked.Exchange(ref _attempts, 0);
    }

    public async Task StartAsync()
    {
        await _app.StartAsync();
        BaseUrl = _app.Urls.First().TrimEnd('/') + "/v1.0";
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IResult? Lost(HttpContext context) =>
        context.Items.ContainsKey("lost") ? Results.Json(Error("ServiceNotAvailable", "answer lost"), statusCode: 503) : null;

    private static object Error(string code, string message) => new { error = new { code, message } };

    public sealed record Fault(int? Status, int? RetryAfterSeconds = null, TimeSpan Delay = default, bool AfterProcessing = false)
    {
        public static Fault Throttle(int retryAfterSeconds) => new(429, retryAfterSeconds);
        public static Fault Unavailable => new(503);

        /// <summary>Graph's answer for a mailbox that does not exist in the tenant.</summary>
        public static Fault UnknownMailbox => new(404);

        /// <summary>Graph's answer when the app may not write to that mailbox (application access policy).</summary>
        public static Fault AccessDenied => new(403);
        public static Fault Slow(TimeSpan delay) => new(null, Delay: delay);

        /// <summary>The event is created, but the caller gets 503 instead of the answer.</summary>
        public static Fault AnswerLost => new(503, AfterProcessing: true);
    }
}

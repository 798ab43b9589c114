using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TutorBot.Protocol.Schema;

namespace TutorBot.Tests.Infrastructure;

/// <summary>
/// The Teams connector at programme scale, for the wave tests and the benchmark (issue 15 point 5). Beside the
/// contract <see cref="ConnectorStandIn"/> checks (a bearer token from the issuer stand-in, else 401), it enforces
/// the documented limits through <see cref="TeamsRateLimits"/> (per tenant per second, per thread 7/1 s, 8/2 s,
/// 60/30 s, 1800/h) with 429 and a Retry-After saying when the broken window admits again; it fails a set share
/// of calls with 503 (nothing posted) and answers a set share slowly (posted at once, answered late: a client that
/// gives up meanwhile cannot know it was posted). It records every posted activity with its conversation and a
/// marker read from the card, so duplicates and losses are counted, and every refusal with its time, so a test
/// can see who sent during a Retry-After.
/// </summary>
public sealed class ConnectorAtScale : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TokenIssuerStandIn _issuer;
    private readonly TeamsRateLimits _limits;
    private readonly ConcurrentQueue<Posted> _posted = new();
    private readonly ConcurrentQueue<Refusal> _refusals = new();
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private readonly ConcurrentDictionary<string, string> _callers = new(StringComparer.Ordinal);
    private readonly Lock _dice = new();
    private readonly Random _random;
    private int _nextId;
    private int _attempts;
    private int _unauthorized;
    private int _failed;
    private int _slow;
    private int _storm;

    public ConnectorAtScale(TokenIssuerStandIn issuer, ScaleOptions? options = null)
    {
        _issuer = issuer;
        Options = options ?? new ScaleOptions();
        _limits = new TeamsRateLimits(Options.TenantPerSecond);
        _random = new Random(Options.Seed);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _attempts);
            if (await CallerAsync(context.Request) is not { } caller)
            {
                Interlocked.Increment(ref _unauthorized);
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { error = new { code = "Unauthorized", message = "Authorization has been denied for this request." } });
                return;
            }

            context.Items["caller"] = caller;
            await next(context);
        });
        _app.MapPost("/v3/conversations/{conversationId}/activities", (HttpContext context, string conversationId, JsonElement body) =>
            SendAsync(context, conversationId, null, body));
        _app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext context, string conversationId, string activityId, JsonElement body) =>
            SendAsync(context, conversationId, activityId, body));
        _app.MapPost("/v3/conversations", (HttpContext context, JsonElement body) =>
        {
            var members = body.TryGetProperty("members", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().ToList() : [];
            var tenant = body.TryGetProperty("tenantId", out var t) ? t.GetString() : null;
            if (members.Count != 1 || string.IsNullOrEmpty(tenant) || !body.TryGetProperty("bot", out _))
            {
                return Results.Json(new { error = new { code = "BadArgument", message = "bot, one member and tenantId are required" } }, statusCode: 400);
            }

            var admission = _limits.TryAdmit(tenant, null, TimeProvider.System);
            return admission.Admitted
                ? Results.Json(new { id = "a:" + members[0].GetProperty("id").GetString() }, statusCode: 201)
                : Throttle(context, tenant, null, admission);
        });
    }

    public ScaleOptions Options { get; }

    public string ServiceUrl { get; private set; } = "";

    /// <summary>Every request, including refused and failed ones.</summary>
    public int Attempts => _attempts;

    public int Unauthorized => _unauthorized;

    /// <summary>Calls answered 503 (nothing posted).</summary>
    public int Failed => _failed;

    /// <summary>Calls posted and answered late.</summary>
    public int Slow => _slow;

    /// <summary>Every activity posted (new ones and updates), in order of arrival.</summary>
    public IReadOnlyList<Posted> Activities => [.. _posted];

    /// <summary>Every 429, in order.</summary>
    public IReadOnlyList<Refusal> Refusals => [.. _refusals];

    /// <summary>Every authorised send or update that got past the 503 dice, admitted or refused, with its caller.</summary>
    public IReadOnlyList<Arrival> Arrivals => [.. _arrivals];

    /// <summary>
    /// The next <paramref name="calls"/> sends get 429 with <paramref name="retryAfterSeconds"/>, whatever the windows
    /// say (a storm: the service is overloaded); the limits apply again after them. A client honouring Retry-After
    /// sends nothing more until it has passed, from any instance.
    /// </summary>
    public void Storm(int calls, int retryAfterSeconds)
    {
        StormRetryAfter = retryAfterSeconds;
        Interlocked.Exchange(ref _storm, calls);
    }

    private int StormRetryAfter { get; set; } = 1;

    /// <summary>New activities (not updates) per conversation and marker: the cards each recipient got.</summary>
    public Dictionary<(string ConversationId, string? Marker), int> CardsPerRecipient() =>
        _posted.Where(p => p.Update is null).GroupBy(p => (p.ConversationId, p.Marker)).ToDictionary(g => g.Key, g => g.Count());

    public async Task StartAsync()
    {
        await _app.StartAsync();
        ServiceUrl = _app.Urls.First().TrimEnd('/') + "/";
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> SendAsync(HttpContext context, string conversationId, string? updates, JsonElement body)
    {
        Activity? activity;
        try
        {
            activity = body.Deserialize<Activity>(ProtocolJson.Options);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        if (activity?.Type is null)
        {
            return Results.Json(new { error = new { code = "BadArgument", message = "type is required" } }, statusCode: 400);
        }

        var (fail, slow) = Roll();
        if (fail)
        {
            Interlocked.Increment(ref _failed);
            return Results.Json(new { error = new { code = "ServiceUnavailable", message = "stand-in fault" } }, statusCode: 503);
        }

        var tenant = activity.Conversation?.TenantId ?? "none";
        var admission = Interlocked.Decrement(ref _storm) >= 0
            ? new TeamsRateLimits.Admission(false, TimeSpan.FromSeconds(StormRetryAfter), "storm")
            : _limits.TryAdmit(tenant, conversationId, TimeProvider.System);
        _arrivals.Enqueue(new Arrival(DateTimeOffset.UtcNow, (string)context.Items["caller"]!, admission.Admitted));
        if (!admission.Admitted)
        {
            return Throttle(context, tenant, conversationId, admission);
        }

        var id = updates ?? "act-" + Interlocked.Increment(ref _nextId);
        _posted.Enqueue(new Posted(DateTimeOffset.UtcNow, tenant, conversationId, id, updates, Options.MarkerOf(activity), (string)context.Items["caller"]!));
        if (slow)
        {
            // Posted already: the answer alone is late, as when the service is slow to acknowledge.
            Interlocked.Increment(ref _slow);
            await Task.Delay(Options.SlowDelay, context.RequestAborted);
        }

        return Results.Json(new { id }, statusCode: updates is null ? 201 : 200);
    }

    private IResult Throttle(HttpContext context, string tenant, string? conversationId, TeamsRateLimits.Admission admission)
    {
        var seconds = TeamsRateLimits.RetryAfterSeconds(admission.RetryAfter);
        _refusals.Enqueue(new Refusal(DateTimeOffset.UtcNow, tenant, conversationId, seconds, admission.Limit!, (string)context.Items["caller"]!));
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(new { error = new { code = "TooManyRequests", message = "rate limit " + admission.Limit } }, statusCode: 429);
    }

    private (bool Fail, bool Slow) Roll()
    {
        lock (_dice)
        {
            return (_random.NextDouble() < Options.FailShare, _random.NextDouble() < Options.SlowShare);
        }
    }

    /// <summary>A short hash of the caller's token: each instance of the bot holds its own token, so it tells instances apart.</summary>
    private async Task<string?> CallerAsync(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (_callers.TryGetValue(header, out var known))
        {
            return known;
        }

        if (!await _issuer.IsAppTokenAsync(request, TokenIssuerStandIn.ConnectorAudience))
        {
            return null;
        }

        // Validated once per token (signature, audience, issuer, lifetime): a wave's run is far shorter than a token's life.
        return _callers[header] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(header)))[..8];
    }

    /// <summary>An activity the connector accepted; <see cref="Update"/> names the activity a PUT replaced.</summary>
    public sealed record Posted(DateTimeOffset At, string Tenant, string ConversationId, string ActivityId, string? Update, string? Marker, string Caller);

    public sealed record Arrival(DateTimeOffset At, string Caller, bool Admitted);

    /// <summary>A 429: when, to whom, the Retry-After given, the limit broken and the caller.</summary>
    public sealed record Refusal(DateTimeOffset At, string Tenant, string? ConversationId, int RetryAfterSeconds, string Limit, string Caller);
}

/// <summary>How the scale stand-in behaves.</summary>
public sealed record ScaleOptions
{
    public int TenantPerSecond { get; init; } = TeamsRateLimits.DefaultTenantPerSecond;

    /// <summary>Share of calls answered 503 before anything is posted (0..1).</summary>
    public double FailShare { get; init; }

    /// <summary>Share of calls posted at once but answered after <see cref="SlowDelay"/> (0..1).</summary>
    public double SlowShare { get; init; }

    public TimeSpan SlowDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The dice's seed: a run can be repeated.</summary>
    public int Seed { get; init; } = 15;

    /// <summary>What identifies the card for duplicate counting; by default <see cref="CardMarker.Of"/>.</summary>
    public Func<Activity, string?> MarkerOf { get; init; } = CardMarker.Of;
}

/// <summary>
/// Reads a marker from a card: the values of the first <c>Action.Execute</c>'s <c>data</c> that name a wave, a
/// session or a recipient (<c>waveId</c>, <c>sessionId</c>, <c>personId</c>, ...), joined; else the card's first text.
/// </summary>
public static class CardMarker
{
    private static readonly string[] Keys = ["waveId", "wave", "sessionId", "session", "personId", "recipientId", "kind", "what"];

    public static string? Of(Activity activity)
    {
        foreach (var attachment in activity.Attachments ?? [])
        {
            var card = JsonSerializer.SerializeToElement(attachment.Content, ProtocolJson.Options);
            if (FindData(card) is { } data)
            {
                var parts = Keys.Where(k => data.TryGetProperty(k, out var v) && v.ValueKind == JsonValueKind.String).Select(k => k + "=" + data.GetProperty(k).GetString()).ToList();
                if (parts.Count > 0)
                {
                    return string.Join(";", parts);
                }
            }
        }

        var text = CardTexts.Of(activity);
        return text.Length == 0 ? null : text.Split('\n')[0];
    }

    private static JsonElement? FindData(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                if (e.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "Action.Execute"
                    && e.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object)
                {
                    return data;
                }

                foreach (var p in e.EnumerateObject())
                {
                    if (FindData(p.Value) is { } found)
                    {
                        return found;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    if (FindData(item) is { } found)
                    {
                        return found;
                    }
                }

                break;
        }

        return null;
    }
}

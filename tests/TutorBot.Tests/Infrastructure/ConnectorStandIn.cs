using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TutorBot.Protocol.Schema;

namespace TutorBot.Tests.Infrastructure;

/// <summary>
/// Stands in for the Teams Bot Connector on loopback. It enforces the contract the bot must meet: a bearer token
/// issued for <c>https://api.botframework.com</c> by the issuer stand-in (else 401), the documented routes and
/// bodies (else 400/404), and it can be told to throttle (429 + Retry-After), fail (503), answer slowly or
/// refuse a blocked user (403 MessageWritesBlocked), as the real service does.
/// </summary>
public sealed class ConnectorStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly ConcurrentDictionary<string, Activity> _activities = new();
    private readonly TokenIssuerStandIn _issuer;
    private readonly ConcurrentDictionary<string, byte> _forgotten = new();
    private readonly ConcurrentDictionary<string, byte> _blocked = new();
    private readonly ConcurrentQueue<Arrival> _arrivals = new();
    private readonly ConcurrentDictionary<string, object> _members = new();
    private int _nextId;
    private int _attempts;

    public ConnectorStandIn(TokenIssuerStandIn issuer)
    {
        _issuer = issuer;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            Interlocked.Increment(ref _attempts);
            if (!AcceptAnonymous && !await _issuer.IsAppTokenAsync(context.Request, TokenIssuerStandIn.ConnectorAudience))
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new { error = new { code = "Unauthorized", message = "Authorization has been denied for this request." } });
                return;
            }

            var arrival = new Arrival(DateTimeOffset.UtcNow, context.Request.Method, context.Request.Path.Value ?? "");
            _arrivals.Enqueue(arrival);
            if (_faults.TryDequeue(out var fault) || (Permanent is { } p && (fault = p) is not null))
            {
                arrival.Status = fault.Status;
                if (fault.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(fault.Delay, context.RequestAborted);
                }

                if (fault.Status is { } status)
                {
                    context.Response.StatusCode = status;
                    if (fault.RetryAfterSeconds is { } seconds)
                    {
                        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }

                    await context.Response.WriteAsJsonAsync(new { error = new { code = fault.Code ?? "ServiceError", message = "stand-in fault" } });
                    return;
                }
            }

            await next(context);
        });

        _app.MapPost("/v3/conversations/{conversationId}/activities", (string conversationId, JsonElement body) =>
            _forgotten.ContainsKey(conversationId) ? Results.Json(new { error = new { code = "ConversationNotFound", message = "Conversation not found" } }, statusCode: 404)
            : _blocked.ContainsKey(conversationId) ? Results.Json(new { error = new { code = "MessageWritesBlocked", message = "The bot is blocked by the user" } }, statusCode: 403)
            : Store("POST", conversationId, null, body, 201));
        _app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, JsonElement body) => Store("POST", conversationId, activityId, body, 201));
        _app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId, JsonElement body) =>
            _activities.ContainsKey(activityId) ? Store("PUT", conversationId, activityId, body, 200) : Results.NotFound());
        _app.MapDelete("/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId) =>
        {
            _calls.Enqueue(new Call("DELETE", conversationId, activityId, null));
            return _activities.TryRemove(activityId, out _) ? Results.Ok() : Results.NotFound();
        });
        _app.MapPost("/v3/conversations", (JsonElement body) =>
        {
            var members = body.TryGetProperty("members", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().ToList() : [];
            var tenant = body.TryGetProperty("tenantId", out var t) ? t.GetString() : null;
            if (members.Count != 1 || string.IsNullOrEmpty(tenant) || !body.TryGetProperty("bot", out _))
            {
                return Results.Json(new { error = new { code = "BadArgument", message = "bot, one member and tenantId are required" } }, statusCode: 400);
            }

            var userId = members[0].GetProperty("id").GetString();
            _calls.Enqueue(new Call("CREATE", "a:" + userId, null, null));
            return Results.Json(new { id = "a:" + userId }, statusCode: 201);
        });
        // Teams' "get single member": the account with its Entra object id, UPN and e-mail; 404 for anyone not a member.
        _app.MapGet("/v3/conversations/{conversationId}/members/{memberId}", (string memberId) =>
            _members.TryGetValue(memberId, out var member)
                ? Results.Json(member)
                : Results.Json(new { error = new { code = "MemberNotFoundInConversation", message = "The member was not found in the conversation" } }, statusCode: 404));
    }

    public string ServiceUrl { get; private set; } = "";

    /// <summary>For the benchmark only, whose JavaScript baseline bot sends no token.</summary>
    public bool AcceptAnonymous { get; set; }

    /// <summary>A fault applied to every call while set (a service that keeps failing).</summary>
    public Fault? Permanent { get; set; }

    /// <summary>Every request that reached the stand-in, including refused and faulted ones.</summary>
    public int Attempts => _attempts;

    public IReadOnlyList<Call> Calls => [.. _calls];

    /// <summary>Every request that got past the token check, with the time it arrived and the fault it got, if any.</summary>
    public IReadOnlyList<Arrival> Arrivals => [.. _arrivals];

    /// <summary>A Teams user the member lookup knows (PLATFORM.md §11: aadObjectId, userPrincipalName, email, name).</summary>
    public void AddMember(string userId, string aadObjectId, string? userPrincipalName, string? email = null, string name = "Member") =>
        _members[userId] = new { id = userId, name, aadObjectId, userPrincipalName, email, tenantId = (string?)null };

    public Activity? Posted(string activityId) => _activities.TryGetValue(activityId, out var a) ? a : null;

    public async Task StartAsync()
    {
        await _app.StartAsync();
        ServiceUrl = _app.Urls.First().TrimEnd('/') + "/";
    }

    public void Enqueue(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>The connector no longer knows this conversation (a removed chat, a restarted client): 404 ConversationNotFound.</summary>
    public void Forget(string conversationId) => _forgotten[conversationId] = 0;

    /// <summary>The user of this 1:1 chat blocked the bot: new messages there get 403 MessageWritesBlocked, edits still work.</summary>
    public void Block(string conversationId) => _blocked[conversationId] = 0;

    public void Unblock(string conversationId) => _blocked.TryRemove(conversationId, out _);

    /// <summary>Drops the posted activities kept for later edits (a benchmark's tens of thousands of sends weigh on its process).</summary>
    public void ForgetPosted() => _activities.Clear();

    public void Reset()
    {
        _blocked.Clear();
        _faults.Clear();
        _calls.Clear();
        _arrivals.Clear();
        Permanent = null;
        Interlocked.Exchange(ref _attempts, 0);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IResult Store(string method, string conversationId, string? activityId, JsonElement body, int status)
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

        var id = method == "PUT" ? activityId! : "act-" + Interlocked.Increment(ref _nextId);
        _activities[id] = activity;
        _calls.Enqueue(new Call(method, conversationId, id, activity));
        return Results.Json(new { id }, statusCode: status);
    }

    public sealed record Fault(int? Status, int? RetryAfterSeconds = null, TimeSpan Delay = default, string? Code = null)
    {
        public static Fault Throttle(int retryAfterSeconds) => new(429, retryAfterSeconds);
        public static Fault Unavailable => new(503);
        public static Fault Slow(TimeSpan delay) => new(null, Delay: delay);
        public static Fault Blocked => new(403, Code: "MessageWritesBlocked");
        public static Fault BadRequest => new(400, Code: "BadArgument");

        /// <summary>The gateway gave up waiting after the request arrived: the activity may or may not have been posted.</summary>
        public static Fault GatewayTimeout => new(504);
    }

    public sealed record Arrival(DateTimeOffset At, string Method, string Path)
    {
        public int? Status { get; set; }
    }

    public sealed record Call(string Method, string ConversationId, string? ActivityId, Activity? Activity)
    {
        /// <summary>Every text of the call's card (TextBlocks and fact values), for assertions.</summary>
        public string CardText => Activity is null ? "" : CardTexts.Of(Activity);
    }
}

public static class CardTexts
{
    public static string Of(Activity activity) =>
        string.Join("\n", activity.Attachments?.Select(a => Of(JsonSerializer.SerializeToElement(a.Content, ProtocolJson.Options))) ?? []) + activity.Text;

    public static string Of(JsonElement element)
    {
        var texts = new List<string>();
        Walk(element, texts);
        return string.Join("\n", texts);
    }

    private static void Walk(JsonElement e, List<string> texts)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    if (p.Value.ValueKind == JsonValueKind.String && p.Name is "text" or "value" or "title")
                    {
                        texts.Add(p.Value.GetString()!);
                    }
                    else
                    {
                        Walk(p.Value, texts);
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item, texts);
                }

                break;
        }
    }
}

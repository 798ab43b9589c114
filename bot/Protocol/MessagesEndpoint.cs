using System.Net.Mime;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TutorBot.Conversation;
using TutorBot.Protocol.Auth;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;

namespace TutorBot.Protocol;

/// <summary>
/// <c>POST /api/messages</c>: the only door of the Bot Framework protocol. It authenticates, reads and checks the
/// activity, then hands it to <see cref="ActivityDispatcher"/>. Refusals change nothing.
/// </summary>
public static partial class MessagesEndpoint
{
    /// <summary>Inbound activities are small; anything larger is refused before it is parsed.</summary>
    public const int MaxActivityBytes = 256 * 1024;

    /// <summary>
    /// Headers a reverse proxy or tunnel (ngrok, Dev Tunnels, cloudflared, a load balancer) adds. A loopback
    /// connection carrying one comes from further away than this machine, so it is not the local Playground.
    /// </summary>
    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Real-IP", "X-Original-Forwarded-For", "CF-Connecting-IP"];

    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/messages", HandleAsync).DisableAntiforgery();
        return routes;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext http,
        BotTokenValidator validator,
        ServiceUrlRegistry serviceUrls,
        ActivityDispatcher dispatcher,
        IOptions<BotAuthOptions> authOptions,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        // 1. Who is calling: a valid token, or the Playground's anonymous loopback mode (never through a proxy or tunnel).
        var header = http.Request.Headers.Authorization.ToString();
        BotCaller? caller;
        if (header.Length == 0 && authOptions.Value.AllowAnonymousLoopback && IsLoopback(http))
        {
            if (IsForwarded(http))
            {
                Log.ForwardedAnonymousRefused(loggerFactory.CreateLogger(typeof(MessagesEndpoint)));
                return Unauthorized();
            }

            caller = BotCaller.Anonymous;
        }
        else
        {
            caller = await validator.ValidateTokenAsync(header.Length == 0 ? null : header, cancellationToken);
        }

        if (caller is null)
        {
            return Unauthorized();
        }

        // 2. What was sent: JSON, of a sane size, with the fields every turn needs.
        if (!IsJson(http.Request.ContentType))
        {
            return BadRequest("The body must be application/json.");
        }

        if (http.Request.ContentLength > MaxActivityBytes)
        {
            return BadRequest($"The activity exceeds {MaxActivityBytes} bytes.");
        }

        Activity? activity;
        try
        {
            var body = await ReadLimitedAsync(http.Request.Body, http.Request.ContentLength, cancellationToken);
            if (body is null)
            {
                return BadRequest($"The activity exceeds {MaxActivityBytes} bytes.");
            }

            activity = JsonSerializer.Deserialize<Activity>(body, ProtocolJson.Options);
        }
        catch (JsonException)
        {
            return BadRequest("The body is not a valid activity.");
        }

        if (Missing(activity) is { } missing)
        {
            return BadRequest($"The activity has no {missing}.");
        }

        // 3. The token must have been issued for this activity's service and channel.
        ArgumentNullException.ThrowIfNull(activity); // Missing() above answered 400 for a null body.
        if (!validator.MatchesActivity(caller, activity))
        {
            return Unauthorized();
        }

        // Only a serviceUrl the token vouches for joins the trusted ones; an Entra token without a serviceurl claim
        // was let through only for the configured allow-list (MatchesActivity).
        if (caller.VouchesForServiceUrl)
        {
            serviceUrls.Trust(activity.ServiceUrl!);
        }

        var invokeResponse = await dispatcher.DispatchAsync(activity, cancellationToken);
        if (activity.Type == ActivityTypes.Invoke)
        {
            return TypedResults.Json(invokeResponse ?? AdaptiveCardInvokeResponse.Message(""), ProtocolJson.Options, statusCode: 200);
        }

        return TypedResults.Ok();
    }

    private static string? Missing(Activity? activity) => activity switch
    {
        null => "body",
        { Type: null or "" } => "type",
        { Conversation.Id: null or "" } or { Conversation: null } => "conversation",
        { From.Id: null or "" } or { From: null } => "from",
        { ServiceUrl: null or "" } => "serviceUrl",
        { ServiceUrl: var url } when !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !uri.IsLoopback) => "valid serviceUrl",
        _ => null,
    };

    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long? contentLength, CancellationToken cancellationToken)
    {
        if (contentLength is { } length and <= MaxActivityBytes)
        {
            // The usual case (Teams sends Content-Length, which Kestrel holds the body to): one exact buffer, no copies.
            var exact = new byte[length];
            var filled = await body.ReadAtLeastAsync(exact, exact.Length, throwOnEndOfStream: false, cancellationToken);
            return filled == exact.Length ? exact : exact[..filled];
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxActivityBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && string.Equals(media.MediaType, MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase);

    private static bool IsLoopback(HttpContext http) => http.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip);

    private static bool IsForwarded(HttpContext http) => ForwardingHeaders.Any(http.Request.Headers.ContainsKey);

    private static IResult Unauthorized() =>
        TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "The request's bearer token is missing or not valid for this bot.");

    private static IResult BadRequest(string detail) => TypedResults.Problem(statusCode: 400, title: "Bad activity", detail: detail);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Inbound activity refused: a tokenless loopback request carries forwarding headers (a proxy or tunnel), so local mode does not apply")]
        public static partial void ForwardedAnonymousRefused(ILogger logger);
    }
}

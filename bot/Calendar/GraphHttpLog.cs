using Microsoft.Extensions.Http.Logging;

namespace TutorBot.Calendar;

/// <summary>
/// The Graph client's only HTTP log. Graph addresses a calendar by its owner's mailbox (<c>/users/{mailbox}/events</c>),
/// so the HttpClient factory's own logs, which print the whole URI (at Information, and in a scope around every entry
/// of the call), would write mailboxes wherever an operator turns them on. This one keeps what diagnosis needs and
/// nothing personal: the method, the status and the time.
/// </summary>
public sealed partial class GraphHttpLog(ILogger<GraphHttpLog> logger) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => null;

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        Log.Answered(logger, request.Method.Method, (int)response.StatusCode, (long)elapsed.TotalMilliseconds);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        Log.Failed(logger, request.Method.Method, (long)elapsed.TotalMilliseconds, exception);

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Debug, Message = "Graph {Method} answered {Status} in {ElapsedMs} ms")]
        public static partial void Answered(ILogger logger, string method, int status, long elapsedMs);

        [LoggerMessage(EventId = 7102, Level = LogLevel.Debug, Message = "Graph {Method} got no answer after {ElapsedMs} ms")]
        public static partial void Failed(ILogger logger, string method, long elapsedMs, Exception exception);
    }
}

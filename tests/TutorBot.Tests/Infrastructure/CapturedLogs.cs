using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TutorBot.Tests.Infrastructure;

/// <summary>
/// Keeps every log entry of the app under test, so a test can assert that a failure was logged. <see cref="Entries"/>
/// holds Information and above; <see cref="Records"/> holds every entry the app's configured levels let through
/// (Trace too, when a test turns it on), with its category, structured values, scopes and exception.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, EventId Event, string Message)> _entries = new();
    private readonly ConcurrentQueue<Record> _records = new();

    public IReadOnlyList<(LogLevel Level, EventId Event, string Message)> Entries => [.. _entries];

    public IReadOnlyList<Record> Records => [.. _records];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries, _records);

    public void Dispose()
    {
    }

    /// <summary>One entry as a log sink would keep it: every text it carries, formatted or structured.</summary>
    public sealed record Record(string Category, LogLevel Level, EventId Event, string Message, IReadOnlyList<string> Values, string? Exception)
    {
        public IEnumerable<string> Texts => [Category, Message, .. Values, .. Exception is null ? [] : new[] { Exception }];
    }

    private sealed class Logger(string category, ConcurrentQueue<(LogLevel, EventId, string)> entries, ConcurrentQueue<Record> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            // A scope's values (a request path, an HTTP client's URI) reach the sink with every entry inside it.
            records.Enqueue(new Record(category, LogLevel.None, default, state.ToString() ?? "", ValuesOf(state), null));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            records.Enqueue(new Record(category, logLevel, eventId, message, ValuesOf(state), exception?.ToString()));
            if (logLevel >= LogLevel.Information)
            {
                entries.Enqueue((logLevel, eventId, message));
            }
        }

        private static List<string> ValuesOf<TState>(TState state) =>
            state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? [.. pairs.Select(p => p.Value is null ? "" : Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")]
                : [];
    }
}

using Microsoft.Extensions.Options;
using TutorBot.Cards;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Connector;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// Sends the scheduled rows that are due: each row is claimed with its ETag (another instance that read it too
/// loses the race), checked against the session (a moved or cancelled session drops it), sent, and marked sent.
/// A stop between rows leaves the rest pending for the next instance; a crash mid-row is taken over after the lease.
/// </summary>
public sealed partial class ReminderDispatcher(
    ReminderStore rows,
    SessionStore sessions,
    ProgrammeStore programme,
    SessionNotifier notifier,
    SessionCalendar calendar,
    TutoringCards cards,
    IOptions<ReminderOptions> options,
    TimeProvider clock,
    ILogger<ReminderDispatcher> logger)
{
    /// <summary>One scan: every due row, a few at a time; returns how many were sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken stoppingToken = default)
    {
        var now = clock.GetUtcNow();
        var due = await rows.DueAsync(now, stoppingToken);
        var sent = 0;
        await Parallel.ForEachAsync(due.OrderBy(r => r.DueUtc), new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism }, async (row, _) =>
        {
            // Checked between rows only: once a row is claimed, its send and its "sent" mark are not cut in two.
            if (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            if (await ProcessAsync(row, CancellationToken.None))
            {
                Interlocked.Increment(ref sent);
            }
        });
        return sent;
    }

    private async Task<bool> ProcessAsync(ReminderRow row, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (row.Role == SessionRoles.Student && row.Kind != ReminderKinds.Book && ReminderPlan.IsQuiet(now))
        {
            // Late (the app was down): still no card to a student at night; it waits for 08:00.
            return false;
        }

        row.State = ReminderStates.Sending;
        row.LeaseUntilUtc = now + options.Value.Lease;
        row.Attempts++;
        if (!await rows.TryReplaceAsync(row, cancellationToken))
        {
            return false;
        }

        var session = await sessions.GetAsync(row.StudentId, row.SessionId, cancellationToken);
        var tutor = session is null ? null : await programme.GetAsync(session.TutorId, cancellationToken);
        var student = session is null ? null : await programme.GetAsync(session.StudentId, cancellationToken);
        if (session is null || tutor is null || student is null || !StillWanted(row, session, now))
        {
            row.State = ReminderStates.Dropped;
            await rows.TryReplaceAsync(row, cancellationToken);
            return false;
        }

        var person = row.Role == SessionRoles.Tutor ? tutor : student;
        var other = row.Role == SessionRoles.Tutor ? student : tutor;
        try
        {
            if (row.Kind == ReminderKinds.Unbook)
            {
                if (!await calendar.CancelLeftoversAsync(session, cancellationToken))
                {
                    throw new RetryLaterException();
                }
            }
            else if (row.Kind == ReminderKinds.Book)
            {
                var booking = await calendar.BookAsync(session, tutor, student, cancellationToken);
                if (booking == BookingOutcome.Pending)
                {
                    throw new RetryLaterException();
                }

                if (booking == BookingOutcome.Refused)
                {
                    // Refused for good on retry: the tutor is told, and this row is done (no further retry).
                    await notifier.SendAsync(SessionRoles.Tutor, session, tutor, LiveCard.Notice, () => cards.TutorStatus(session, student.DisplayName, "Session_Calendar_Failed"), cancellationToken);
                }

                await notifier.RefreshAsync(session, tutor, student, null, cancellationToken);
                row.ActivityId = null;
            }
            else
            {
                row.ActivityId = await notifier.SendAsync(row.Role, session, person, row.Kind, () => CardFor(row, session, other), cancellationToken, throwOnFailure: true)
                    ?? throw new ConnectorException("No conversation with this person yet", null);
            }

            row.State = ReminderStates.Sent;
            row.SentUtc = clock.GetUtcNow();
            row.LeaseUntilUtc = null;
            await rows.TryReplaceAsync(row, cancellationToken);
            Log.Sent(logger, row.Kind, row.SessionId, row.Role);
            return true;
        }
        catch (Exception ex) when (ex is ConnectorException or RetryLaterException or OperationCanceledException)
        {
            var never = ex is ConnectorException { RecipientUnreachable: true } or ConnectorException { StatusCode: 400 or 404 };
            row.State = never || row.Attempts >= options.Value.MaxAttempts ? ReminderStates.Failed : ReminderStates.Pending;
            row.NotBeforeUtc = clock.GetUtcNow() + options.Value.RetryDelay;
            row.LeaseUntilUtc = null;
            await rows.TryReplaceAsync(row, cancellationToken);
            Log.NotSent(logger, row.Kind, row.SessionId, row.Role, row.State, ex);
            return false;
        }
    }

    private AdaptiveCard CardFor(ReminderRow row, TutoringSession session, Person other) => row.Kind switch
    {
        ReminderKinds.Log => cards.TutorStatus(session, other.DisplayName),
        ReminderKinds.Feedback => cards.FeedbackCard(session, other.DisplayName),
        _ => cards.Reminder(session, row.Role, row.Kind, other.DisplayName),
    };

    /// <summary>A row is for one agreed time of one generation: anything else means the session moved on.</summary>
    private static bool StillWanted(ReminderRow row, TutoringSession session, DateTimeOffset now) => row.Kind switch
    {
        ReminderKinds.DayBefore or ReminderKinds.HourBefore =>
            session.Status == SessionStatus.Confirmed && session.Generation == row.Generation && session.StartUtc == row.SessionStartUtc && now < session.StartUtc,
        ReminderKinds.Log => session.Status == SessionStatus.Confirmed && session.Generation == row.Generation && session.StartUtc == row.SessionStartUtc && session.Outcome is null,
        ReminderKinds.Feedback => session.Outcome == Outcomes.Happened && session.Rating is null,
        ReminderKinds.Unbook => !string.IsNullOrEmpty(session.EventsToCancel),
        ReminderKinds.Book => session.Status == SessionStatus.Confirmed && session.Generation == row.Generation && session.CalendarEventId is null,
        _ => false,
    };

    private sealed class RetryLaterException : Exception;

    private static partial class Log
    {
        [LoggerMessage(EventId = 5020, Level = LogLevel.Information, Message = "Scheduled {Kind} of session {SessionId} sent to the {Role}")]
        public static partial void Sent(ILogger logger, string kind, string sessionId, string role);

        [LoggerMessage(EventId = 5021, Level = LogLevel.Warning, Message = "Scheduled {Kind} of session {SessionId} to the {Role} not sent; now {State}")]
        public static partial void NotSent(ILogger logger, string kind, string sessionId, string role, string? state, Exception exception);

        [LoggerMessage(EventId = 5022, Level = LogLevel.Error, Message = "Reminder scan failed; next scan as usual")]
        public static partial void ScanFailed(ILogger logger, Exception exception);
    }

    internal static void ScanFailed(ILogger logger, Exception exception) => Log.ScanFailed(logger, exception);
}

/// <summary>Scans the scheduled rows every <see cref="ReminderOptions.ScanInterval"/>; any instance may run it.</summary>
public sealed class ReminderWorker(IServiceScopeFactory scopes, IOptions<ReminderOptions> options, ILogger<ReminderWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ReminderDispatcher>().RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                ReminderDispatcher.ScanFailed(logger, ex);
            }

            try
            {
                await Task.Delay(options.Value.ScanInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

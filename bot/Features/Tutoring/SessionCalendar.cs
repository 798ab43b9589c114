using System.Net;
using TutorBot.Calendar;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// A confirmed session in the tutor's calendar, through <see cref="ICalendar"/> where the tutor has a mailbox:
/// booked idempotently (the booking id is stable per agreed time), cancelled when the time goes. When Graph is
/// unavailable the session stays confirmed, the booking is retried by the scheduled rows and the tutor is told.
/// </summary>
public sealed partial class SessionCalendar(
    IServiceProvider services,
    SessionStore sessions,
    ReminderStore reminders,
    Microsoft.Extensions.Options.IOptions<ReminderOptions> options,
    TimeProvider clock,
    ILogger<SessionCalendar> logger)
{
    /// <summary>A booking inside an invoke must leave time to answer it; a slower Graph is retried later.</summary>
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan BusyHorizon = TimeSpan.FromDays(14);

    private ICalendar? Calendar => services.GetService<ICalendar>();

    /// <summary>"session-{id}.{generation}": stable for one agreed time, new when the time changes (a new event).</summary>
    public static string BookingIdOf(TutoringSession session) =>
        $"session-{session.Id}.{session.Generation.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The booking a session would make, without calling anything (for the .ics file too).</summary>
    public static CalendarBooking BookingOf(TutoringSession session, Person tutor, Person student) => new(
        BookingIdOf(session),
        tutor.Mailbox ?? "",
        "Tutorat — " + tutor.DisplayName + " / " + student.DisplayName,
        "<p>Passeport Avenir — " + WebUtility.HtmlEncode(tutor.DisplayName) + " / " + WebUtility.HtmlEncode(student.DisplayName) + "</p>",
        session.StartUtc,
        session.EndUtc,
        session.PlaceDetail ?? session.Place,
        session.Place == Places.Teams,
        [new CalendarAttendee(student.DisplayName, student.Mailbox)]);

    /// <summary>The tutor's busy times over the next two weeks; empty without a mailbox or when Graph does not answer.</summary>
    public async Task<IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>> BusyAsync(Person tutor, CancellationToken cancellationToken)
    {
        if (Calendar is not { } calendar || tutor.Mailbox is not { } mailbox)
        {
            return [];
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        try
        {
            var now = clock.GetUtcNow();
            var busy = await calendar.GetBusyAsync(mailbox, now, now + BusyHorizon, budget.Token);
            return [.. busy.Select(b => (b.StartUtc, b.EndUtc)).OrderBy(b => b.StartUtc)];
        }
        catch (Exception ex) when (ex is CalendarUnavailableException or CalendarRefusedException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Availability is a help, not a gate: without it the tutor still proposes.
            Log.BusyUnavailable(logger, tutor.Id, ex);
            return [];
        }
    }

    /// <summary>Books the confirmed session: done (booked, or nothing to book), pending (a row retries it) or refused for good.</summary>
    public async Task<BookingOutcome> BookAsync(TutoringSession session, Person tutor, Person student, CancellationToken cancellationToken)
    {
        // A refusal already recorded for this agreed time was told once; a new time (Agree) clears it and tries again.
        if (Calendar is not { } calendar || tutor.Mailbox is not { } mailbox || session.Status != SessionStatus.Confirmed || session.CalendarFailure is not null)
        {
            return BookingOutcome.Done;
        }

        var booking = BookingOf(session, tutor, student) with { OrganizerMailbox = mailbox };
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        try
        {
            var created = await calendar.CreateAsync(booking, budget.Token);
            await sessions.UpdateAsync(session.StudentId, session.Id, s =>
            {
                if (s.Generation != session.Generation)
                {
                    return false;
                }

                s.CalendarEventId = created.EventId;
                s.CalendarOrganizer = created.OrganizerMailbox;
                s.OnlineMeetingUrl = created.OnlineMeetingUrl;
                s.CalendarPending = false;
                return true;
            }, cancellationToken);
            session.CalendarEventId = created.EventId;
            session.CalendarOrganizer = created.OrganizerMailbox;
            session.OnlineMeetingUrl = created.OnlineMeetingUrl;
            session.CalendarPending = false;
            Log.Booked(logger, session.Id);
            return BookingOutcome.Done;
        }
        catch (CalendarRefusedException ex)
        {
            // Unknown mailbox or access denied: recorded on the session, no retry row; the caller tells the tutor.
            Log.BookingRefused(logger, session.Id, ex.Status);
            var failure = ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var updated = await sessions.UpdateAsync(session.StudentId, session.Id, s =>
            {
                if (s.Generation != session.Generation)
                {
                    return false;
                }

                s.CalendarFailure = failure;
                s.CalendarPending = false;
                return true;
            }, cancellationToken);
            session.CalendarFailure = failure;
            session.CalendarPending = false;
            session.ETag = updated?.ETag ?? session.ETag;
            return BookingOutcome.Refused;
        }
        catch (Exception ex) when (ex is CalendarUnavailableException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.BookingDeferred(logger, session.Id, ex);
            if (!session.CalendarPending)
            {
                // The retry row first, then the flag: a crash in between leaves a retry, never a forgotten booking.
                await reminders.PlanAsync([ReminderPlan.Row(session, ReminderKinds.Book, SessionRoles.Tutor, clock.GetUtcNow() + options.Value.RetryDelay)], cancellationToken);
                var updated = await sessions.UpdateAsync(session.StudentId, session.Id, s =>
                {
                    if (s.Generation != session.Generation || s.CalendarPending)
                    {
                        return false;
                    }

                    s.CalendarPending = true;
                    return true;
                }, cancellationToken);
                session.CalendarPending = true;
                session.ETag = updated?.ETag ?? session.ETag;
            }

            return BookingOutcome.Pending;
        }
    }

    /// <summary>
    /// Cancels the booked event of the session's previous agreed time, if any (attendees are told by the calendar).
    /// When Graph is down the event is remembered on the session and a row retries the cancellation.
    /// </summary>
    public async Task CancelAsync(TutoringSession session, string? reason, CancellationToken cancellationToken)
    {
        if (Calendar is null || session.CalendarEventId is not { } eventId || session.CalendarOrganizer is not { } organizer)
        {
            return;
        }

        var pending = !await TryCancelAsync(new CalendarEventRef(organizer, eventId, session.OnlineMeetingUrl), reason, session.Id, cancellationToken);
        if (pending)
        {
            await reminders.PlanAsync([ReminderPlan.Row(session, ReminderKinds.Unbook, SessionRoles.Tutor, clock.GetUtcNow() + options.Value.RetryDelay)], cancellationToken);
        }

        var updated = await sessions.UpdateAsync(session.StudentId, session.Id, s =>
        {
            if (s.CalendarEventId != eventId)
            {
                return false;
            }

            s.CalendarEventId = null;
            s.OnlineMeetingUrl = null;
            if (pending)
            {
                s.EventsToCancel = string.Join(';', new[] { s.EventsToCancel, organizer + "\t" + eventId }.Where(x => !string.IsNullOrEmpty(x)));
            }

            return true;
        }, cancellationToken);
        session.CalendarEventId = null;
        session.EventsToCancel = updated?.EventsToCancel ?? session.EventsToCancel;
        session.ETag = updated?.ETag ?? session.ETag;
    }

    /// <summary>Cancels the events Graph could not cancel before; true when none is left.</summary>
    public async Task<bool> CancelLeftoversAsync(TutoringSession session, CancellationToken cancellationToken)
    {
        if (Calendar is null || string.IsNullOrEmpty(session.EventsToCancel))
        {
            return true;
        }

        var done = new List<string>();
        foreach (var item in session.EventsToCancel.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (item.Split('\t') is [var organizer, var eventId] && await TryCancelAsync(new CalendarEventRef(organizer, eventId), session.Reason, session.Id, cancellationToken))
            {
                done.Add(item);
            }
        }

        var updated = await sessions.UpdateAsync(session.StudentId, session.Id, s =>
        {
            var left = (s.EventsToCancel ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries).Except(done).ToList();
            s.EventsToCancel = left.Count == 0 ? null : string.Join(';', left);
            return true;
        }, cancellationToken);
        session.EventsToCancel = updated?.EventsToCancel;
        return session.EventsToCancel is null;
    }

    private async Task<bool> TryCancelAsync(CalendarEventRef calendarEvent, string? reason, string sessionId, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(Budget);
        try
        {
            await Calendar!.CancelAsync(calendarEvent, reason, budget.Token);
            return true;
        }
        catch (CalendarRefusedException ex)
        {
            // The event is gone (404) or may not be touched (403): retrying cannot change that.
            Log.CancelRefused(logger, sessionId, ex.Status);
            return true;
        }
        catch (Exception ex) when (ex is CalendarUnavailableException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.CancelFailed(logger, sessionId, ex);
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Session {SessionId} booked in the tutor's calendar")]
        public static partial void Booked(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 5031, Level = LogLevel.Warning, Message = "Session {SessionId}: calendar unavailable, booking retried later")]
        public static partial void BookingDeferred(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(EventId = 5032, Level = LogLevel.Warning, Message = "Session {SessionId}: calendar event not cancelled yet; retried later")]
        public static partial void CancelFailed(ILogger logger, string sessionId, Exception exception);

        [LoggerMessage(EventId = 5034, Level = LogLevel.Warning, Message = "Session {SessionId}: the calendar refused the booking (status {Status}); recorded, not retried")]
        public static partial void BookingRefused(ILogger logger, string sessionId, int status);

        [LoggerMessage(EventId = 5035, Level = LogLevel.Warning, Message = "Session {SessionId}: the calendar refused to cancel the event (status {Status}); not retried")]
        public static partial void CancelRefused(ILogger logger, string sessionId, int status);

        [LoggerMessage(EventId = 5033, Level = LogLevel.Warning, Message = "Free/busy of tutor {TutorId} unavailable")]
        public static partial void BusyUnavailable(ILogger logger, string tutorId, Exception exception);
    }
}

/// <summary>What booking a session came to.</summary>
public enum BookingOutcome
{
    /// <summary>Booked, or nothing to book (no calendar, no mailbox, not confirmed).</summary>
    Done,

    /// <summary>Graph unavailable: a scheduled row retries it.</summary>
    Pending,

    /// <summary>Graph refused for good (unknown mailbox, access denied): recorded on the session, not retried.</summary>
    Refused,
}

namespace TutorBot.Calendar;

/// <summary>
/// Calendars: Microsoft Graph in Azure (PLATFORM.md §6), bookings kept in storage locally. Every create is
/// idempotent: the booking id becomes Graph's <c>transactionId</c>, so a retried create makes no second event.
/// </summary>
public interface ICalendar
{
    /// <summary>Creates the event in the organiser's calendar with its attendees (invitations go out on creation).</summary>
    /// <exception cref="CalendarUnavailableException">Graph stayed unavailable after the retry budget: book again later.</exception>
    /// <exception cref="CalendarRefusedException">Graph refused (unknown mailbox, access denied): booking again will not help.</exception>
    Task<CalendarEventRef> CreateAsync(CalendarBooking booking, CancellationToken cancellationToken = default);

    /// <summary>Moves or changes the event (time, place, attendees).</summary>
    Task UpdateAsync(CalendarEventRef calendarEvent, CalendarBooking booking, CancellationToken cancellationToken = default);

    /// <summary>Cancels the event; attendees are told, with the comment.</summary>
    Task CancelAsync(CalendarEventRef calendarEvent, string? comment, CancellationToken cancellationToken = default);

    /// <summary>Busy intervals of a mailbox (Graph <c>getSchedule</c>); empty where there is no mailbox.</summary>
    Task<IReadOnlyList<BusyInterval>> GetBusyAsync(string mailbox, DateTimeOffset startUtc, DateTimeOffset endUtc, CancellationToken cancellationToken = default);
}

/// <summary>What to book. <see cref="BookingId"/> is stable for one booking (e.g. "session-{id}", "visit-{id}").</summary>
public sealed record CalendarBooking(
    string BookingId,
    string OrganizerMailbox,
    string Subject,
    string BodyHtml,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string Location,
    bool OnlineMeeting,
    IReadOnlyList<CalendarAttendee> Attendees)
{
    /// <summary>Graph's idempotency key for this booking.</summary>
    public string TransactionId => "tutorbot-" + BookingId;
}

/// <summary>An attendee; <see cref="Email"/> is null for someone without a Microsoft 365 mailbox (they get an .ics file).</summary>
public sealed record CalendarAttendee(string Name, string? Email);

/// <summary>A booked event: the organiser's mailbox and the event id, plus the Teams meeting link when there is one.</summary>
public sealed record CalendarEventRef(string OrganizerMailbox, string EventId, string? OnlineMeetingUrl = null);

public sealed record BusyInterval(DateTimeOffset StartUtc, DateTimeOffset EndUtc);

/// <summary>Graph could not be reached or kept failing (429/5xx/timeouts after the retry budget): try again later.</summary>
/// <param name="status">Graph's last status, when it answered.</param>
/// <param name="retryAfter">Graph's Retry-After, when it said how long to wait.</param>
public sealed class CalendarUnavailableException(string message, Exception? inner = null, int? status = null, TimeSpan? retryAfter = null) : Exception(message, inner)
{
    public int? Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Graph refused the call with a 4xx other than 408/429 (404 unknown mailbox or event, 403 access denied): a
/// permanent failure, recorded and told, never retried.
/// </summary>
public sealed class CalendarRefusedException(int status, string message, Exception? inner = null) : Exception(message, inner)
{
    public int Status { get; } = status;
}

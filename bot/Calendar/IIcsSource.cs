namespace TutorBot.Calendar;

/// <summary>
/// A feature whose bookings can be downloaded as <c>.ics</c> (sessions, visits). The <c>/ics/{token}</c> endpoint
/// decodes a signed, expiring link into (kind, booking id, person id) and asks the source of that kind.
/// </summary>
public interface IIcsSource
{
    /// <summary>The link kind this source answers, e.g. "session" or "visit".</summary>
    string Kind { get; }

    /// <summary>The booking as the person may see it, or null when it does not exist or is not theirs.</summary>
    Task<IcsBooking?> FindAsync(string bookingId, string personId, CancellationToken cancellationToken = default);
}

/// <summary>A booking as an .ics file shows it; <see cref="Sequence"/> grows with each change, <see cref="Cancelled"/> cancels it.</summary>
public sealed record IcsBooking(CalendarBooking Booking, int Sequence, bool Cancelled);

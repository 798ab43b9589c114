using System.Net;
using TutorBot.Calendar;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// A session in the tutor's calendar: what a booking is (the booking id is stable per agreed time, so a retried
/// create makes no second event), and the tutor's busy times for the proposal form. The bookings themselves are
/// outbox rows (<see cref="CalendarHandler"/>).
/// </summary>
public sealed partial class SessionCalendar(IServiceProvider services, TimeProvider clock, ILogger<SessionCalendar> logger)
{
    /// <summary>
    /// The free/busy read is the only Graph call on a person's turn (the tutor opening or sending the proposal form,
    /// for himself): a slower Graph is skipped rather than holding the turn. Bookings and cancellations are outbox rows.
    /// </summary>
    public static readonly TimeSpan BusyBudget = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan BusyHorizon = TimeSpan.FromDays(14);

    public ICalendar? Calendar => services.GetService<ICalendar>();

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
        budget.CancelAfter(BusyBudget);
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

    private static partial class Log
    {
        [LoggerMessage(EventId = 5033, Level = LogLevel.Warning, Message = "Free/busy of tutor {TutorId} unavailable")]
        public static partial void BusyUnavailable(ILogger logger, string tutorId, Exception exception);
    }
}

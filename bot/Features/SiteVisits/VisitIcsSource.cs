using TutorBot.Calendar;
using TutorBot.Features.Workshops;

namespace TutorBot.Features.SiteVisits;

/// <summary>Visits as .ics files, for the host and for each attendee without a mailbox.</summary>
public sealed class VisitIcsSource(WorkshopStore workshops, VisitCalendar calendar) : IIcsSource
{
    public string Kind => WorkshopKinds.Visit;

    public async Task<IcsBooking?> FindAsync(string bookingId, string personId, CancellationToken cancellationToken = default)
    {
        var visitId = bookingId.StartsWith("visit-", StringComparison.Ordinal) ? bookingId["visit-".Length..] : bookingId;
        if (await workshops.GetAsync(visitId, cancellationToken) is not { Kind: WorkshopKinds.Visit, Status: WorkshopStatus.Published } visit)
        {
            return null;
        }

        var booking = await calendar.BookingAsync(visit, cancellationToken);
        if (visit.HostId == personId)
        {
            return new IcsBooking(booking, visit.CalendarSequence, false);
        }

        var registration = await workshops.GetRegistrationAsync(visit.Id, personId, cancellationToken);
        return registration switch
        {
            null => null,
            { Status: RegistrationStatus.Confirmed } => new IcsBooking(booking, visit.CalendarSequence, false),

            // Someone who cancelled (or only waits) gets the cancellation, so their calendar drops the event.
            _ => new IcsBooking(booking, visit.CalendarSequence + 1, true),
        };
    }
}

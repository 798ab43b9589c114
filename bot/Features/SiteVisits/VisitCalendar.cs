using System.Net;
using TutorBot.Calendar;
using TutorBot.Delivery;
using TutorBot.Features.Programme;
using TutorBot.Features.Workshops;

namespace TutorBot.Features.SiteVisits;

/// <summary>
/// Keeps a visit's event in the host's calendar in step with its confirmed attendees. Runs from the outbox
/// (<see cref="VisitRowKinds.Calendar"/>), never in a turn: the create is idempotent (the booking id is Graph's <c>transactionId</c>) and the event id is
/// stored after it, so a crash or a timeout between the two makes no second event.
/// </summary>
public sealed partial class VisitCalendar(
    WorkshopStore workshops,
    ProgrammeStore programme,
    OutboxStore outbox,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<VisitCalendar> logger)
{
    /// <summary>
    /// Graph's 429/5xx come back <c>Later</c> (after its Retry-After); a refusal (404 unknown mailbox, 403 access
    /// denied) is recorded on the visit, the host is told through another row, and the row ends <c>Never</c>.
    /// </summary>
    public async Task<DeliveryOutcome> SyncAsync(string visitId, CancellationToken cancellationToken = default)
    {
        if (services.GetService<ICalendar>() is not { } calendar)
        {
            // No calendar configured (a local run without Graph): the booking stays in storage, offered as .ics.
            Log.NoCalendar(logger, visitId);
            return DeliveryOutcome.Dropped("no calendar configured");
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await workshops.GetAsync(visitId, cancellationToken) is not { Kind: WorkshopKinds.Visit, Status: WorkshopStatus.Published, CalendarFailure: null } visit)
            {
                return DeliveryOutcome.Dropped("no published visit to book");
            }

            if (visit.CalendarEventId is null || visit.HostMailbox is null)
            {
                // Booked in the host's stored mailbox, read now; without one the visit lives on as .ics files only.
                if (visit.HostId is null || await programme.GetAsync(visit.HostId, cancellationToken) is not { Mailbox: { } mailbox })
                {
                    Log.NoHostMailbox(logger, visitId);
                    return DeliveryOutcome.Dropped("host has no stored mailbox");
                }

                visit.HostMailbox = mailbox;
            }

            var booking = await BookingAsync(visit, cancellationToken);
            try
            {
                if (visit.CalendarEventId is null)
                {
                    var created = await calendar.CreateAsync(booking, cancellationToken);
                    visit.CalendarEventId = created.EventId;
                    Log.Booked(logger, visitId, created.EventId);
                }
                else
                {
                    await calendar.UpdateAsync(new CalendarEventRef(visit.HostMailbox, visit.CalendarEventId), booking, cancellationToken);
                    Log.Updated(logger, visitId, booking.Attendees.Count);
                }
            }
            catch (CalendarRefusedException ex)
            {
                // Unknown mailbox or access denied: recorded on the visit and told to the host; retrying cannot help.
                Log.Refused(logger, visitId, ex.Status);
                await outbox.PlanAsync(VisitRows.CalendarFailed(visit, clock.GetUtcNow()), cancellationToken);
                visit.CalendarFailure = ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!await workshops.TryReplaceAsync(visit, cancellationToken))
                {
                    continue;
                }

                return DeliveryOutcome.Never("graph " + visit.CalendarFailure);
            }
            catch (CalendarUnavailableException ex)
            {
                return DeliveryOutcome.Later(ex.Status is { } status ? "graph " + status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "graph not reached", ex.RetryAfter);
            }

            visit.CalendarSequence++;
            if (await workshops.TryReplaceAsync(visit, cancellationToken))
            {
                return DeliveryOutcome.Sent(visit.CalendarEventId);
            }

            // A sign-up changed the visit meanwhile: sync again with the new attendees (the create is not repeated:
            // the same transactionId finds the same event).
        }

        return DeliveryOutcome.Later("the visit kept changing");
    }

    /// <summary>The visit as the calendar books it: the host (in their stored mailbox, empty before it is booked) organises, confirmed students attend (no mailbox: .ics).</summary>
    public async Task<CalendarBooking> BookingAsync(Workshop visit, CancellationToken cancellationToken = default)
    {
        var attendees = new List<CalendarAttendee>();
        foreach (var registration in await workshops.RegistrationsAsync(visit.Id, cancellationToken))
        {
            if (registration.Status == RegistrationStatus.Confirmed && await programme.GetAsync(registration.PersonId, cancellationToken) is { } person)
            {
                // Students' mailboxes are not stored (many are minors): they get the .ics file.
                attendees.Add(new CalendarAttendee(person.DisplayName, null));
            }
        }

        var location = $"{visit.Site}, {visit.Address}";
        return new CalendarBooking(
            BookingId(visit.Id),
            visit.HostMailbox ?? "",
            "Passeport Avenir — " + visit.Site,
            "<p>" + WebUtility.HtmlEncode(location) + "</p>",
            visit.StartUtc,
            visit.EndUtc,
            location,
            false,
            attendees);
    }

    public static string BookingId(string visitId) => Workshop.BookingIdOf(visitId);

    private static partial class Log
    {
        [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Visit {VisitId} booked as event {EventId}")]
        public static partial void Booked(ILogger logger, string visitId, string eventId);

        [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "Visit {VisitId} event updated with {Attendees} attendees")]
        public static partial void Updated(ILogger logger, string visitId, int attendees);

        [LoggerMessage(EventId = 6203, Level = LogLevel.Information, Message = "Visit {VisitId} not booked: no calendar configured")]
        public static partial void NoCalendar(ILogger logger, string visitId);

        [LoggerMessage(EventId = 6204, Level = LogLevel.Information, Message = "Visit {VisitId} not booked: its host has no stored mailbox (attendees get .ics files)")]
        public static partial void NoHostMailbox(ILogger logger, string visitId);

        [LoggerMessage(EventId = 6205, Level = LogLevel.Warning, Message = "Visit {VisitId}: the host's calendar refused the booking (status {Status}); recorded, not retried")]
        public static partial void Refused(ILogger logger, string visitId, int status);

    }
}

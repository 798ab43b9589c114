using System.Net;
using TutorBot.Calendar;
using TutorBot.Conversation;
using TutorBot.Features.Programme;
using TutorBot.Features.Workshops;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;
using TutorBot.Storage;

namespace TutorBot.Features.SiteVisits;

/// <summary>
/// Keeps a visit's event in the host's calendar in step with its confirmed attendees. Runs from the fan-out queue,
/// never in a turn: the create is idempotent (the booking id is Graph's <c>transactionId</c>) and the event id is
/// stored after it, so a crash or a timeout between the two makes no second event.
/// </summary>
public sealed partial class VisitCalendar(
    WorkshopStore workshops,
    ProgrammeStore programme,
    ConversationStore conversations,
    IConnector connector,
    WorkshopCards cards,
    IServiceProvider services,
    ILogger<VisitCalendar> logger)
{
    /// <summary>True when done (or nothing to do); false to try again later.</summary>
    public async Task<bool> SyncAsync(string visitId, CancellationToken cancellationToken = default)
    {
        if (services.GetService<ICalendar>() is not { } calendar)
        {
            // No calendar configured (a local run without Graph): the booking stays in storage, offered as .ics.
            Log.NoCalendar(logger, visitId);
            return true;
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await workshops.GetAsync(visitId, cancellationToken) is not { Kind: WorkshopKinds.Visit, Status: WorkshopStatus.Published, CalendarFailure: null } visit)
            {
                return true;
            }

            if (visit.CalendarEventId is null || visit.HostMailbox is null)
            {
                // Booked in the host's stored mailbox, read now; without one the visit lives on as .ics files only.
                if (visit.HostId is null || await programme.GetAsync(visit.HostId, cancellationToken) is not { Mailbox: { } mailbox })
                {
                    Log.NoHostMailbox(logger, visitId);
                    return true;
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
                visit.CalendarFailure = ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!await workshops.TryReplaceAsync(visit, cancellationToken))
                {
                    continue;
                }

                await TellHostAsync(visit, cancellationToken);
                return true;
            }

            visit.CalendarSequence++;
            if (await workshops.TryReplaceAsync(visit, cancellationToken))
            {
                return true;
            }

            // A sign-up changed the visit meanwhile: sync again with the new attendees (the create is not repeated:
            // the same transactionId finds the same event).
        }

        return false;
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

    public static string BookingId(string visitId) => "visit-" + visitId;

    private async Task TellHostAsync(Workshop visit, CancellationToken cancellationToken)
    {
        var host = visit.HostId is { } hostId ? await programme.GetAsync(hostId, cancellationToken) : null;
        if (host is null || ObjectIds.Missing(host.AadObjectId) || await conversations.FindAsync(host.TenantId, host.AadObjectId, cancellationToken) is not { } found)
        {
            Log.HostNotTold(logger, visit.Id);
            return;
        }

        try
        {
            Activity notice;
            using (new CultureScope(Culture.FromLocale(found.Locale)))
            {
                notice = cards.Notice("Visit_Calendar_Failed", visit.Site ?? "").ToActivity();
            }

            await connector.SendAsync(found.Reference, notice, cancellationToken);
        }
        catch (ConnectorException)
        {
            Log.HostNotTold(logger, visit.Id);
        }
    }

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

        [LoggerMessage(EventId = 6206, Level = LogLevel.Warning, Message = "Visit {VisitId}: the host could not be told of the calendar failure")]
        public static partial void HostNotTold(ILogger logger, string visitId);
    }
}

using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace TutorBot.Calendar;

/// <summary>An RFC 5545 file for one booking, in Europe/Paris time, for people without a Microsoft 365 mailbox.</summary>
public static class IcsFile
{
    private const string Paris = "Europe/Paris";

    public static string Write(IcsBooking ics)
    {
        var booking = ics.Booking;
        var calendar = new Ical.Net.Calendar { Method = ics.Cancelled ? "CANCEL" : "PUBLISH" };
        calendar.AddTimeZone(new VTimeZone(Paris));
        var start = Conversation.Culture.ToParis(booking.StartUtc).DateTime;
        var end = Conversation.Culture.ToParis(booking.EndUtc).DateTime;
        calendar.Events.Add(new CalendarEvent
        {
            // The same UID as Graph's transaction id: calendars recognise updates and cancellations of one event.
            Uid = booking.TransactionId,
            Sequence = ics.Sequence,
            Summary = booking.Subject,
            Description = System.Text.RegularExpressions.Regex.Replace(booking.BodyHtml, "<[^>]+>", " ").Trim(),
            Location = booking.Location,
            DtStart = new CalDateTime(start, Paris),
            DtEnd = new CalDateTime(end, Paris),
            Status = ics.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
        });
        return new CalendarSerializer().SerializeToString(calendar)!;
    }
}

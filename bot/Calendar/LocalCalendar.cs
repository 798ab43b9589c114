using Azure;
using Azure.Data.Tables;
using TutorBot.Conversation;
using TutorBot.Storage;

namespace TutorBot.Calendar;

/// <summary>
/// The calendar without Graph credentials (the local run): bookings are kept in storage, keyed by their
/// transaction id so a retried create finds the same event, and people get them as .ics files.
/// </summary>
public sealed class LocalCalendar(Tables tables) : ICalendar
{
    public const string Table = "CalendarEvents";

    private TableClient Events => tables[Table];

    public async Task<CalendarEventRef> CreateAsync(CalendarBooking booking, CancellationToken cancellationToken = default)
    {
        var entity = ToEntity(booking, ConversationStore.Key(booking.TransactionId));
        try
        {
            await Events.AddEntityAsync(entity, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Created before: the same booking retried.
        }

        return new CalendarEventRef(booking.OrganizerMailbox, entity.RowKey);
    }

    public async Task UpdateAsync(CalendarEventRef calendarEvent, CalendarBooking booking, CancellationToken cancellationToken = default) =>
        await Events.UpsertEntityAsync(ToEntity(booking, calendarEvent.EventId), TableUpdateMode.Replace, cancellationToken);

    public async Task CancelAsync(CalendarEventRef calendarEvent, string? comment, CancellationToken cancellationToken = default) =>
        await Events.UpsertEntityAsync(
            new TableEntity(ConversationStore.Key(calendarEvent.OrganizerMailbox), calendarEvent.EventId) { ["Cancelled"] = true, ["Comment"] = comment },
            TableUpdateMode.Merge,
            cancellationToken);

    /// <summary>No mailbox locally: nobody is busy.</summary>
    public Task<IReadOnlyList<BusyInterval>> GetBusyAsync(string mailbox, DateTimeOffset startUtc, DateTimeOffset endUtc, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<BusyInterval>>([]);

    private static TableEntity ToEntity(CalendarBooking booking, string eventId) => new(ConversationStore.Key(booking.OrganizerMailbox), eventId)
    {
        ["BookingId"] = booking.BookingId,
        ["Subject"] = booking.Subject,
        ["StartUtc"] = booking.StartUtc,
        ["EndUtc"] = booking.EndUtc,
        ["Location"] = booking.Location,
        ["Attendees"] = booking.Attendees.Count,
        ["Cancelled"] = false,
    };
}

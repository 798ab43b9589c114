using TutorBot.Delivery;

namespace TutorBot.Features.Workshops;

/// <summary>
/// Rows another feature plans with each change of a workshop's attendees, before the change (site visits: the
/// host's calendar event follows). Due a moment later, so the change has committed when they run.
/// </summary>
public interface IAttendeeRows
{
    IEnumerable<OutboxRow> RowsFor(Workshop workshop, DateTimeOffset now);
}

using TutorBot.Delivery;
using TutorBot.Features.Workshops;

namespace TutorBot.Features.SiteVisits;

/// <summary>The outbox kinds of site visits (their invitations are workshop invitations).</summary>
public static class VisitRowKinds
{
    /// <summary>A company offered a visit: expands into one <see cref="MatchRequest"/> per coordinator.</summary>
    public const string Offered = "visit.offered";
    public const string MatchRequest = "visit.matchRequest";

    /// <summary>Books or updates the visit in the host's calendar (Graph).</summary>
    public const string Calendar = "visit.calendar";

    /// <summary>Tells the host their calendar refused the visit.</summary>
    public const string CalendarFailed = "visit.calendarFailed";
}

public static class VisitRows
{
    /// <summary>How long after a change of attendees its calendar update is due, so the change has committed.</summary>
    public static readonly TimeSpan CalendarDelay = TimeSpan.FromSeconds(2);

    public static OutboxRow Offered(Workshop visit) => WorkshopRows.Row(VisitRowKinds.Offered, visit, "offered", visit.CreatedUtc, null);

    public static OutboxRow MatchRequest(Workshop visit, string coordinatorId, DateTimeOffset due) =>
        WorkshopRows.Row(VisitRowKinds.MatchRequest, visit, "matchRequest/" + coordinatorId, due, coordinatorId, group: WorkshopRows.Prefix(visit.Id) + "matchRequest");

    public static OutboxRow Calendar(Workshop visit, DateTimeOffset due) => WorkshopRows.Row(VisitRowKinds.Calendar, visit, "calendar", due, visit.HostId);

    public static OutboxRow CalendarFailed(Workshop visit, DateTimeOffset due) => WorkshopRows.Row(VisitRowKinds.CalendarFailed, visit, "calendarFailed", due, visit.HostId);
}

/// <summary>Each change of a visit's attendees plans its calendar update.</summary>
public sealed class VisitAttendeeRows : IAttendeeRows
{
    public IEnumerable<OutboxRow> RowsFor(Workshop workshop, DateTimeOffset now) =>
        workshop.Kind == WorkshopKinds.Visit ? [VisitRows.Calendar(workshop, now + VisitRows.CalendarDelay)] : [];
}

/// <summary>An offered visit: one match card per coordinator, while it waits to be matched.</summary>
public sealed class VisitOfferedHandler(WorkshopStore workshops, WorkshopAudience audience, OutboxStore outbox, TimeProvider clock) : IOutboxHandler
{
    public string Kind => VisitRowKinds.Offered;

    public bool UsesConnector => false;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        switch (await workshops.GetAsync(WorkshopRowPayload.Of(row).WorkshopId, cancellationToken))
        {
            case null when clock.GetUtcNow() - row.DueUtc < PromotedHandler.CommitWait:
                return DeliveryOutcome.Later("visit not written yet", TimeSpan.FromSeconds(1));
            case { Kind: WorkshopKinds.Visit, Status: WorkshopStatus.Offered } visit:
                var coordinators = await audience.CoordinatorsAsync(cancellationToken);
                await outbox.PlanAsync(coordinators.Select(id => VisitRows.MatchRequest(visit, id, row.DueUtc)), cancellationToken);
                return DeliveryOutcome.Sent();
            default:
                return DeliveryOutcome.Dropped("no offered visit");
        }
    }
}

/// <summary>A coordinator's card to match an offered visit to schools.</summary>
public sealed class MatchRequestHandler(WorkshopStore workshops, SchoolDirectory directory, VisitHosts hosts, VisitCards cards, WorkshopMessenger messenger) : IOutboxHandler
{
    public string Kind => VisitRowKinds.MatchRequest;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (await workshops.GetAsync(WorkshopRowPayload.Of(row).WorkshopId, cancellationToken) is not { Kind: WorkshopKinds.Visit, Status: WorkshopStatus.Offered } visit || row.RecipientId is not { } coordinatorId)
        {
            return DeliveryOutcome.Dropped("matched already");
        }

        var (schools, classes) = await directory.LoadAsync(cancellationToken);
        var choice = await hosts.LoadAsync(visit, cancellationToken);
        return await messenger.SendOnceAsync(row, visit, coordinatorId, () => Task.FromResult<Cards.AdaptiveCard?>(cards.MatchForm(visit, schools, classes, choice)), cancellationToken);
    }
}

/// <summary>Books or updates the visit in the host's calendar: Graph, not the connector.</summary>
public sealed class VisitCalendarHandler(VisitCalendar calendar) : IOutboxHandler
{
    public string Kind => VisitRowKinds.Calendar;

    public bool UsesConnector => false;

    public Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken) =>
        calendar.SyncAsync(WorkshopRowPayload.Of(row).WorkshopId, cancellationToken);
}

/// <summary>Tells the host, once, that their calendar refused the visit.</summary>
public sealed class VisitCalendarFailedHandler(WorkshopStore workshops, VisitCards cards, WorkshopMessenger messenger, TimeProvider clock) : IOutboxHandler
{
    public string Kind => VisitRowKinds.CalendarFailed;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (await workshops.GetAsync(WorkshopRowPayload.Of(row).WorkshopId, cancellationToken) is not { CalendarFailure: not null, HostId: { } hostId } visit)
        {
            // Planned before the failure is recorded on the visit.
            return clock.GetUtcNow() - row.DueUtc < PromotedHandler.CommitWait
                ? DeliveryOutcome.Later("failure not recorded yet", TimeSpan.FromSeconds(1))
                : DeliveryOutcome.Dropped("no calendar failure recorded");
        }

        return await messenger.SendOnceAsync(row, visit, hostId, () => Task.FromResult<Cards.AdaptiveCard?>(cards.Notice("Visit_Calendar_Failed", visit.Site ?? "")), cancellationToken);
    }
}

using Microsoft.Kiota.Abstractions;
using TutorBot.Calendar;
using TutorBot.Delivery;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// Calendar rows: the agreed time booked in the tutor's calendar, an event that left the session cancelled. Graph
/// 429/5xx/unreachable come back later (Retry-After honoured) and the tutor hears once that the booking waits; a
/// refusal (404 unknown mailbox, 403 access denied) is recorded on the session, told to the tutor, never retried.
/// </summary>
public sealed partial class CalendarHandler(
    SessionNotifier notifier,
    SessionStore sessions,
    SessionCalendar calendar,
    OutboxStore outbox,
    TimeProvider clock,
    ILogger<CalendarHandler> logger) : IOutboxHandler
{
    public string Kind => TutoringKinds.Calendar;

    public bool UsesConnector => false;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var data = SessionRowData.Of(row);
        var party = await notifier.LoadAsync(data.StudentId, data.SessionId, cancellationToken);
        if (party is null || calendar.Calendar is not { } graph)
        {
            return DeliveryOutcome.Dropped("session gone or no calendar");
        }

        try
        {
            return data.What == SessionRows.UnbookOperation
                ? await UnbookAsync(graph, party, data, cancellationToken)
                : await BookAsync(graph, party, data, cancellationToken);
        }
        catch (CalendarRefusedException ex)
        {
            Log.Refused(logger, party.Session.Id, data.What, ex.Status);
            if (data.What == SessionRows.BookOperation)
            {
                await RecordRefusalAsync(party, data, ex.Status, cancellationToken);
            }
            else
            {
                await sessions.UpdateAsync(party.Session.StudentId, party.Session.Id, s => s.ForgetEventToCancel(data.Event!), cancellationToken);
            }

            return DeliveryOutcomes.FromStatus("graph", ex.Status);
        }
        catch (Exception ex) when (ex is CalendarUnavailableException or HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Log.Unavailable(logger, party.Session.Id, data.What, ex);
            if (data.What == SessionRows.BookOperation)
            {
                await RecordPendingAsync(party, data, cancellationToken);
            }

            return DeliveryOutcome.Later("graph unavailable", RetryAfter(ex));
        }
    }

    private async Task<DeliveryOutcome> BookAsync(ICalendar graph, SessionParty party, SessionRowData data, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = party;
        if (session.Status != SessionStatus.Confirmed || session.Generation != data.Generation || session.CalendarEventId is not null || session.CalendarFailure is not null)
        {
            return DeliveryOutcome.Dropped("moved, cancelled, booked or refused since");
        }

        if (tutor.Mailbox is not { } mailbox)
        {
            return DeliveryOutcome.Dropped("no mailbox");
        }

        var created = await graph.CreateAsync(SessionCalendar.BookingOf(session, tutor, student) with { OrganizerMailbox = mailbox }, cancellationToken);
        var wasPending = session.CalendarPending;
        var current = await sessions.GetAsync(session.StudentId, session.Id, cancellationToken);
        if (current is null || current.Generation != data.Generation)
        {
            // The time changed while Graph booked it: the new event goes, through a row planned before it is listed.
            await outbox.PlanAsync(SessionRows.Unbook(session, tutor.TenantId, created.EventId, clock.GetUtcNow()), cancellationToken);
            await sessions.UpdateAsync(session.StudentId, session.Id, s =>
            {
                s.EventsToCancel = string.Join(';', new[] { s.EventsToCancel, created.OrganizerMailbox + "\t" + created.EventId }.Where(x => !string.IsNullOrEmpty(x)));
                return true;
            }, cancellationToken);
            return DeliveryOutcome.Dropped("moved while booking");
        }

        var booked = await sessions.UpdateAsync(session.StudentId, session.Id, s =>
        {
            if (s.Generation != data.Generation)
            {
                return false;
            }

            s.CalendarEventId = created.EventId;
            s.CalendarOrganizer = created.OrganizerMailbox;
            s.OnlineMeetingUrl = created.OnlineMeetingUrl;
            s.CalendarPending = false;
            return true;
        }, cancellationToken);
        if (wasPending && booked is not null)
        {
            // The "waits for the calendar" line goes from every card.
            await outbox.PlanAsync(SessionRows.Edits(booked, tutor.TenantId, clock.GetUtcNow()), cancellationToken);
        }

        Log.Booked(logger, session.Id);
        return DeliveryOutcome.Sent(created.EventId);
    }

    private async Task<DeliveryOutcome> UnbookAsync(ICalendar graph, SessionParty party, SessionRowData data, CancellationToken cancellationToken)
    {
        if (data.Event is not { } eventId || party.Session.OrganizerToCancel(eventId) is not { } organizer)
        {
            return DeliveryOutcome.Dropped("already cancelled");
        }

        await graph.CancelAsync(new CalendarEventRef(organizer, eventId), party.Session.Reason, cancellationToken);
        await sessions.UpdateAsync(party.Session.StudentId, party.Session.Id, s => s.ForgetEventToCancel(eventId), cancellationToken);
        return DeliveryOutcome.Sent(eventId);
    }

    /// <summary>Graph refused the booking for good: the tutor is told (row first), then the refusal is recorded on the session.</summary>
    private async Task RecordRefusalAsync(SessionParty party, SessionRowData data, int status, CancellationToken cancellationToken)
    {
        var (session, tutor, _) = party;
        if (session.Generation != data.Generation)
        {
            return;
        }

        await outbox.PlanAsync(SessionRows.Tell(session, tutor.TenantId, SessionRoles.Tutor, "Session_Calendar_Failed", clock.GetUtcNow()), cancellationToken);
        var failure = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await sessions.UpdateAsync(session.StudentId, session.Id, s =>
        {
            if (s.Generation != data.Generation)
            {
                return false;
            }

            s.CalendarFailure = failure;
            s.CalendarPending = false;
            return true;
        }, cancellationToken);
    }

    /// <summary>Graph is down: the first time, the tutor hears the booking waits (row first), and the session shows it.</summary>
    private async Task RecordPendingAsync(SessionParty party, SessionRowData data, CancellationToken cancellationToken)
    {
        var (session, tutor, _) = party;
        if (session.CalendarPending || session.Generation != data.Generation)
        {
            return;
        }

        await outbox.PlanAsync(SessionRows.Tell(session, tutor.TenantId, SessionRoles.Tutor, "Session_Calendar_Pending", clock.GetUtcNow()), cancellationToken);
        await sessions.UpdateAsync(session.StudentId, session.Id, s =>
        {
            if (s.Generation != data.Generation || s.CalendarPending)
            {
                return false;
            }

            s.CalendarPending = true;
            return true;
        }, cancellationToken);
    }

    private static TimeSpan? RetryAfter(Exception ex) =>
        ex.InnerException is ApiException api && api.ResponseHeaders.TryGetValue("Retry-After", out var values)
            && int.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static partial class Log
    {
        [LoggerMessage(EventId = 5030, Level = LogLevel.Information, Message = "Session {SessionId} booked in the tutor's calendar")]
        public static partial void Booked(ILogger logger, string sessionId);

        [LoggerMessage(EventId = 5031, Level = LogLevel.Warning, Message = "Session {SessionId}: calendar unavailable for {Operation}; tried again later")]
        public static partial void Unavailable(ILogger logger, string sessionId, string? operation, Exception exception);

        [LoggerMessage(EventId = 5034, Level = LogLevel.Warning, Message = "Session {SessionId}: the calendar refused {Operation} (status {Status}); recorded, not retried")]
        public static partial void Refused(ILogger logger, string sessionId, string? operation, int status);
    }
}

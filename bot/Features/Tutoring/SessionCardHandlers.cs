using TutorBot.Delivery;
using TutorBot.Protocol.Connector;

namespace TutorBot.Features.Tutoring;

/// <summary>
/// Reminder rows: checked against the session when due (cancelled, moved, started, already logged or rated: dropped),
/// then sent. A send whose outcome is unknown (or a run cut before its outcome was recorded) is not sent again.
/// </summary>
public sealed class ReminderHandler(SessionNotifier notifier, TutoringCards cards, TimeProvider clock) : IOutboxHandler
{
    public string Kind => TutoringKinds.Reminder;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        if (row.WasInterrupted)
        {
            return DeliveryOutcome.Uncertain("interrupted run: a reminder is not sent twice");
        }

        var data = SessionRowData.Of(row);
        var party = await notifier.LoadAsync(data.StudentId, data.SessionId, cancellationToken);
        var now = clock.GetUtcNow();
        if (party is null || data.Role is not { } role || data.What is not { } kind)
        {
            return DeliveryOutcome.Dropped("session gone");
        }

        if (party.Session.ReminderStale(kind, data.Generation, data.Start, now) is { } stale)
        {
            return DeliveryOutcome.Dropped(stale);
        }

        if (role == SessionRoles.Student && ReminderPlan.IsQuiet(now))
        {
            // Late (the app was down): still no card to a student at night; it waits for 08:00.
            return DeliveryOutcome.Later("quiet hours", ReminderPlan.OutOfQuietHours(now) - now);
        }

        var other = party.OtherOf(role).DisplayName;
        var id = await notifier.SendAsync(role, party, kind, () => cards.Due(kind, role, party.Session, other), cancellationToken);
        return id is null ? DeliveryOutcome.Never("no conversation with the " + role) : DeliveryOutcome.Sent(id);
    }
}

/// <summary>
/// Tells one side what changed: a new card (kept as a live card), or, for an answer to the tutor's proposal, the
/// tutor's proposal card edited in place while it can be. Dropped once the session moved to another time.
/// </summary>
public sealed class TellHandler(SessionNotifier notifier, TutoringCards cards) : IOutboxHandler
{
    public string Kind => TutoringKinds.Tell;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var data = SessionRowData.Of(row);
        var party = await notifier.LoadAsync(data.StudentId, data.SessionId, cancellationToken);
        if (party is null || data.Role is not { } role || data.What is not { } noticeKey)
        {
            return DeliveryOutcome.Dropped("session gone");
        }

        if (party.Session.Generation != data.Generation)
        {
            return DeliveryOutcome.Dropped("moved since");
        }

        var other = party.OtherOf(role).DisplayName;
        if (data.Main && party.Session.MainCardOf(role) is { } main)
        {
            try
            {
                await notifier.EditAsync(main, party, () => cards.Current(role, main.Kind, party.Session, other), cancellationToken);
                return DeliveryOutcome.Sent(main.ActivityId);
            }
            catch (ConnectorException ex) when (ex.StatusCode is 404 or 400)
            {
                // The card is gone: a new one says it.
            }
        }

        if (row.WasInterrupted)
        {
            return DeliveryOutcome.Uncertain("interrupted run: a card is not sent twice");
        }

        var id = await notifier.SendAsync(role, party, LiveCard.Notice, () => cards.Told(role, party.Session, other, noticeKey), cancellationToken);
        return id is null ? DeliveryOutcome.Never("no conversation with the " + role) : DeliveryOutcome.Sent(id);
    }
}

/// <summary>Edits one earlier card of the session to its current view. A PUT is idempotent: an edit whose outcome is unknown is tried again.</summary>
public sealed class EditHandler(SessionNotifier notifier, TutoringCards cards) : IOutboxHandler
{
    public string Kind => TutoringKinds.Edit;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        var data = SessionRowData.Of(row);
        var party = await notifier.LoadAsync(data.StudentId, data.SessionId, cancellationToken);
        var card = party?.Session.Cards().FirstOrDefault(c => c.ActivityId == data.Card);
        if (party is null || card is null)
        {
            return DeliveryOutcome.Dropped("card no longer of the session");
        }

        try
        {
            var other = party.OtherOf(card.Role).DisplayName;
            await notifier.EditAsync(card, party, () => cards.Current(card.Role, card.Kind, party.Session, other), cancellationToken);
            return DeliveryOutcome.Sent(card.ActivityId);
        }
        catch (ConnectorException ex) when (ex.MayHaveSent)
        {
            return DeliveryOutcome.Later("edit outcome unknown; a PUT is tried again", ex.RetryAfter);
        }
    }
}

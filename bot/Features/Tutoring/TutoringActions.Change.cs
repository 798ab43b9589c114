using TutorBot.Conversation;

namespace TutorBot.Features.Tutoring;

/// <summary>Reschedule or cancel, by either side of the pair, with a reason.</summary>
public sealed partial class TutoringActions
{
    /// <summary>Reschedule or cancel: the form, for either side of the pair.</summary>
    private CardActionResult OpenChange(TurnContext turn, CardActionRequest request, SessionParty party)
    {
        if (RoleOf(turn, party) is not { } role)
        {
            return CardActionResult.Say(cards.Text("NotYourCard"));
        }

        var mode = request.Get(TutoringCards.Inputs.Mode) == TutoringCards.Modes.Cancel ? TutoringCards.Modes.Cancel : TutoringCards.Modes.Reschedule;
        return party.Session.CanChange(mode, clock.GetUtcNow())
            ? CardActionResult.Replace(cards.ChangeForm(party.Session, mode))
            : CardActionResult.Replace(cards.ViewFor(role, party.Session, party.OtherOf(role).DisplayName, "Change_Conflict"));
    }

    private CardActionResult Back(TurnContext turn, SessionParty party) =>
        RoleOf(turn, party) is { } role
            ? CardActionResult.Replace(cards.ViewFor(role, party.Session, party.OtherOf(role).DisplayName))
            : CardActionResult.Say(cards.Text("NotYourCard"));

    /// <summary>
    /// A new time, with a reason. From the tutor it is a new proposal the student answers; from the student, a time
    /// the tutor accepts or not. Either way the agreed time is gone until then, with its reminders and its event.
    /// </summary>
    private async Task<CardActionResult> RescheduleAsync(TurnContext turn, CardActionRequest request, SessionParty party, CancellationToken cancellationToken)
    {
        var session = party.Session;
        if (RoleOf(turn, party) is not { } role)
        {
            return CardActionResult.Say(cards.Text("NotYourCard"));
        }

        if (!session.CanChange(TutoringCards.Modes.Reschedule, clock.GetUtcNow()))
        {
            return CardActionResult.Replace(cards.ViewFor(role, session, party.OtherOf(role).DisplayName, "Change_Conflict"));
        }

        var start = ProposalInput.ParseStart(request.Get(TutoringCards.Inputs.Date), request.Get(TutoringCards.Inputs.Time), clock.GetUtcNow(), out var errorKey);
        if (start is null)
        {
            return CardActionResult.Replace(cards.ChangeForm(session, TutoringCards.Modes.Reschedule, request, errorKey));
        }

        if (ReadReason(request) is not { } reason)
        {
            return CardActionResult.Replace(cards.ChangeForm(session, TutoringCards.Modes.Reschedule, request, "Change_Error_Reason"));
        }

        if (session.IsSameTime(start.Value))
        {
            return CardActionResult.Replace(cards.ChangeForm(session, TutoringCards.Modes.Reschedule, request, "Change_Error_Same"));
        }

        var released = session.Reschedule(role, start.Value, reason);
        var rows = ChangeRows(party, request.CardActivityId, TutoringSession.OtherRole(role), "Notify_Rescheduled", releasedEvent: released);
        if (!await CommitAsync(session, rows, cancellationToken))
        {
            return await ConflictAsync(role, party, cancellationToken);
        }

        Log.Rescheduled(logger, session.Id, role);
        return CardActionResult.Replace(cards.ViewFor(role, session, party.OtherOf(role).DisplayName));
    }

    private async Task<CardActionResult> CancelAsync(TurnContext turn, CardActionRequest request, SessionParty party, CancellationToken cancellationToken)
    {
        var session = party.Session;
        if (RoleOf(turn, party) is not { } role)
        {
            return CardActionResult.Say(cards.Text("NotYourCard"));
        }

        if (!session.CanChange(TutoringCards.Modes.Cancel, clock.GetUtcNow()))
        {
            return CardActionResult.Replace(cards.ViewFor(role, session, party.OtherOf(role).DisplayName, "Change_Conflict"));
        }

        if (ReadReason(request) is not { } reason)
        {
            return CardActionResult.Replace(cards.ChangeForm(session, TutoringCards.Modes.Cancel, request, "Change_Error_Reason"));
        }

        var released = session.Cancel(role, reason);
        var rows = ChangeRows(party, request.CardActivityId, TutoringSession.OtherRole(role), "Notify_Cancelled", releasedEvent: released);
        if (!await CommitAsync(session, rows, cancellationToken))
        {
            return await ConflictAsync(role, party, cancellationToken);
        }

        Log.Cancelled(logger, session.Id, role);
        return CardActionResult.Replace(cards.ViewFor(role, session, party.OtherOf(role).DisplayName));
    }

    private static string? ReadReason(CardActionRequest request) =>
        request.Get(TutoringCards.Inputs.Reason) is { Length: <= TutoringCards.ReasonMaxLength } reason ? reason : null;
}

using TutorBot.Conversation;

namespace TutorBot.Features.Tutoring;

/// <summary>"I'll be there" / "I can't come" on a reminder: stored, the other side told through the outbox.</summary>
public sealed partial class TutoringActions
{
    private async Task<CardActionResult> RemindAnswerAsync(TurnContext turn, CardActionRequest request, SessionParty party, CancellationToken cancellationToken)
    {
        var session = party.Session;
        if (RoleOf(turn, party) is not { } role)
        {
            return CardActionResult.Say(cards.Text("NotYourCard"));
        }

        var other = party.OtherOf(role).DisplayName;
        if (!session.CanAnswerReminder(role, clock.GetUtcNow()))
        {
            return CardActionResult.Replace(cards.ViewFor(role, session, other, "Change_Conflict"));
        }

        // Constants only, for the metric's tag.
        var answer = request.Get(TutoringCards.Inputs.Answer) switch
        {
            Attendance.Confirmed => Attendance.Confirmed,
            Attendance.CantCome => Attendance.CantCome,
            _ => null,
        };
        if (answer is null)
        {
            return CardActionResult.Replace(cards.ViewFor(role, session, other, "Session_Error_Answer"));
        }

        // No reminder is planned here: the answer changes neither the time nor the generation.
        session.AnswerReminder(role, answer);
        var rows = ChangeRows(party, request.CardActivityId, TutoringSession.OtherRole(role), "Notify_Attendance_" + answer);
        if (!await CommitAsync(session, rows, cancellationToken))
        {
            return await ConflictAsync(role, party, cancellationToken);
        }

        Log.ReminderAnswered(logger, session.Id, role, answer);
        metrics.RemindersAnswered.Add(1, new KeyValuePair<string, object?>("answer", answer));
        return CardActionResult.Replace(cards.Reminder(session, role, ReminderKinds.DayBefore, other));
    }
}

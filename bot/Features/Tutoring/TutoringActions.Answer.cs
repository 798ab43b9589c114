using System.Globalization;
using TutorBot.Conversation;

namespace TutorBot.Features.Tutoring;

/// <summary>The student's answer to a proposal (a slot, decline, another time) and the tutor accepting the other time.</summary>
public sealed partial class TutoringActions
{
    private async Task<CardActionResult> AnswerAsync(TurnContext turn, CardActionRequest request, SessionParty party, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = party;
        if (!ObjectIds.Same(student.AadObjectId, turn.AadObjectId))
        {
            return CardActionResult.Say(cards.Text("Session_NotForYou", student.DisplayName));
        }

        if (session.Status != SessionStatus.Proposed)
        {
            return CardActionResult.Replace(cards.StudentStatus(session, tutor.DisplayName, "Session_AlreadyAnswered"));
        }

        string noticeKey;
        switch (request.Get(TutoringCards.Inputs.Answer))
        {
            case TutoringCards.Answers.Confirm:
                var slots = session.AllSlots();
                var slotText = request.Get(TutoringCards.Inputs.Slot) ?? "1";
                if (!int.TryParse(slotText, NumberStyles.None, CultureInfo.InvariantCulture, out var slot) || slot < 1 || slot > slots.Count)
                {
                    return CardActionResult.Replace(cards.StudentInvitationWithError(session, tutor.DisplayName, "Session_Error_Slot"));
                }

                session.Agree(slots[slot - 1]);
                noticeKey = "Notify_Confirmed";
                break;
            case TutoringCards.Answers.Decline:
                session.Status = SessionStatus.Declined;
                noticeKey = "Notify_Declined";
                break;
            case TutoringCards.Answers.Counter:
                var counter = ProposalInput.ParseStart(request.Get(TutoringCards.Inputs.CounterDate), request.Get(TutoringCards.Inputs.CounterTime), clock.GetUtcNow(), out var errorKey);
                if (counter is null)
                {
                    return CardActionResult.Replace(cards.StudentInvitationWithError(session, tutor.DisplayName, errorKey!));
                }

                session.Status = SessionStatus.CounterProposed;
                session.CounterStartUtc = counter;
                noticeKey = "Notify_Counter";
                break;
            default:
                return CardActionResult.Replace(cards.StudentInvitationWithError(session, tutor.DisplayName, "Session_Error_Answer"));
        }

        session.AnsweredUtc = clock.GetUtcNow();

        // The answer shows on the tutor's proposal card, edited in place; a new card only when that card is gone.
        var rows = ChangeRows(party, request.CardActivityId, SessionRoles.Tutor, noticeKey, agreed: session.Status == SessionStatus.Confirmed, inMainCard: true);
        if (!await CommitAsync(session, rows, cancellationToken))
        {
            return await ConflictAsync(SessionRoles.Student, party, cancellationToken, "Session_AlreadyAnswered");
        }

        Log.Answered(logger, session.Id, session.Status);
        return CardActionResult.Replace(cards.StudentStatus(session, tutor.DisplayName));
    }

    /// <summary>The tutor accepts the time the student asked for: confirmed for both.</summary>
    private async Task<CardActionResult> AcceptCounterAsync(TurnContext turn, CardActionRequest request, SessionParty party, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = party;
        if (!ObjectIds.Same(tutor.AadObjectId, turn.AadObjectId))
        {
            return CardActionResult.Say(cards.Text("NotYourCard"));
        }

        if (session.Status != SessionStatus.CounterProposed || session.CounterStartUtc is not { } counter || counter <= clock.GetUtcNow())
        {
            return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName, "Change_Conflict"));
        }

        session.Agree(counter);
        if (!await CommitAsync(session, ChangeRows(party, request.CardActivityId, SessionRoles.Student, "Notify_Confirmed", agreed: true), cancellationToken))
        {
            return await ConflictAsync(SessionRoles.Tutor, party, cancellationToken);
        }

        Log.Answered(logger, session.Id, session.Status);
        return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName));
    }
}

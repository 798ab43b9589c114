using System.Globalization;
using TutorBot.Conversation;

namespace TutorBot.Features.Tutoring;

/// <summary>After the session: the tutor's log (and the student's rating card planned), the student's rating.</summary>
public sealed partial class TutoringActions
{
    private async Task<CardActionResult> LogAsync(TurnContext turn, CardActionRequest request, SessionParty party, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = party;
        if (!ObjectIds.Same(tutor.AadObjectId, turn.AadObjectId))
        {
            return CardActionResult.Say(cards.Text("NotYourCard"));
        }

        if (session.Outcome is not null)
        {
            return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName, "Log_AlreadySaved"));
        }

        if (!session.CanLog(clock.GetUtcNow()))
        {
            return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName, "Log_Error_NotYet"));
        }

        var outcome = request.Get(TutoringCards.Inputs.Outcome);
        if (outcome is null || !Outcomes.All.Contains(outcome))
        {
            return CardActionResult.Replace(cards.LogForm(session, student.DisplayName, request, "Log_Error_Outcome"));
        }

        var topics = (request.Get(TutoringCards.Inputs.Topics) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (topics.Any(t => !Topics.All.Contains(t)) || (outcome == Outcomes.Happened && topics.Count == 0))
        {
            return CardActionResult.Replace(cards.LogForm(session, student.DisplayName, request, "Log_Error_Topics"));
        }

        session.Outcome = outcome;
        session.LoggedTopics = string.Join(',', topics);
        session.LoggedUtc = clock.GetUtcNow();
        var rows = ChangeRows(party, request.CardActivityId, null, null).ToList();
        if (outcome == Outcomes.Happened)
        {
            rows.Add(SessionRows.Reminder(session, tutor.TenantId, ReminderKinds.Feedback, SessionRoles.Student, ReminderPlan.FeedbackDue(session)));
        }

        if (!await CommitAsync(session, rows, cancellationToken))
        {
            return await ConflictAsync(SessionRoles.Tutor, party, cancellationToken, "Log_AlreadySaved");
        }

        Log.Logged(logger, session.Id, outcome);
        return CardActionResult.Replace(cards.TutorStatus(session, student.DisplayName, "Log_Saved", cards.Text("Log_Outcome_" + outcome)));
    }

    /// <summary>The log form again, from the history: the tutor's current view of a past session is its log form.</summary>
    private CardActionResult OpenLog(TurnContext turn, SessionParty party) =>
        ObjectIds.Same(party.Tutor.AadObjectId, turn.AadObjectId)
            ? CardActionResult.Replace(cards.TutorStatus(party.Session, party.Student.DisplayName))
            : CardActionResult.Say(cards.Text("NotYourCard"));

    /// <summary>The student's one-tap rating, with the comment if one was typed.</summary>
    private async Task<CardActionResult> RateAsync(TurnContext turn, CardActionRequest request, SessionParty party, CancellationToken cancellationToken)
    {
        var (session, tutor, student) = party;
        if (!ObjectIds.Same(student.AadObjectId, turn.AadObjectId))
        {
            return CardActionResult.Say(cards.Text("Session_NotForYou", student.DisplayName));
        }

        if (!session.CanRate)
        {
            return CardActionResult.Replace(cards.StudentStatus(session, tutor.DisplayName, "Feedback_Already"));
        }

        if (!int.TryParse(request.Get(TutoringCards.Inputs.Rating), NumberStyles.None, CultureInfo.InvariantCulture, out var rating) || rating is < 1 or > TutoringCards.Ratings)
        {
            return CardActionResult.Replace(cards.FeedbackCard(session, tutor.DisplayName, "Feedback_Error_Rating"));
        }

        var comment = request.Get(TutoringCards.Inputs.Comment);
        if (comment?.Length > TutoringCards.CommentMaxLength)
        {
            return CardActionResult.Replace(cards.FeedbackCard(session, tutor.DisplayName, "Feedback_Error_Comment"));
        }

        session.Rating = rating;
        session.RatingComment = comment;
        if (!await CommitAsync(session, ChangeRows(party, request.CardActivityId, null, null), cancellationToken))
        {
            return await ConflictAsync(SessionRoles.Student, party, cancellationToken, "Feedback_Already");
        }

        Log.Rated(logger, session.Id, rating);
        return CardActionResult.Replace(cards.StudentStatus(session, tutor.DisplayName, "Feedback_Thanks"));
    }
}

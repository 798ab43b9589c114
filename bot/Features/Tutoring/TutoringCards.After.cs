using System.Globalization;
using TutorBot.Cards;
using TutorBot.Conversation;

namespace TutorBot.Features.Tutoring;

/// <summary>After the session: the tutor's log, the student's rating, the pair's history.</summary>
public sealed partial class TutoringCards
{
    /// <summary>The tutor's log after the session: outcome and topics from the programme's list.</summary>
    public AdaptiveCard LogForm(TutoringSession session, string studentName, CardActionRequest? previous = null, string? errorKey = null)
    {
        var body = new List<CardElement>
        {
            CardPieces.Title(tutoring["Log_Title", studentName]),
            Facts(session),
            new TextBlock(tutoring["Log_Intro"]),
        };
        if (errorKey is not null)
        {
            body.Add(CardPieces.Error(Text(errorKey)));
        }

        body.Add(new InputChoiceSet([.. Outcomes.All.Select(o => new Choice(tutoring["Log_Outcome_" + o], o))])
        {
            Id = Inputs.Outcome, Label = tutoring["Log_Outcome"], Style = "expanded", IsRequired = true, ErrorMessage = tutoring["Log_Error_Outcome"], Value = previous?.Get(Inputs.Outcome),
        });
        body.Add(new InputChoiceSet([.. Topics.All.Select(t => new Choice(tutoring["Log_Topic_" + t], t))])
        {
            Id = Inputs.Topics, Label = tutoring["Log_Topics"], Style = "expanded", IsMultiSelect = true, Value = previous?.Get(Inputs.Topics),
        });
        return new AdaptiveCard(body, [new ActionExecute(tutoring["Log_Submit"], Verbs.Log, Ids(session)) { AssociatedInputs = "auto" }]);
    }

    /// <summary>The student's one-tap rating, with an optional comment.</summary>
    public AdaptiveCard FeedbackCard(TutoringSession session, string tutorName, string? errorKey = null)
    {
        var body = new List<CardElement>
        {
            CardPieces.Title(tutoring["Feedback_Title", tutorName]),
            Facts(session),
            new TextBlock(tutoring["Feedback_Intro"]),
        };
        if (errorKey is not null)
        {
            body.Add(CardPieces.Error(Text(errorKey)));
        }

        body.Add(new InputText { Id = Inputs.Comment, Label = tutoring["Feedback_Comment"], IsMultiline = true, MaxLength = CommentMaxLength });
        return new AdaptiveCard(body,
        [
            .. Enumerable.Range(1, Ratings).Reverse().Select(r => new ActionExecute(
                tutoring["Feedback_Rating_" + r.ToString(CultureInfo.InvariantCulture)],
                Verbs.Rate,
                new Dictionary<string, string>(Ids(session)) { [Inputs.Rating] = r.ToString(CultureInfo.InvariantCulture) }) { AssociatedInputs = "auto" }),
        ]);
    }

    /// <summary>
    /// The pair's history for the tutor: each session, newest first, with its log and the student's rating; paged
    /// (<paramref name="page"/>, from 0) so that a long history stays within the message budget.
    /// </summary>
    public AdaptiveCard History(string studentName, IReadOnlyList<TutoringSession> sessions, int page = 0)
    {
        var body = new List<CardElement> { CardPieces.Title(tutoring["History_Title", studentName]) };
        if (sessions.Count == 0)
        {
            body.Add(new TextBlock(tutoring["History_Empty"]));
            return new AdaptiveCard(body);
        }

        body.Add(new TextBlock(tutoring["History_Summary",
            sessions.Count(s => s.Outcome == Outcomes.Happened),
            sessions.Count(s => s.Outcome == Outcomes.Absent),
            sessions.Count(s => s.Status == SessionStatus.Cancelled || s.Outcome == Outcomes.Cancelled)])
        { IsSubtle = true });
        var entries = new List<CardElement>();
        foreach (var session in sessions.OrderByDescending(s => s.StartUtc))
        {
            var state = session.Outcome is { } outcome ? tutoring["Log_Outcome_" + outcome].Value : tutoring["Status_Short_" + session.Status].Value;
            var items = new List<CardElement> { new TextBlock(tutoring["History_Line", Culture.FormatParis(session.StartUtc), state]) { Weight = "Bolder" } };
            if (!string.IsNullOrEmpty(session.LoggedTopics))
            {
                items.Add(new TextBlock(tutoring["History_Topics", TopicNames(session.LoggedTopics)]) { IsSubtle = true });
            }

            if (session.Rating is { } rating)
            {
                var line = tutoring["Feedback_Rating"] + " : " + tutoring["Feedback_Rating_" + rating.ToString(CultureInfo.InvariantCulture)];
                if (!string.IsNullOrEmpty(session.RatingComment))
                {
                    line += " — « " + session.RatingComment + " »";
                }

                items.Add(new TextBlock(line) { IsSubtle = true });
            }

            if (session.Reason is { } reason && session.Status == SessionStatus.Cancelled)
            {
                items.Add(new TextBlock(tutoring["Session_Reason", reason]) { IsSubtle = true });
            }

            if (session.Status == SessionStatus.Confirmed && session.Outcome is null && clock.GetUtcNow() >= session.StartUtc)
            {
                // The log card may be long scrolled away: the history offers it again.
                items.Add(new ActionSet([new ActionExecute(tutoring["Log_Open"], Verbs.OpenLog, Ids(session))]));
            }

            entries.Add(new Container(items) { Separator = true });
        }

        var pages = CardPages.Split(entries);
        page = Math.Clamp(page, 0, pages.Count - 1);
        body.AddRange(pages[page]);
        if (pages.Count == 1)
        {
            return new AdaptiveCard(body);
        }

        body.Add(new TextBlock(tutoring["History_Page", page + 1]) { IsSubtle = true, Size = "Small" });
        var actions = new List<CardAction>();
        if (page > 0)
        {
            actions.Add(new ActionExecute(tutoring["History_Newer"], Verbs.HistoryPage, HistoryPage(sessions[0].StudentId, page - 1)));
        }

        if (page < pages.Count - 1)
        {
            actions.Add(new ActionExecute(tutoring["History_Older"], Verbs.HistoryPage, HistoryPage(sessions[0].StudentId, page + 1)));
        }

        return new AdaptiveCard(body, actions);
    }

    private static Dictionary<string, string> HistoryPage(string studentId, int page) =>
        new() { [Inputs.StudentId] = studentId, [Inputs.Page] = page.ToString(CultureInfo.InvariantCulture) };
}

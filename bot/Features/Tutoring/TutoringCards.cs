using System.Globalization;
using Microsoft.Extensions.Localization;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Resources;

namespace TutorBot.Features.Tutoring;

/// <summary>The cards of a session's life: the tutor's form and status, the student's invitation and answer.</summary>
public sealed class TutoringCards(IStringLocalizer<Strings> strings, TimeProvider clock)
{
    public static class Verbs
    {
        public const string Propose = "proposeSession";
        public const string Answer = "answerSession";
        public const string Resend = "resendSession";
    }

    public static class Inputs
    {
        public const string StudentId = "studentId";
        public const string SessionId = "sessionId";
        public const string Answer = "answer";
        public const string Date = "date";
        public const string Time = "time";
        public const string Duration = "duration";
        public const string Place = "place";
        public const string PlaceDetail = "placeDetail";
        public const string CounterDate = "counterDate";
        public const string CounterTime = "counterTime";
    }

    public static class Answers
    {
        public const string Confirm = "confirm";
        public const string Decline = "decline";
        public const string Counter = "counter";
    }

    /// <summary>The tutor's proposal form; after a wrong input it comes back with the values kept and what to fix.</summary>
    public AdaptiveCard ProposalForm(string studentId, string studentName, CardActionRequest? previous = null, string? errorKey = null)
    {
        var today = DateOnly.FromDateTime(Culture.ToParis(clock.GetUtcNow()).DateTime);
        var body = new List<CardElement>
        {
            new TextBlock(strings["Propose_Title", studentName]) { Size = "Large", Weight = "Bolder" },
            new TextBlock(strings["Propose_Intro"]) { IsSubtle = true },
        };
        if (errorKey is not null)
        {
            body.Add(new TextBlock(strings[errorKey]) { Color = "Attention", Weight = "Bolder" });
        }

        body.AddRange(
        [
            new InputDate { Id = Inputs.Date, Label = strings["Propose_Date"], IsRequired = true, ErrorMessage = strings["Propose_Error_Date"], Min = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Value = previous?.Get(Inputs.Date) },
            new InputTime { Id = Inputs.Time, Label = strings["Propose_Time"], IsRequired = true, ErrorMessage = strings["Propose_Error_Time"], Value = previous?.Get(Inputs.Time) },
            new InputChoiceSet([.. ProposalInput.Durations.Select(d => new Choice(strings["Duration_Minutes", d], d.ToString(CultureInfo.InvariantCulture)))])
            {
                Id = Inputs.Duration, Label = strings["Propose_Duration"], Style = "compact", IsRequired = true, Value = previous?.Get(Inputs.Duration) ?? "60",
            },
            new InputChoiceSet([.. Places.All.Select(p => new Choice(strings["Place_" + p], p))])
            {
                Id = Inputs.Place, Label = strings["Propose_Place"], Style = "expanded", IsRequired = true, Value = previous?.Get(Inputs.Place) ?? Places.Teams,
            },
            new InputText { Id = Inputs.PlaceDetail, Label = strings["Propose_PlaceDetail"], Placeholder = strings["Propose_PlaceDetail_Placeholder"], MaxLength = ProposalInput.PlaceDetailMaxLength, Value = previous?.Get(Inputs.PlaceDetail) },
        ]);

        return new AdaptiveCard(body, [new ActionExecute(strings["Propose_Submit"], Verbs.Propose, new Dictionary<string, string> { [Inputs.StudentId] = studentId })]);
    }

    /// <summary>The tutor's view of a session: where it stands, with a resend button while the student has not got it.</summary>
    public AdaptiveCard TutorStatus(TutoringSession session, string studentName, string? noticeKey = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock(strings["Session_Title_Tutor", studentName]) { Size = "Large", Weight = "Bolder" },
        };
        if (noticeKey is not null)
        {
            body.Add(new TextBlock(strings[noticeKey]) { Color = "Warning" });
        }

        body.Add(Facts(session));
        body.Add(new TextBlock(strings["Session_Status_Tutor_" + session.Status, studentName]) { Weight = "Bolder", Color = StatusColour(session.Status) });
        if (session.Status == SessionStatus.CounterProposed && session.CounterStartUtc is { } counter)
        {
            body.Add(new TextBlock(strings["Session_Counter", studentName, Culture.FormatParis(counter)]));
        }

        IReadOnlyList<CardAction>? actions = null;
        if (session.Status == SessionStatus.Proposed && session.StudentCardActivityId is null)
        {
            body.Add(new TextBlock(strings["Session_NotDelivered", studentName]) { Color = "Attention" });
            actions = [new ActionExecute(strings["Session_Resend"], Verbs.Resend, Ids(session))];
        }

        return new AdaptiveCard(body, actions);
    }

    /// <summary>The student's invitation: three answers, usable from a phone.</summary>
    public AdaptiveCard StudentInvitation(TutoringSession session, string tutorName) => new(
        [
            new TextBlock(strings["Session_Title_Student", tutorName]) { Size = "Large", Weight = "Bolder" },
            Facts(session),
            new TextBlock(strings["Session_Counter_Help"]) { IsSubtle = true, Separator = true },
            new InputDate { Id = Inputs.CounterDate, Label = strings["Propose_Date"] },
            new InputTime { Id = Inputs.CounterTime, Label = strings["Propose_Time"] },
        ],
        [
            new ActionExecute(strings["Session_Confirm"], Verbs.Answer, Ids(session, Answers.Confirm)) { AssociatedInputs = "none" },
            new ActionExecute(strings["Session_Decline"], Verbs.Answer, Ids(session, Answers.Decline)) { AssociatedInputs = "none" },
            new ActionExecute(strings["Session_CounterPropose"], Verbs.Answer, Ids(session, Answers.Counter)) { AssociatedInputs = "auto" },
        ]);

    /// <summary>The student's card once answered: no button is left that could act again.</summary>
    public AdaptiveCard StudentStatus(TutoringSession session, string tutorName, string? noticeKey = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock(strings["Session_Title_Student", tutorName]) { Size = "Large", Weight = "Bolder" },
        };
        if (noticeKey is not null)
        {
            body.Add(new TextBlock(strings[noticeKey]) { Color = "Warning" });
        }

        body.Add(Facts(session));
        body.Add(new TextBlock(strings["Session_Status_Student_" + session.Status, tutorName]) { Weight = "Bolder", Color = StatusColour(session.Status) });
        if (session.Status == SessionStatus.CounterProposed && session.CounterStartUtc is { } counter)
        {
            body.Add(new TextBlock(strings["Session_Counter_Mine", Culture.FormatParis(counter)]));
        }

        return new AdaptiveCard(body);
    }

    /// <summary>The invitation again, with what was wrong in the other-time fields.</summary>
    public AdaptiveCard StudentInvitationWithError(TutoringSession session, string tutorName, string errorKey)
    {
        var card = StudentInvitation(session, tutorName);
        return card with { Body = [card.Body[0], new TextBlock(strings[errorKey]) { Color = "Attention", Weight = "Bolder" }, .. card.Body.Skip(1)] };
    }

    public AdaptiveCard Notice(string key, params object[] args) => new([new TextBlock(Text(key, args))]);

    public string Text(string key, params object[] args) => strings[key, args];

    private FactSet Facts(TutoringSession session)
    {
        var place = strings["Place_" + session.Place].Value;
        if (!string.IsNullOrEmpty(session.PlaceDetail))
        {
            place += " — " + session.PlaceDetail;
        }

        return new FactSet(
        [
            new Fact(strings["Session_When"], Culture.FormatParis(session.StartUtc)),
            new Fact(strings["Session_Duration"], strings["Duration_Minutes", session.DurationMinutes]),
            new Fact(strings["Session_Where"], place),
        ]);
    }

    private static Dictionary<string, string> Ids(TutoringSession session, string? answer = null)
    {
        var data = new Dictionary<string, string> { [Inputs.StudentId] = session.StudentId, [Inputs.SessionId] = session.Id };
        if (answer is not null)
        {
            data[Inputs.Answer] = answer;
        }

        return data;
    }

    private static string StatusColour(string status) => status switch
    {
        SessionStatus.Confirmed => "Good",
        SessionStatus.Declined => "Attention",
        _ => "Default",
    };
}

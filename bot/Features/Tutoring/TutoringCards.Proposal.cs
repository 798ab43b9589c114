using System.Globalization;
using TutorBot.Cards;
using TutorBot.Conversation;

namespace TutorBot.Features.Tutoring;

/// <summary>The proposal: the tutor's form and the student's invitation.</summary>
public sealed partial class TutoringCards
{
    /// <summary>The tutor's proposal form; after a wrong input it comes back with the values kept and what to fix.</summary>
    public AdaptiveCard ProposalForm(string studentId, string studentName, CardActionRequest? previous = null, string? errorKey = null, int? errorSlot = null, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)>? busy = null, string? errorText = null)
    {
        var today = CardPieces.ParisToday(clock.GetUtcNow());
        var body = new List<CardElement>
        {
            CardPieces.Title(strings["Propose_Title", studentName]),
            new TextBlock(strings["Propose_Intro"]) { IsSubtle = true },
            new TextBlock(tutoring["Propose_Slots_Intro"]) { IsSubtle = true },
        };
        if (errorKey is not null)
        {
            var error = errorSlot is { } slot && errorKey != "Propose_Error_SlotIncomplete"
                ? tutoring["Propose_Error_SlotInvalid", slot, Text(errorKey)].Value
                : Text(errorKey, errorSlot ?? 0);
            body.Add(CardPieces.Error(error));
        }

        if (errorText is not null)
        {
            body.Add(CardPieces.Error(errorText));
        }

        if (busy is { Count: > 0 })
        {
            body.Add(new TextBlock(tutoring["Propose_Busy_Title"]) { IsSubtle = true, Separator = true });
            body.Add(new TextBlock(string.Join("\n", busy.Take(10).Select(b => "- " + Culture.FormatParis(b.Start) + " – " + Culture.ToParis(b.End).ToString("HH:mm", CultureInfo.InvariantCulture)))) { IsSubtle = true, Markdown = true });
        }

        body.AddRange(
        [
            .. WhenInputs(today, previous),
            new TextBlock(tutoring["Propose_Slot", 2]) { Weight = "Bolder", Separator = true },
            new ColumnSet(
            [
                new Column([new InputDate { Id = Inputs.Date2, Placeholder = tutoring["Propose_Slot_Date", 2], Min = CardPieces.DateText(today), Value = previous?.Get(Inputs.Date2) }]) { Width = "stretch" },
                new Column([new InputTime { Id = Inputs.Time2, Placeholder = tutoring["Propose_Slot_Time", 2], Value = previous?.Get(Inputs.Time2) }]) { Width = "stretch" },
            ]),
            new TextBlock(tutoring["Propose_Slot", 3]) { Weight = "Bolder" },
            new ColumnSet(
            [
                new Column([new InputDate { Id = Inputs.Date3, Placeholder = tutoring["Propose_Slot_Date", 3], Min = CardPieces.DateText(today), Value = previous?.Get(Inputs.Date3) }]) { Width = "stretch" },
                new Column([new InputTime { Id = Inputs.Time3, Placeholder = tutoring["Propose_Slot_Time", 3], Value = previous?.Get(Inputs.Time3) }]) { Width = "stretch" },
            ]),
            new InputChoiceSet([.. ProposalInput.Durations.Select(d => new Choice(strings["Duration_Minutes", d], d.ToString(CultureInfo.InvariantCulture)))])
            {
                Id = Inputs.Duration, Label = strings["Propose_Duration"], Style = "compact", IsRequired = true, Value = previous?.Get(Inputs.Duration) ?? "60", Separator = true,
            },
            new InputChoiceSet([.. Places.All.Select(p => new Choice(strings["Place_" + p], p))])
            {
                Id = Inputs.Place, Label = strings["Propose_Place"], Style = "expanded", IsRequired = true, Value = previous?.Get(Inputs.Place) ?? Places.Teams,
            },
            new InputText { Id = Inputs.PlaceDetail, Label = strings["Propose_PlaceDetail"], Placeholder = strings["Propose_PlaceDetail_Placeholder"], MaxLength = ProposalInput.PlaceDetailMaxLength, Value = previous?.Get(Inputs.PlaceDetail) },
        ]);

        return new AdaptiveCard(body, [new ActionExecute(strings["Propose_Submit"], Verbs.Propose, new Dictionary<string, string> { [Inputs.StudentId] = studentId })]);
    }

    /// <summary>The student's invitation: one button per offered slot, decline, or another time; usable from a phone.</summary>
    public AdaptiveCard StudentInvitation(TutoringSession session, string tutorName, string? errorKey = null)
    {
        var slots = session.AllSlots();
        var body = new List<CardElement>
        {
            CardPieces.Title(strings["Session_Title_Student", tutorName]),
        };
        if (errorKey is not null)
        {
            body.Add(CardPieces.Error(Text(errorKey)));
        }

        body.Add(Facts(session, showTime: slots.Count == 1));
        AddReason(body, session);
        var actions = new List<CardAction>();
        if (slots.Count == 1)
        {
            actions.Add(new ActionExecute(strings["Session_Confirm"], Verbs.Answer, Ids(session, Answers.Confirm)) { AssociatedInputs = "none" });
        }
        else
        {
            body.Add(new TextBlock(tutoring["Session_Slots_Intro"]) { Weight = "Bolder" });
            body.Add(new ActionSet([.. slots.Select((slot, i) => new ActionExecute(
                tutoring["Session_Slot_Choose", Culture.FormatParis(slot)],
                Verbs.Answer,
                new Dictionary<string, string>(Ids(session, Answers.Confirm)) { [Inputs.Slot] = (i + 1).ToString(CultureInfo.InvariantCulture) }) { AssociatedInputs = "none" })]));
        }

        body.AddRange(
        [
            new TextBlock(strings["Session_Counter_Help"]) { IsSubtle = true, Separator = true },
            new InputDate { Id = Inputs.CounterDate, Label = strings["Propose_Date"] },
            new InputTime { Id = Inputs.CounterTime, Label = strings["Propose_Time"] },
        ]);
        actions.Add(new ActionExecute(strings["Session_Decline"], Verbs.Answer, Ids(session, Answers.Decline)) { AssociatedInputs = "none" });
        actions.Add(new ActionExecute(strings["Session_CounterPropose"], Verbs.Answer, Ids(session, Answers.Counter)) { AssociatedInputs = "auto" });
        return new AdaptiveCard(body, actions);
    }

    /// <summary>The invitation again, with what was wrong in the other-time fields.</summary>
    public AdaptiveCard StudentInvitationWithError(TutoringSession session, string tutorName, string errorKey) => StudentInvitation(session, tutorName, errorKey);

    /// <summary>The session's date and time inputs (proposal and reschedule), with what was typed before.</summary>
    private CardElement[] WhenInputs(DateOnly today, CardActionRequest? previous) => CardPieces.WhenInputs(
        (Inputs.Date, Inputs.Time),
        (strings["Propose_Date"], strings["Propose_Time"]),
        today,
        (previous?.Get(Inputs.Date), previous?.Get(Inputs.Time)),
        (strings["Propose_Error_Date"], strings["Propose_Error_Time"]));
}

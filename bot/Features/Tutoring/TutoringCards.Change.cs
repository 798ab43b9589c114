using System.Globalization;
using TutorBot.Cards;
using TutorBot.Conversation;

namespace TutorBot.Features.Tutoring;

/// <summary>Changing a session: the reschedule / cancel form and the reminders.</summary>
public sealed partial class TutoringCards
{
    /// <summary>Reschedule (new date, time, reason) or cancel (reason) form, for either side.</summary>
    public AdaptiveCard ChangeForm(TutoringSession session, string mode, CardActionRequest? previous = null, string? errorKey = null, params object[] errorArgs)
    {
        var reschedule = mode == Modes.Reschedule;
        var body = new List<CardElement>
        {
            CardPieces.Title(tutoring[reschedule ? "Change_Reschedule_Title" : "Change_Cancel_Title"]),
            Facts(session),
        };
        if (errorKey is not null)
        {
            body.Add(CardPieces.Error(Text(errorKey, errorArgs)));
        }

        if (reschedule)
        {
            body.AddRange(WhenInputs(CardPieces.ParisToday(clock.GetUtcNow()), previous));
        }

        body.Add(new InputText { Id = Inputs.Reason, Label = tutoring["Change_Reason"], Placeholder = tutoring["Change_Reason_Placeholder"], IsRequired = true, ErrorMessage = tutoring["Change_Error_Reason"], MaxLength = ReasonMaxLength, Value = previous?.Get(Inputs.Reason) });
        return new AdaptiveCard(body,
        [
            new ActionExecute(tutoring[reschedule ? "Change_Submit_Reschedule" : "Change_Submit_Cancel"], reschedule ? Verbs.Reschedule : Verbs.Cancel, Ids(session)) { AssociatedInputs = "auto" },
            new ActionExecute(tutoring["Session_Back"], Verbs.Back, Ids(session)) { AssociatedInputs = "none" },
        ]);
    }

    /// <summary>A reminder (the day before, one hour before): confirm / can't come / reschedule, while the session stands.</summary>
    public AdaptiveCard Reminder(TutoringSession session, string role, string kind, string otherName)
    {
        var mine = role == SessionRoles.Tutor ? session.TutorAttendance : session.StudentAttendance;
        if (session.Status != SessionStatus.Confirmed || clock.GetUtcNow() >= session.StartUtc)
        {
            return ViewFor(role, session, otherName);
        }

        var body = new List<CardElement>
        {
            CardPieces.Title(tutoring[kind == ReminderKinds.DayBefore ? "Reminder_Title_DayBefore" : "Reminder_Title_HourBefore", otherName]),
            Facts(session),
        };
        var other = role == SessionRoles.Tutor ? session.StudentAttendance : session.TutorAttendance;
        if (other is not null)
        {
            body.Add(new TextBlock(tutoring["Attendance_Other_" + other, otherName]));
        }

        if (mine is not null)
        {
            body.Add(new TextBlock(tutoring["Reminder_Answered_" + mine]) { Weight = "Bolder", Color = mine == Attendance.Confirmed ? "Good" : "Attention" });
        }

        var data = Ids(session);
        var actions = new List<CardAction>();
        if (mine is null)
        {
            actions.Add(new ActionExecute(tutoring["Session_Confirm"], Verbs.Remind, new Dictionary<string, string>(data) { [Inputs.Answer] = Attendance.Confirmed }));
            actions.Add(new ActionExecute(tutoring["Reminder_CantCome"], Verbs.Remind, new Dictionary<string, string>(data) { [Inputs.Answer] = Attendance.CantCome }));
        }

        actions.Add(new ActionExecute(tutoring["Session_Reschedule"], Verbs.OpenChange, new Dictionary<string, string>(Ids(session)) { [Inputs.Mode] = Modes.Reschedule }));
        return new AdaptiveCard(body, actions);
    }
}

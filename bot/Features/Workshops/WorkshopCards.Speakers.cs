using System.Globalization;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Workshops;

/// <summary>Speakers' offers and the coordinators' decisions, and the roll call.</summary>
public sealed partial class WorkshopCards
{
    /// <summary>The speakers' card: offer to speak, in English for the international workshops.</summary>
    public AdaptiveCard SpeakerOffer(Workshop w, string? noticeKey = null)
    {
        var body = new List<CardElement> { CardPieces.Title(Title(w)) };
        AddError(body, noticeKey, noticeKey is "Speak_Requested" or "Speak_Approved" or "Speak_Already" ? "Good" : "Warning");
        body.Add(Facts(w, withCounts: true));
        var data = new Dictionary<string, string> { [Inputs.WorkshopId] = w.Id };
        var actions = new List<CardAction>();
        if (w.Type == WorkshopTypes.International)
        {
            body.Add(new TextBlock(strings["Speak_EnglishNeeded"]) { IsSubtle = true });
            actions.Add(new ActionExecute(strings["Speak_English"], Verbs.Speak, new Dictionary<string, string>(data) { [Inputs.English] = "true" }));
        }
        else
        {
            actions.Add(new ActionExecute(strings["Speak_Submit"], Verbs.Speak, data));
        }

        actions.Add(new ActionExecute(strings["Attendance_Open"], Verbs.AttendanceForm, data));
        return new AdaptiveCard(body, actions);
    }

    /// <summary>The coordinators' card for an offer to speak: who, where, how many speakers already; approve or decline.</summary>
    public AdaptiveCard SpeakerRequest(Workshop w, Person speaker, Speaker request)
    {
        var body = new List<CardElement>
        {
            CardPieces.Title(strings["SpeakerRequest_Title", speaker.DisplayName]),
            new TextBlock(Title(w)) { Weight = "Bolder" },
            Facts(w, withCounts: true),
        };
        if (request.English)
        {
            body.Add(new TextBlock(strings["SpeakerRequest_English"]) { IsSubtle = true });
        }

        var data = new Dictionary<string, string> { [Inputs.WorkshopId] = w.Id, [Inputs.SpeakerId] = request.PersonId };
        return new AdaptiveCard(body,
        [
            new ActionExecute(strings["SpeakerRequest_Approve"], Verbs.ApproveSpeaker, data),
            new ActionExecute(strings["SpeakerRequest_Decline"], Verbs.DeclineSpeaker, data),
        ]);
    }

    /// <summary>What the deciding coordinator sees: the outcome, named, and the workshop's counts.</summary>
    public AdaptiveCard SpeakerDecision(Workshop w, string noticeKey, string speakerName, string colour = "Good")
    {
        var body = new List<CardElement>
        {
            CardPieces.Title(Title(w)),
            new TextBlock(strings[noticeKey, noticeKey == "Approve_Full" ? w.SpeakersWanted : speakerName]) { Color = colour, Weight = "Bolder" },
            Facts(w, withCounts: true),
        };
        return new AdaptiveCard(body);
    }

    /// <summary>Attendance is taken from an hour before the start to 48 hours after the end: outside, when it opens or closed.</summary>
    public AdaptiveCard AttendanceWindow(Workshop w, DateTimeOffset now) =>
        new([
            CardPieces.Title(strings["Attendance_Title", Title(w)]),
            now < w.AttendanceOpensUtc
                ? new TextBlock(strings["Attendance_NotYet", Culture.FormatParis(w.AttendanceOpensUtc)]) { Color = "Warning" }
                : new TextBlock(strings["Attendance_Closed", Culture.FormatParis(w.AttendanceClosesUtc)]) { Color = "Warning" },
        ]);

    /// <summary>
    /// The roll call: the confirmed students by first name and initial, ticked when present. The save button carries
    /// who was ticked when it was shown, so a save writes only the marks this person changed.
    /// </summary>
    public AdaptiveCard AttendanceForm(Workshop w, IReadOnlyList<(Person Student, bool? Attended)> students, string? noticeKey = null)
    {
        var body = new List<CardElement> { CardPieces.Title(strings["Attendance_Title", Title(w)]) };
        AddError(body, noticeKey, "Good");
        if (students.Count == 0)
        {
            body.Add(new TextBlock(strings["Attendance_Nobody"]));
            return new AdaptiveCard(body);
        }

        var ticked = string.Join(',', students.Where(s => s.Attended == true).Select(s => s.Student.Id));
        body.Add(new InputChoiceSet([.. students.Select(s => new Choice(ShortName(s.Student.DisplayName), s.Student.Id))])
        {
            Id = Inputs.Present, Label = strings["Attendance_Present"], IsMultiSelect = true, Style = "expanded", Value = ticked,
        });
        return new AdaptiveCard(body, [new ActionExecute(strings["Attendance_Save"], Verbs.Attendance, new Dictionary<string, string> { [Inputs.WorkshopId] = w.Id, [Inputs.Shown] = ticked })]);
    }

    /// <summary>"Yasmine Benali" → "Yasmine B.": the first name and the family name's initial (a whole letter, accents kept).</summary>
    public static string ShortName(string displayName)
    {
        var parts = displayName.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length < 2 ? displayName.Trim() : $"{parts[0]} {StringInfo.GetNextTextElement(parts[1]).ToUpper(CultureInfo.InvariantCulture)}.";
    }
}

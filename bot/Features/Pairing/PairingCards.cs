using System.Globalization;
using Microsoft.Extensions.Localization;
using TutorBot.Cards;
using TutorBot.Conversation;

namespace TutorBot.Features.Pairing;

/// <summary>The cards of pairing: introductions, the end request and its decision, the outcome, the yearly follow-up.</summary>
public sealed class PairingCards(IStringLocalizer<PairingStrings> strings)
{
    public static class Verbs
    {
        public const string AskEnd = "askEndPairing";
        public const string ApproveEnd = "approveEndPairing";
        public const string DeclineEnd = "declineEndPairing";
        public const string FollowUp = "saveFollowUp";
    }

    public static class Inputs
    {
        public const string TutorId = "tutorId";
        public const string PairId = "pairId";
        public const string Year = "year";
        public const string Class = "followClass";
        public const string School = "followSchool";
        public const string Degree = "followDegree";
        public const string Graduated = "followGraduated";
        public const string FirstJob = "followFirstJob";
    }

    public AdaptiveCard Notice(string key, params object[] args) => new([new TextBlock(strings[key, args])]);

    /// <summary>The tutor's introduction: whom they now tutor, where; the button to ask to end it.</summary>
    public AdaptiveCard TutorIntroduction(Pair pair, string studentName, string className, string schoolName) => Introduction(pair, strings["Intro_Tutor", studentName, className, schoolName]);

    public AdaptiveCard StudentIntroduction(Pair pair, string tutorName, string companyName) => Introduction(pair, strings["Intro_Student", tutorName, companyName]);

    /// <summary>A coordinator's decision on an end request (the buttons carry the pair's address only; who may decide is checked on click).</summary>
    public AdaptiveCard Decision(Pair pair, string requesterName, string tutorName, string studentName) => new(
        [
            new TextBlock(strings["Decision_Title"]) { Size = "Large", Weight = "Bolder" },
            new TextBlock(strings["Decision_Text", requesterName, tutorName, studentName, Date(pair.StartedUtc)]),
        ],
        [
            new ActionExecute(strings["Decision_Approve"], Verbs.ApproveEnd, Address(pair)),
            new ActionExecute(strings["Decision_Decline"], Verbs.DeclineEnd, Address(pair)),
        ]);

    /// <summary>The tutor's yearly card: the student's path this year, graduation and first job.</summary>
    public AdaptiveCard FollowUpForm(Pair pair, int year, string studentName, FollowUp? current, string? errorKey = null, string? errorDetail = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock(strings["FollowUp_Title", studentName]) { Size = "Large", Weight = "Bolder" },
            new TextBlock(strings["FollowUp_Text", studentName]),
        };
        if (errorKey is not null)
        {
            body.Add(new TextBlock(strings[errorKey, errorDetail ?? ""]) { Color = "Attention" });
        }

        body.AddRange(
        [
            new InputText { Id = Inputs.Class, Label = strings["FollowUp_Class"], MaxLength = FollowUp.TextMax, Value = current?.ClassName },
            new InputText { Id = Inputs.School, Label = strings["FollowUp_School"], MaxLength = FollowUp.TextMax, Value = current?.School },
            new InputChoiceSet([.. FollowUp.Degrees.Select(d => new Choice(d, d))]) { Id = Inputs.Degree, Label = strings["FollowUp_Degree"], Style = "compact", Value = current?.DegreeTarget },
            new InputChoiceSet([new Choice(strings["FollowUp_Graduated"], "true")]) { Id = Inputs.Graduated, IsMultiSelect = true, Style = "expanded", Value = current?.Graduated == true ? "true" : null },
            new InputText { Id = Inputs.FirstJob, Label = strings["FollowUp_FirstJob"], MaxLength = FollowUp.TextMax, Value = current?.FirstJob },
        ]);
        var data = new Dictionary<string, string>(Address(pair)) { [Inputs.Year] = year.ToString(CultureInfo.InvariantCulture) };
        return new AdaptiveCard(body, [new ActionExecute(strings["FollowUp_Submit"], Verbs.FollowUp, data)]);
    }

    private AdaptiveCard Introduction(Pair pair, string text) => new(
        [
            new TextBlock(strings["Intro_Title"]) { Size = "Large", Weight = "Bolder" },
            new TextBlock(text),
            new TextBlock(strings["Intro_Since", Date(pair.StartedUtc)]) { IsSubtle = true },
        ],
        [new ActionExecute(strings["AskEnd"], Verbs.AskEnd, Address(pair))]);

    private static Dictionary<string, string> Address(Pair pair) => new() { [Inputs.TutorId] = pair.TutorId, [Inputs.PairId] = pair.Id };

    private static string Date(DateTimeOffset utc) => Culture.ToParis(utc).ToString("d MMMM yyyy", CultureInfo.CurrentCulture);
}

using System.Globalization;
using TutorBot.Cards;
using TutorBot.Features.Programme;

namespace TutorBot.Features.Waves;

/// <summary>
/// The bot chat's compose form ("vague" / "wave"): title, message (French, English optional), up to three answers
/// (one per line), whom to send to, the nudge delay; sent at once. A referent is offered their own school and its
/// classes only (and the action checks it again from storage).
/// </summary>
public static class WaveComposeCard
{
    public static class Inputs
    {
        public const string Title = "title";
        public const string MessageFr = "messageFr";
        public const string MessageEn = "messageEn";
        public const string Answers = "answers";
        public const string Audience = "audience";
        public const string Nudge = "nudgeAfterHours";
    }

    public static AdaptiveCard Form(WaveAuthor author, IReadOnlyList<SchoolClass> classes, CultureInfo culture)
    {
        var choices = new List<Choice>();
        if (author.IsCoordinator)
        {
            choices.Add(new(WaveTexts.Get("Audience_Everyone", culture), AudienceKinds.Everyone));
            choices.Add(new(WaveTexts.Get("Audience_Students", culture), "role:" + Roles.Student));
            choices.Add(new(WaveTexts.Get("Audience_Tutors", culture), "role:" + Roles.Tutor));
        }
        else if (author.ReferentSchoolId is { } own)
        {
            choices.Add(new(WaveTexts.Get("Audience_School", culture), "school:" + own));
        }

        choices.AddRange(classes.Where(c => author.IsCoordinator || c.SchoolId == author.ReferentSchoolId).Select(c => new Choice(c.Name, "class:" + c.Id)));
        var body = new List<CardElement>
        {
            new TextBlock(WaveTexts.Get("Compose_Title", culture)) { Weight = "Bolder", Size = "Medium" },
            new InputText { Id = Inputs.Title, Label = WaveTexts.Get("Compose_Name", culture), IsRequired = true, MaxLength = Wave.MaxTitle },
            new InputText { Id = Inputs.MessageFr, Label = WaveTexts.Get("Compose_MessageFr", culture), IsRequired = true, IsMultiline = true },
            new InputText { Id = Inputs.MessageEn, Label = WaveTexts.Get("Compose_MessageEn", culture), IsMultiline = true },
            new InputText { Id = Inputs.Answers, Label = WaveTexts.Get("Compose_Answers", culture), IsMultiline = true },
            new InputChoiceSet(choices) { Id = Inputs.Audience, Label = WaveTexts.Get("Compose_Audience", culture), Style = "compact", IsRequired = true, Value = choices.FirstOrDefault()?.Value },
            new InputNumber { Id = Inputs.Nudge, Label = WaveTexts.Get("Compose_Nudge", culture), Min = 1, Max = Wave.MaxNudgeHours },
        };
        return new AdaptiveCard(body, [new ActionExecute(WaveTexts.Get("Compose_Send", culture), WaveCards.Verbs.Compose, new Dictionary<string, string>())]);
    }

    /// <summary>The form's inputs as a draft (no check here: <see cref="WaveComposer"/> checks everything).</summary>
    public static WaveDraft Read(Func<string, string?> get)
    {
        var answers = (get(Inputs.Answers) ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(a => new WaveText(a)).ToList();
        var audience = get(Inputs.Audience) is { } value ? ParseAudience(value) : null;
        int? nudge = double.TryParse(get(Inputs.Nudge), NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) ? (int)Math.Round(hours) : null;
        return new WaveDraft(get(Inputs.Title), get(Inputs.MessageFr) is { } fr ? new WaveText(fr, get(Inputs.MessageEn)) : null, answers, audience, nudge);
    }

    public static WaveAudience? ParseAudience(string value)
    {
        var (kind, id) = value.IndexOf(':', StringComparison.Ordinal) is var i and > 0 ? (value[..i], value[(i + 1)..]) : (value, null);
        return kind switch
        {
            AudienceKinds.Everyone => new WaveAudience(AudienceKinds.Everyone),
            "role" => new WaveAudience(AudienceKinds.Role, Role: id),
            "school" => new WaveAudience(AudienceKinds.School, SchoolId: id),
            "class" => new WaveAudience(AudienceKinds.Class, ClassId: id),
            _ => new WaveAudience(kind),
        };
    }
}

using System.Globalization;
using System.Text.Json;
using TutorBot.Cards;
using TutorBot.Protocol.Schema;

namespace TutorBot.Features.Waves;

/// <summary>The cards of waves, built in a given language: the recipient's card (and its nudge), the sender's progress, notices.</summary>
public static class WaveCards
{
    public static class Verbs
    {
        public const string Answer = "wave.answer";
        public const string Compose = "wave.compose";
    }

    public static class Inputs
    {
        public const string WaveId = "waveId";
        public const string Answer = "answer";
    }

    /// <summary>
    /// What a recipient sees: the message, the answers as buttons (Action.Execute, so the card updates in place), and
    /// their answer once given. A nudge says it is a reminder. Typed text goes through <see cref="PlainText"/>.
    /// </summary>
    public static AdaptiveCard Recipient(Wave wave, CultureInfo culture, int? answer = null, bool nudge = false)
    {
        var language = WaveTexts.LanguageOf(culture);
        var body = new List<CardElement> { new TextBlock(WaveTexts.Get("Wave_From", culture)) { IsSubtle = true, Size = "Small" } };
        if (nudge)
        {
            body.Add(new TextBlock(WaveTexts.Get("Nudge_Title", culture)) { Weight = "Bolder" });
        }

        body.Add(new TextBlock(wave.Message.For(language)));
        if (wave.AnswerAt(answer) is { } chosen)
        {
            body.Add(new TextBlock(WaveTexts.Format("Answer_Yours", culture, chosen.For(language))) { Weight = "Bolder", Color = "Good" });
        }

        var actions = wave.Answers.Select((a, i) => (CardAction)new ActionExecute(a.For(language), Verbs.Answer, new Dictionary<string, string>
        {
            [Inputs.WaveId] = wave.Id,
            [Inputs.Answer] = i.ToString(CultureInfo.InvariantCulture),
        })).ToList();
        return new AdaptiveCard(body, actions.Count > 0 ? actions : null);
    }

    /// <summary>The message that carries a recipient's card (with a notification, as every proactive card).</summary>
    public static Activity Message(AdaptiveCard card) =>
        Activity.FromCard(card) with { ChannelData = new TeamsChannelData { Notification = new NotificationInfo(true) } };

    /// <summary>The largest message a recipient reading <paramref name="culture"/> can get (the nudge, with the longest answer chosen), in UTF-16 bytes.</summary>
    public static int LargestBytes(Wave wave, CultureInfo culture)
    {
        var longest = wave.Answers.Count == 0 ? (int?)null
            : wave.Answers.Select((a, i) => (a.For(WaveTexts.LanguageOf(culture)).Length, i)).Max().i;
        return Bytes(Message(Recipient(wave, culture, longest, nudge: true)));
    }

    public static int Bytes(Activity message) => JsonSerializer.Serialize(message, ProtocolJson.Options).Length * sizeof(char);

    public static AdaptiveCard Notice(string key, CultureInfo culture, params object[] args) =>
        new([new TextBlock(args.Length == 0 ? WaveTexts.Get(key, culture) : WaveTexts.Format(key, culture, args))]);

    /// <summary>The sender's progress card: state, counts, reasons of the cards not sent.</summary>
    public static AdaptiveCard Progress(Wave wave, WaveProgress progress, CultureInfo culture)
    {
        var c = progress.Counts;
        var facts = new List<Fact>
        {
            new(WaveTexts.Get("Counts_Recipients", culture), N(c.Recipients)),
            new(WaveTexts.Get("Counts_Sent", culture), N(c.Sent)),
            new(WaveTexts.Get("Counts_Queued", culture), N(c.Queued)),
            new(WaveTexts.Get("Counts_Answered", culture), N(c.Answered)),
            new(WaveTexts.Get("Counts_Unreachable", culture), N(c.Unreachable)),
            new(WaveTexts.Get("Counts_Failed", culture), N(c.Failed)),
        };
        if (c.Cancelled > 0)
        {
            facts.Add(new(WaveTexts.Get("Counts_Cancelled", culture), N(c.Cancelled)));
        }

        if (wave.NudgeAfterHours is not null)
        {
            facts.Add(new(WaveTexts.Get("Counts_Nudged", culture), N(c.Nudged)));
        }

        var language = WaveTexts.LanguageOf(culture);
        facts.AddRange(wave.Answers.Select((a, i) => new Fact(a.For(language), N(progress.Answers[i]))));
        var body = new List<CardElement>
        {
            new TextBlock(WaveTexts.Format("Progress_Title", culture, wave.Title)) { Weight = "Bolder", Size = "Medium" },
            new TextBlock(WaveTexts.Get("State_" + wave.State, culture)) { IsSubtle = true },
            new FactSet(facts),
        };
        if (progress.Reasons.Count > 0)
        {
            body.Add(new TextBlock(WaveTexts.Format("Progress_Reasons", culture, string.Join(", ", progress.Reasons.Take(5).Select(r => $"{r.Reason} ({N(r.Count)})")))) { IsSubtle = true });
        }

        return new AdaptiveCard(body);

        string N(int n) => n.ToString("N0", culture);
    }
}

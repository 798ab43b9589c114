using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.Json;
using TutorBot.Cards;
using TutorBot.Conversation;
using TutorBot.Protocol.Schema;
using TutorBot.Resources;

namespace TutorBot.Tests.Cards;

[TestClass]
public sealed class CardTests
{
    [TestMethod]
    public void ExecuteActionsSerialiseWithTheirTypeVerbAndSubmitFallback()
    {
        var card = new AdaptiveCard([new TextBlock("Bonjour")], [new ActionExecute("OK", "confirmSession", new Dictionary<string, string> { ["sessionId"] = "s42" })]);

        var json = JsonSerializer.SerializeToElement(card, ProtocolJson.Options);

        Assert.AreEqual("AdaptiveCard", json.GetProperty("type").GetString());
        Assert.AreEqual("1.5", json.GetProperty("version").GetString());
        Assert.AreEqual("TextBlock", json.GetProperty("body")[0].GetProperty("type").GetString());
        var action = json.GetProperty("actions")[0];
        Assert.AreEqual("Action.Execute", action.GetProperty("type").GetString());
        Assert.AreEqual("confirmSession", action.GetProperty("verb").GetString());
        Assert.AreEqual("s42", action.GetProperty("data").GetProperty("sessionId").GetString());
        var fallback = action.GetProperty("fallback");
        Assert.AreEqual("Action.Submit", fallback.GetProperty("type").GetString());
        Assert.AreEqual("confirmSession", fallback.GetProperty("data").GetProperty("verb").GetString());
    }

    [TestMethod]
    public void TextThatCouldBeMarkdownIsSentAsATextRunWithTheSameLookAndPlainTextStaysATextBlock()
    {
        var card = new AdaptiveCard(
        [
            new TextBlock("Raison : [x](https://evil.example) **gras**") { Weight = "Bolder", IsSubtle = true },
            new TextBlock("Lycée de l'Étoile (démo), 14:00 — salle 3"),
            new FactSet([new Fact("Où", "# titre\n- point <at>Bot</at>")]),
            new TextBlock("- mardi 10:00\n- jeudi 11:00") { Markdown = true },
        ]);

        var body = JsonSerializer.SerializeToElement(card, ProtocolJson.Options).GetProperty("body");

        Assert.AreEqual("""{"type":"RichTextBlock","inlines":[{"text":"Raison : [x](https://evil.example) **gras**","type":"TextRun","weight":"Bolder","isSubtle":true}]}""", body[0].GetRawText());
        Assert.AreEqual("""{"type":"TextBlock","text":"Lycée de l'Étoile (démo), 14:00 — salle 3","wrap":true}""", body[1].GetRawText());
        Assert.AreEqual(
            """{"type":"Container","items":[{"type":"ColumnSet","columns":[{"items":[{"type":"RichTextBlock","inlines":[{"text":"Où","type":"TextRun","weight":"Bolder"}]}],"type":"Column","width":"auto"},{"items":[{"type":"RichTextBlock","inlines":[{"text":"# titre\n- point <at>Bot</at>","type":"TextRun"}]}],"type":"Column","width":"stretch"}],"spacing":"Small"}]}""",
            body[2].GetRawText());
        Assert.AreEqual("TextBlock", body[3].GetProperty("type").GetString(), "the bot's own list stays markdown");
    }

    [TestMethod]
    public void CardOverTheTeamsMessageBudgetIsRefusedBeforeSending()
    {
        var big = new AdaptiveCard([.. Enumerable.Range(0, 500).Select(i => new TextBlock(new string('é', 100)))]);

        var error = Assert.ThrowsExactly<CardTooLargeException>(() => big.ToActivity());

        Assert.IsTrue(error.Bytes > AdaptiveCard.MaxMessageBytes);
    }

    [TestMethod]
    public void UnknownActivityFieldsSurviveARoundTrip()
    {
        const string json = """{"type":"message","id":"1","serviceUrl":"https://smba.trafficmanager.net/emea/","channelId":"msteams","from":{"id":"29:1","aadObjectId":"a","userRole":"user"},"conversation":{"id":"a:1","tenantId":"t","conversationType":"personal"},"channelData":{"tenant":{"id":"t"},"source":{"name":"message"}},"futureField":{"x":[1,2]}}""";

        var activity = JsonSerializer.Deserialize<Activity>(json, ProtocolJson.Options)!;
        var back = JsonSerializer.SerializeToElement(activity, ProtocolJson.Options);

        Assert.AreEqual("[1,2]", back.GetProperty("futureField").GetProperty("x").GetRawText());
        Assert.AreEqual("message", back.GetProperty("channelData").GetProperty("source").GetProperty("name").GetString());
        Assert.AreEqual("user", back.GetProperty("from").GetProperty("userRole").GetString());
    }

    [TestMethod]
    public void EveryFrenchStringHasAnEnglishOneWithTheSamePlaceholders()
    {
        var manager = new ResourceManager("TutorBot.Resources.Strings", typeof(Strings).Assembly);
        var french = manager.GetResourceSet(CultureInfo.InvariantCulture, true, false)!.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
        var english = manager.GetResourceSet(CultureInfo.GetCultureInfo("en"), true, false)!.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);

        CollectionAssert.AreEquivalent(french.Keys.ToList(), english.Keys.ToList());
        foreach (var (key, fr) in french)
        {
            var placeholders = System.Text.RegularExpressions.Regex.Matches(fr, @"\{\d\}").Select(m => m.Value).Distinct().Order();
            var en = System.Text.RegularExpressions.Regex.Matches(english[key], @"\{\d\}").Select(m => m.Value).Distinct().Order();
            CollectionAssert.AreEqual(placeholders.ToList(), en.ToList(), key);
        }
    }
}

[TestClass]
public sealed class CultureAndCommandTests
{
    [TestMethod]
    [DataRow("<at>TutorBot</at> Séance !", "seance")]
    [DataRow("  AIDE ", "aide")]
    [DataRow("SESSION please", "session please")]
    public void CommandsAreReadWithoutMentionsAccentsOrCase(string text, string expected) =>
        Assert.AreEqual(expected, CommandText.Normalise(text));

    [TestMethod]
    public void ParisWallClockBecomesUtcAcrossSummerAndWinterTime()
    {
        Assert.AreEqual(new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero), Culture.FromParis(new DateOnly(2026, 12, 3), new TimeOnly(18, 0)));
        Assert.AreEqual(new DateTimeOffset(2026, 6, 3, 16, 0, 0, TimeSpan.Zero), Culture.FromParis(new DateOnly(2026, 6, 3), new TimeOnly(18, 0)));
    }

    [TestMethod]
    public void TimeSkippedByTheSpringClockChangeDoesNotExist() =>
        Assert.IsNull(Culture.FromParis(new DateOnly(2027, 3, 28), new TimeOnly(2, 30)));

    [TestMethod]
    [DataRow("en-US", "en")]
    [DataRow("en-GB", "en")]
    [DataRow("fr-FR", "fr")]
    [DataRow("de-DE", "fr")]
    [DataRow(null, "fr")]
    public void FrenchUnlessTheLocaleIsEnglish(string? locale, string language) =>
        Assert.AreEqual(language, Culture.FromLocale(locale).TwoLetterISOLanguageName);
}

using System.Globalization;
using System.Text.Json;
using TutorBot.Cards;

namespace TutorBot.Tests.Cards;

[TestClass]
public sealed class CardPiecesTests
{
    [TestMethod]
    public void WhenIsAParisWallTimeInTheReadersLanguage()
    {
        var utc = new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero); // 18:00 in Paris (UTC+1 in winter)
        var summer = new DateTimeOffset(2027, 6, 3, 16, 0, 0, TimeSpan.Zero); // 18:00 in Paris (UTC+2)
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
            Assert.AreEqual(new Fact("Quand", "jeudi 3 décembre 2026, 18:00"), CardPieces.When("Quand", utc));
            Assert.AreEqual("jeudi 3 juin 2027, 18:00", CardPieces.When("Quand", summer).Value);
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-GB");
            Assert.AreEqual("Thursday 3 December 2026, 18:00", CardPieces.When("When", utc).Value);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [TestMethod]
    public void TodayIsTheParisDateNotTheServersOne()
    {
        // 23:30 UTC on 2 December is already 3 December in Paris: a date input must not offer the 2nd.
        Assert.AreEqual(new DateOnly(2026, 12, 3), CardPieces.ParisToday(new DateTimeOffset(2026, 12, 2, 23, 30, 0, TimeSpan.Zero)));
        Assert.AreEqual(new DateOnly(2026, 12, 2), CardPieces.ParisToday(new DateTimeOffset(2026, 12, 2, 22, 30, 0, TimeSpan.Zero)));
    }

    [TestMethod]
    public void WhenInputsAreRequiredKeepWhatWasTypedAndStartToday()
    {
        var inputs = CardPieces.WhenInputs(("date", "time"), ("Date", "Heure"), new DateOnly(2026, 12, 3), ("2026-12-10", "18:00"), ("Une date", null));
        var json = JsonSerializer.Serialize<CardElement[]>(inputs, TutorBot.Protocol.Schema.ProtocolJson.Options);
        using var doc = JsonDocument.Parse(json);
        var date = doc.RootElement[0];
        var time = doc.RootElement[1];
        Assert.AreEqual("Input.Date", date.GetProperty("type").GetString());
        Assert.AreEqual("2026-12-03", date.GetProperty("min").GetString());
        Assert.AreEqual("2026-12-10", date.GetProperty("value").GetString());
        Assert.IsTrue(date.GetProperty("isRequired").GetBoolean());
        Assert.AreEqual("Une date", date.GetProperty("errorMessage").GetString());
        Assert.AreEqual("Input.Time", time.GetProperty("type").GetString());
        Assert.AreEqual("18:00", time.GetProperty("value").GetString());
        Assert.IsFalse(time.TryGetProperty("errorMessage", out _), "no error message given, none sent");
    }

    [TestMethod]
    public void TitleAndErrorLookTheSameOnEveryCard()
    {
        Assert.AreEqual(new TextBlock("T") { Size = "Large", Weight = "Bolder" }, CardPieces.Title("T"));
        Assert.AreEqual(new TextBlock("E") { Color = "Attention", Weight = "Bolder" }, CardPieces.Error("E"));
        Assert.AreEqual("N", ((TextBlock)CardPieces.Notice("N").Body[0]).Text);
    }
}

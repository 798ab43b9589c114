using TutorBot.Cards;
using TutorBot.Features.Tutoring;

namespace TutorBot.Tests.Cards;

/// <summary>The one reader of a card's date and time inputs: Paris wall time in, UTC out, the same refusals for every feature.</summary>
[TestClass]
public sealed class ParisInputTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Year = TimeSpan.FromDays(366);

    [TestMethod]
    [DataRow("2027-01-20", "18:00", "2027-01-20T17:00:00+00:00", DisplayName = "winter: UTC+1")]
    [DataRow("2027-07-20", "18:00", "2027-07-20T16:00:00+00:00", DisplayName = "summer: UTC+2")]
    [DataRow("2027-07-20", "18:00:00", "2027-07-20T16:00:00+00:00", DisplayName = "seconds some clients add")]
    [DataRow("2027-10-31", "02:30", "2027-10-31T00:30:00+00:00", DisplayName = "the autumn hour that happens twice: the first")]
    public void AParisWallTimeIsReadAsUtc(string date, string time, string expected)
    {
        var start = ParisInput.Parse(date, time, Now - Year, Year * 2, out var error);

        Assert.AreEqual(ParisInputError.None, error);
        Assert.AreEqual(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), start);
    }

    [TestMethod]
    [DataRow("20/03/2027", "18:00", ParisInputError.Date)]
    [DataRow("2027-03-20", "6pm", ParisInputError.Time)]
    [DataRow("2027-03-28", "02:30", ParisInputError.Gap)]
    [DataRow("2027-02-01", "18:00", ParisInputError.Past)]
    [DataRow("2029-03-20", "18:00", ParisInputError.TooFar)]
    public void EachRefusalIsNamed(string date, string time, ParisInputError expected)
    {
        Assert.IsNull(ParisInput.Parse(date, time, Now, Year, out var error));
        Assert.AreEqual(expected, error);
    }

    [TestMethod]
    public void TutoringAndWorkshopsReadTheSameInputTheSameWay()
    {
        var request = new TutorBot.Conversation.CardActionRequest("publish", new Dictionary<string, string> { ["date"] = "2027-03-20", ["time"] = "18:00", ["duration"] = "120" }, null);

        var session = ProposalInput.ParseStart("2027-03-20", "18:00", Now, out var sessionError);
        var workshop = TutorBot.Features.Workshops.WorkshopInput.ParseWhen(request, Now, out var workshopError);

        Assert.IsNull(sessionError);
        Assert.IsNull(workshopError, workshopError);
        Assert.AreEqual(session, workshop?.Start);
        Assert.IsNull(ProposalInput.ParseStart("2027-03-28", "02:30", Now, out var gap));
        Assert.AreEqual("Propose_Error_TimeGap", gap);
    }
}

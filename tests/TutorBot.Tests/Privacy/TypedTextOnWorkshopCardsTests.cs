using System.Globalization;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Infrastructure.PlainTextProbe;
using static TutorBot.Tests.Workshops.WorkshopTestKit;

namespace TutorBot.Tests.Privacy;

/// <summary>A workshop's place typed by the coordinator, a visit's site and address typed by its host: plain text on the students' cards.</summary>
[TestClass]
[DoNotParallelize]
public sealed class TypedTextOnWorkshopCardsTests
{
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await Workshops.WorkshopTestKit.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestInitialize]
    public async Task ResetAsync()
    {
        await DrainAsync(s);
        s.Connector.Reset();
    }

    [TestMethod]
    public async Task AWorkshopPlaceTypedByTheCoordinatorReachesStudentsAsPlainText()
    {
        var place = "Amphi " + Link + " " + Bold + "\n" + Heading + "\n" + ListItem + " " + Mention;
        var form = PublishForm();
        form["place"] = place;
        await PublishAsync(s, "form-" + Guid.NewGuid().ToString("N"), form);

        await DrainAsync(s);

        AssertShownAsPlainText(SentTo(s, Yasmine).Single().Activity, place);
    }

    [TestMethod]
    public async Task AVisitSiteAndAddressTypedByTheHostReachCoordinatorAndStudentsAsPlainText()
    {
        var site = "Site " + Link + " " + Mention;
        var address = "1 rue " + Bold + "\n" + Heading + "\n" + ListItem;
        var paris = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        var offered = await InvokeAsync(s, Claire, "offer-" + Guid.NewGuid().ToString("N"), WorkshopCards.Verbs.OfferVisit, new()
        {
            ["site"] = site,
            ["address"] = address,
            ["city"] = "Marseille",
            ["date"] = paris.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = "09:30",
            ["duration"] = "180",
            ["capacity"] = "12",
            ["mailbox"] = Claire.Mailbox!,
        });
        StringAssert.Contains(offered, Text("Offer_Done"));
        var visit = (await WorkshopsAsync(s)).Single(w => w.Kind == WorkshopKinds.Visit && w.Site == site);
        await DrainAsync(s);
        var toCoordinator = SentTo(s, Coordinator).Single();
        AssertShownAsPlainText(toCoordinator.Activity, site);
        AssertShownAsPlainText(toCoordinator.Activity, address);

        StringAssert.Contains(await InvokeAsync(s, Coordinator, "match", WorkshopCards.Verbs.Match, Id(visit.Id, ("schools", "lycee-etoile"), ("classes", "etoile-tle-sti2d"))), Text("Match_Done"));
        await DrainAsync(s);

        var invitation = SentTo(s, Yasmine).Single();
        AssertShownAsPlainText(invitation.Activity, site);
        AssertShownAsPlainText(invitation.Activity, address);
    }
}

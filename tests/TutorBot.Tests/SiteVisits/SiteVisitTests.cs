using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Calendar;
using TutorBot.Demo;
using TutorBot.Features.SiteVisits;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Workshops;
using static TutorBot.Tests.Workshops.WorkshopTestKit;

namespace TutorBot.Tests.SiteVisits;

/// <summary>Site visits: a partner offers, the coordinator matches, students sign up, the host's calendar follows through the Graph stand-in.</summary>
[TestClass]
[DoNotParallelize]
public sealed class SiteVisitTests
{
    private const string HostMailbox = "claire.martin@provence-energie.example";
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await WorkshopTestKit.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestInitialize]
    public async Task ResetAsync()
    {
        await DrainAsync(s);
        s.Connector.Reset();
        s.Graph.Reset();
    }

    private static WorkshopStore Store => s.App.Services.GetRequiredService<WorkshopStore>();

    [TestMethod]
    public async Task PartnerOffersCoordinatorMatchesStudentsSignUpAndTheHostsCalendarFollows()
    {
        // The host, a partner company's employee, offers a visit.
        await SayAsync(s, Claire, "visite");
        var form = s.Connector.Calls.Single();
        StringAssert.Contains(form.CardText, Text("Offer_Title"));
        var offered = await InvokeAsync(s, Claire, form.ActivityId!, WorkshopCards.Verbs.OfferVisit, OfferForm(capacity: 1));
        StringAssert.Contains(offered, Text("Offer_Done"));
        var visit = (await WorkshopsAsync(s)).Single(w => w.Kind == WorkshopKinds.Visit && w.HostId == Claire.Id && w.Site == "Centrale de Gardanne");
        Assert.AreEqual(WorkshopStatus.Offered, visit.Status);

        // The coordinators are asked, from the queue, to match it.
        await DrainAsync(s);
        StringAssert.Contains(SentTo(s, Coordinator).Single().CardText, Text("Match_Title", "Centrale de Gardanne"));

        // Not open to students until matched.
        StringAssert.Contains(await InvokeAsync(s, Yasmine, "v0", WorkshopCards.Verbs.SignUp, Id(visit.Id)), Text("Workshop_NotFound"));

        // The coordinator matches it to nearby schools: the school in the visit's city comes first, preselected.
        var matchForm = await InvokeAsync(s, Coordinator, "list", WorkshopCards.Verbs.MatchForm, Id(visit.Id));
        StringAssert.Contains(matchForm, Text("Match_Nearby", "Lycée de l'Étoile (démo)", "Marseille"));
        StringAssert.Contains(await InvokeAsync(s, Coordinator, "match", WorkshopCards.Verbs.Match, Id(visit.Id, ("schools", "lycee-etoile"), ("classes", "etoile-tle-sti2d"))), Text("Match_Done"));
        StringAssert.Contains(await InvokeAsync(s, Coordinator, "match", WorkshopCards.Verbs.Match, Id(visit.Id, ("schools", "lycee-etoile"), ("classes", "etoile-tle-sti2d"))), Text("Match_Already"));
        Assert.AreEqual(0, s.Graph.Events.Count, "booked from the queue, not in the request");

        await DrainAsync(s);
        var booked = s.Graph.Events.Single();
        Assert.AreEqual("tutorbot-visit-" + visit.Id, booked["transactionId"]!.GetValue<string>());
        Assert.AreEqual(HostMailbox, booked["organizer"]!.GetValue<string>());
        Assert.AreEqual(1, SentTo(s, Yasmine).Count(), "the invitation went out");
        StringAssert.Contains(SentTo(s, Yasmine).Single().CardText, Text("Visit_Title", "Centrale de Gardanne"));

        // Students sign up: one place, then the waiting list; each change updates the event.
        var yasmineCard = await InvokeAsync(s, Yasmine, "v1", WorkshopCards.Verbs.SignUp, Id(visit.Id));
        StringAssert.Contains(yasmineCard, Text("SignUp_Confirmed"));
        StringAssert.Contains(yasmineCard, Text("Action_AddToCalendar"));
        StringAssert.Contains(await InvokeAsync(s, InesB, "v2", WorkshopCards.Verbs.SignUp, Id(visit.Id)), Text("SignUp_Waiting", 1));
        await DrainAsync(s);
        Assert.AreEqual(1, s.Graph.Events.Count, "updated, not booked again");
        var changes = s.Graph.Events.Single()["changes"]?.GetValue<int>() ?? 0;
        Assert.IsTrue(changes >= 1, "the event follows the attendees");

        // Yasmine, without a mailbox, gets the visit as an .ics through her signed link.
        var ics = await IcsAsync(visit.Id, Yasmine.Id);
        StringAssert.Contains(ics, "BEGIN:VEVENT");
        StringAssert.Contains(ics, "Centrale de Gardanne");

        // She cancels: Inès B. is promoted and told, the event is updated again, and Yasmine's .ics now cancels.
        StringAssert.Contains(await InvokeAsync(s, Yasmine, "v1", WorkshopCards.Verbs.Cancel, Id(visit.Id)), Text("Cancel_Done"));
        await DrainAsync(s);
        StringAssert.Contains(SentTo(s, InesB).Last().CardText, Text("Promoted_Title"));
        Assert.IsTrue((s.Graph.Events.Single()["changes"]?.GetValue<int>() ?? 0) > changes);
        var source = s.App.Services.GetServices<IIcsSource>().Single(x => x.Kind == "visit");
        Assert.IsTrue((await source.FindAsync(VisitCalendar.BookingId(visit.Id), Yasmine.Id))!.Cancelled);
        Assert.IsFalse((await source.FindAsync(VisitCalendar.BookingId(visit.Id), InesB.Id))!.Cancelled);
        Assert.IsNull(await source.FindAsync(VisitCalendar.BookingId(visit.Id), Lucas.Id), "not his visit");
    }

    [TestMethod]
    public async Task GraphThrottlingOutagesAndTimeoutsMakeOneEventNoDuplicate()
    {
        var visit = await MatchedVisitAsync();

        // 429, 503, created-but-the-answer-lost, then a timeout: the first job gives up after its retries, the
        // message comes back, and the create finds the event Graph already made through its transactionId.
        s.Graph.Enqueue(GraphStandIn.Fault.Throttle(1), GraphStandIn.Fault.Unavailable, GraphStandIn.Fault.AnswerLost, GraphStandIn.Fault.Slow(TimeSpan.FromSeconds(3)));
        await DrainAsync(s);

        var booked = s.Graph.Events.Single();
        Assert.AreEqual(booked["id"]!.GetValue<string>(), (await Store.GetAsync(visit.Id))!.CalendarEventId);
        Assert.IsTrue(s.Graph.Attempts >= 5);
    }

    [TestMethod]
    public async Task RepeatedCalendarJobsMakeOneEvent()
    {
        var visit = await MatchedVisitAsync();
        var outbox = s.App.Services.GetRequiredService<TutorBot.Delivery.OutboxStore>();
        visit = (await Store.GetAsync(visit.Id))!;
        for (var i = 0; i < 3; i++)
        {
            await outbox.PlanAsync(VisitRows.Calendar(visit, DateTimeOffset.UtcNow.AddMinutes(-i)));
        }

        await DrainAsync(s);

        Assert.AreEqual(1, s.Graph.Events.Count);
    }

    [TestMethod]
    public async Task OnlyAPartnerOffersAndOnlyACoordinatorMatches()
    {
        await SayAsync(s, Yasmine, "visite");
        StringAssert.Contains(s.Connector.Calls.Single().CardText, Text("Refused_NotPartner"));
        StringAssert.Contains(await InvokeAsync(s, Teacher, "o", WorkshopCards.Verbs.OfferVisit, OfferForm()), Text("Refused_NotPartner"));

        await InvokeAsync(s, Karim, "offer-karim", WorkshopCards.Verbs.OfferVisit, OfferForm());
        var visit = (await WorkshopsAsync(s)).First(w => w.HostId == Karim.Id);
        StringAssert.Contains(await InvokeAsync(s, Karim, "m", WorkshopCards.Verbs.Match, Id(visit.Id, ("schools", "lycee-etoile"), ("classes", "etoile-tle-sti2d"))), Text("Refused_NotCoordinator"));
        Assert.AreEqual(WorkshopStatus.Offered, (await Store.GetAsync(visit.Id))!.Status);
    }

    [TestMethod]
    public async Task TheVisitIsBookedInTheOfferingEmployeesStoredMailboxWhateverTheCardDataSays()
    {
        var form = OfferForm(site: "Poste source de Septèmes");
        form["mailbox"] = "attacker@evil.example";
        form["hostMailbox"] = "attacker@evil.example";
        StringAssert.Contains(await InvokeAsync(s, Claire, "offer-typed", WorkshopCards.Verbs.OfferVisit, form), Text("Offer_Done"));
        var visit = (await WorkshopsAsync(s)).Single(w => w.Site == "Poste source de Septèmes");

        // The coordinator's match card says whose calendar it goes to: the host's name, not their mailbox.
        await DrainAsync(s);
        var matchCard = SentTo(s, Coordinator).Single(c => c.CardText.Contains("Poste source de Septèmes", StringComparison.Ordinal)).CardText;
        StringAssert.Contains(matchCard, Text("Match_Host", Claire.DisplayName));
        Assert.IsFalse(matchCard.Contains('@'), matchCard);
        StringAssert.Contains(await InvokeAsync(s, Coordinator, "match", WorkshopCards.Verbs.MatchForm, Id(visit.Id)), Text("Match_Host", Claire.DisplayName));

        var matched = await InvokeAsync(s, Coordinator, "match-typed", WorkshopCards.Verbs.Match,
            Id(visit.Id, ("schools", "lycee-etoile"), ("classes", "etoile-tle-sti2d"), ("mailbox", "attacker@evil.example")));
        StringAssert.Contains(matched, Text("Match_Done"));
        StringAssert.Contains(matched, Text("Match_Host", Claire.DisplayName));
        await DrainAsync(s);

        Assert.AreEqual(Claire.Mailbox, s.Graph.Events.Single()["organizer"]!.GetValue<string>());
        Assert.IsFalse(s.Graph.Events.Any(e => e.ToJsonString().Contains("evil", StringComparison.Ordinal)));
    }

    [TestMethod]
    public async Task AnOfferFromSomeoneWithoutAStoredMailboxSaysSoAndIsOfferedWithoutACalendarBooking()
    {
        // Karim has no stored mailbox.
        var offered = await InvokeAsync(s, Karim, "offer-nomail", WorkshopCards.Verbs.OfferVisit, OfferForm(site: "Atelier des Calanques"));
        StringAssert.Contains(offered, Text("Offer_Done"));
        StringAssert.Contains(offered, Text("Offer_NoMailbox"));
        var visit = (await WorkshopsAsync(s)).Single(w => w.Site == "Atelier des Calanques");

        await DrainAsync(s);
        StringAssert.Contains(SentTo(s, Coordinator).Single(c => c.CardText.Contains("Atelier des Calanques", StringComparison.Ordinal)).CardText, Text("Match_HostNoMailbox", Karim.DisplayName));
        StringAssert.Contains(await InvokeAsync(s, Coordinator, "match-nomail", WorkshopCards.Verbs.Match, Id(visit.Id, ("schools", "lycee-etoile"), ("classes", "etoile-tle-sti2d"))), Text("Match_Done"));
        await DrainAsync(s);
        Assert.AreEqual(0, s.Graph.Events.Count, "no calendar to book in");

        // Students still get the visit as an .ics file.
        StringAssert.Contains(await InvokeAsync(s, Yasmine, "v-nomail", WorkshopCards.Verbs.SignUp, Id(visit.Id)), Text("Action_AddToCalendar"));
        StringAssert.Contains(await IcsAsync(visit.Id, Yasmine.Id), "Atelier des Calanques");
        await DrainAsync(s);
        Assert.AreEqual(0, s.Graph.Events.Count);
    }

    [TestMethod]
    public async Task TheCoordinatorMayBookInAColleagueOfTheSameCompanyButNoOneElse()
    {
        var sofia = new TutorBot.Features.Programme.Person("partner-sofia", TutorBot.Features.Programme.Roles.Tutor, "Sofia Lambert", TutorBot.Demo.DemoData.TenantId,
            "00000000-0000-0000-0000-0000000000029", "user-id-9", "calanques-ingenierie", Mailbox: "sofia.lambert@calanques.example");
        await s.App.Services.GetRequiredService<TutorBot.Features.Programme.ProgrammeStore>().UpsertAsync(sofia);
        await InvokeAsync(s, Karim, "offer-colleague", WorkshopCards.Verbs.OfferVisit, OfferForm(site: "Bureau d'études de La Ciotat"));
        var visit = (await WorkshopsAsync(s)).Single(w => w.Site == "Bureau d'études de La Ciotat");

        // Karim's colleague is offered as a host; someone of another company is refused.
        StringAssert.Contains(await InvokeAsync(s, Coordinator, "mf", WorkshopCards.Verbs.MatchForm, Id(visit.Id)), sofia.DisplayName);
        var refused = await InvokeAsync(s, Coordinator, "m-other", WorkshopCards.Verbs.Match, Id(visit.Id, ("schools", "lycee-etoile"), ("classes", "etoile-tle-sti2d"), ("host", Claire.Id)));
        StringAssert.Contains(refused, Text("Error_Host"));
        Assert.AreEqual(WorkshopStatus.Offered, (await Store.GetAsync(visit.Id))!.Status);

        var matched = await InvokeAsync(s, Coordinator, "m-sofia", WorkshopCards.Verbs.Match, Id(visit.Id, ("schools", "lycee-etoile"), ("classes", "etoile-tle-sti2d"), ("host", sofia.Id)));
        StringAssert.Contains(matched, Text("Match_Host", sofia.DisplayName));
        await DrainAsync(s);
        Assert.AreEqual(sofia.Mailbox, s.Graph.Events.Single()["organizer"]!.GetValue<string>());
    }

    [TestMethod]
    [DataRow("site", "", "Error_Site")]
    [DataRow("capacity", "0", "Error_Capacity")]
    [DataRow("date", "2020-02-02", "Error_When")]
    public async Task WrongOfferReturnsTheFormWithWhatToFix(string field, string value, string errorKey)
    {
        var before = (await WorkshopsAsync(s)).Count;
        var form = OfferForm();
        form[field] = value;

        var card = await InvokeAsync(s, Claire, "offer-bad-" + field, WorkshopCards.Verbs.OfferVisit, form);

        StringAssert.Contains(card, Text(errorKey));
        Assert.AreEqual(before, (await WorkshopsAsync(s)).Count);
    }

    [TestMethod]
    public async Task CapacityAsTeamsSendsANumberInputIsRead()
    {
        var form = OfferForm();
        form["capacity"] = "12.0";

        StringAssert.Contains(await InvokeAsync(s, Claire, "offer-number", WorkshopCards.Verbs.OfferVisit, form), Text("Offer_Done"));
    }

    private static async Task<Workshop> MatchedVisitAsync()
    {
        var cardId = "offer-" + Guid.NewGuid().ToString("N");
        await InvokeAsync(s, Claire, cardId, WorkshopCards.Verbs.OfferVisit, OfferForm());
        var visit = (await WorkshopsAsync(s)).Where(w => w.Kind == WorkshopKinds.Visit && w.Status == WorkshopStatus.Offered).OrderByDescending(w => w.CreatedUtc).First();
        StringAssert.Contains(await InvokeAsync(s, Coordinator, "match-" + cardId, WorkshopCards.Verbs.Match, Id(visit.Id, ("schools", "lycee-etoile"), ("classes", "etoile-tle-sti2d"))), Text("Match_Done"));
        return visit;
    }

    private static Dictionary<string, string> OfferForm(int capacity = 12, string site = "Centrale de Gardanne")
    {
        var paris = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        return new()
        {
            ["site"] = site,
            ["address"] = "Route de Biver, 13120 Gardanne",
            ["city"] = "Marseille",
            ["date"] = paris.AddDays(20).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = "09:30",
            ["duration"] = "180",
            ["capacity"] = capacity.ToString(CultureInfo.InvariantCulture),
        };
    }

    private static async Task<string> IcsAsync(string visitId, string personId)
    {
        var link = s.App.Services.GetRequiredService<IcsLinks>().Create("visit", VisitCalendar.BookingId(visitId), personId);
        var response = await s.App.Http.GetAsync(link.PathAndQuery);
        Assert.AreEqual(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}

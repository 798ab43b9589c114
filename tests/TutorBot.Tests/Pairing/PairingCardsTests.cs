using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Pairing;
using TutorBot.Features.Programme;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Roster;
using static TutorBot.Tests.Pairing.PairingKit;

namespace TutorBot.Tests.Pairing;

/// <summary>
/// The cards of a pair end to end against the connector stand-in: introductions in each side's language through the
/// outbox, Programme's TutorId in step, an end request from the student's card, a tutor refused as decider, the
/// coordinator's decision, both sides told, the history kept.
/// </summary>
[TestClass]
public sealed class PairingCardsTests
{
    private const string Tenant = BotApplication.BotTenant;

    private static readonly Person JulienBot = new(Id(Julien), Roles.Tutor, "Julien Martin", Tenant, "00000000-0000-0000-0000-00000000a001", "user-julien", "energies-demo-sa");
    private static readonly Person LucasBot = new(Id(Lucas), Roles.Student, "Lucas Fabre", Tenant, "00000000-0000-0000-0000-00000000a002", "user-lucas", SchoolId: Calanques);
    private static readonly Person CoordinatorBot = new(Id(RosterKit.CoordinatorLogin), Roles.Coordinator, "Coordination", Tenant, "00000000-0000-0000-0000-00000000a003", "user-coord");

    [TestMethod]
    public async Task PairingIntroducesBothSidesAndAnEndRequestIsDecidedByACoordinator()
    {
        await using var kit = await PairingKit.StartAsync();
        var programme = kit.S.App.Services.GetRequiredService<ProgrammeStore>();
        foreach (var (person, locale) in new[] { (JulienBot, "fr-FR"), (LucasBot, "en-US"), (CoordinatorBot, "fr-FR") })
        {
            await programme.UpsertAsync(person);
            await kit.S.App.PostActivityAsync(Activities.Installed(kit.S.Connector.ServiceUrl, person, locale));
        }

        var created = await kit.PairAsync(Calanques, Lucas, Julien);
        Assert.AreEqual(HttpStatusCode.Created, created.StatusCode);
        var pair = await created.Content.ReadFromJsonAsync<JsonElement>();
        var pairId = pair.GetProperty("id").GetString()!;
        Assert.AreEqual(Id(Julien), (await programme.GetAsync(LucasBot.Id))?.TutorId, "tutoring now knows Julien's student");
        kit.S.Connector.Reset();

        await DrainAsync(kit);

        var toJulien = CardsTo(kit, JulienBot);
        var toLucas = CardsTo(kit, LucasBot);
        StringAssert.Contains(toJulien.Single(), Text("Intro_Tutor", "fr", "Lucas Fabre", "1re STI2D A", "Lycée des Calanques (fictif)"));
        StringAssert.Contains(toLucas.Single(), Text("Intro_Student", "en", "Julien Martin", "Énergies Demo SA"), "in Lucas's language");

        // A second drain sends nothing again.
        kit.S.Connector.Reset();
        await DrainAsync(kit);
        Assert.AreEqual(0, CardsTo(kit, JulienBot).Count + CardsTo(kit, LucasBot).Count);

        var data = new Dictionary<string, string> { [PairingCards.Inputs.TutorId] = Id(Julien), [PairingCards.Inputs.PairId] = pairId };

        // The yearly follow-up: the pair's tutor answers from the card; the student pressing the same button is refused.
        var followUp = new Dictionary<string, string>(data) { [PairingCards.Inputs.Year] = "2025", [PairingCards.Inputs.Class] = "Tle STI2D", [PairingCards.Inputs.Degree] = "Bac+5" };
        StringAssert.Contains(await InvokeAsync(kit, LucasBot, PairingCards.Verbs.FollowUp, followUp, "en-US"), Text("FollowUp_NotYours", "en"));
        StringAssert.Contains(await InvokeAsync(kit, JulienBot, PairingCards.Verbs.FollowUp, new Dictionary<string, string>(followUp) { [PairingCards.Inputs.Degree] = "Bac+9" }), Text("FollowUp_Invalid", "fr", "degreeTarget"));
        StringAssert.Contains(await InvokeAsync(kit, JulienBot, PairingCards.Verbs.FollowUp, followUp), Text("FollowUp_Saved", "fr", "2025–2026"));
        Assert.AreEqual("Bac+5", (await kit.JsonAsync($"/api/pairing/schools/{Calanques}/students/{Id(Lucas)}/followup")).EnumerateArray().Single().GetProperty("degreeTarget").GetString());
        StringAssert.Contains(await InvokeAsync(kit, LucasBot, PairingCards.Verbs.AskEnd, data, "en-US"), Text("AskEnd_Sent", "en"));
        StringAssert.Contains(await InvokeAsync(kit, LucasBot, PairingCards.Verbs.AskEnd, data, "en-US"), Text("AskEnd_Already", "en"), "asked once");
        await DrainAsync(kit);
        StringAssert.Contains(CardsTo(kit, CoordinatorBot).Single(), Text("Decision_Text", "fr", "Lucas Fabre", "Julien Martin", "Lucas Fabre", DateOf(pair)));

        // The card's data names the pair, not who may decide: the tutor pressing the coordinator's button is refused.
        StringAssert.Contains(await InvokeAsync(kit, JulienBot, PairingCards.Verbs.ApproveEnd, data), Text("Decision_NotCoordinator", "fr"));
        StringAssert.Contains(await InvokeAsync(kit, CoordinatorBot, PairingCards.Verbs.ApproveEnd, data), Text("Decision_Ended", "fr"));
        StringAssert.Contains(await InvokeAsync(kit, CoordinatorBot, PairingCards.Verbs.ApproveEnd, data), Text("Decision_Already", "fr"));
        kit.S.Connector.Reset();
        await DrainAsync(kit);

        StringAssert.Contains(CardsTo(kit, JulienBot).Single(), Text("Ended_Text", "fr", "Lucas Fabre"));
        StringAssert.Contains(CardsTo(kit, LucasBot).Single(), Text("Ended_Text", "en", "Julien Martin"));
        Assert.IsNull((await programme.GetAsync(LucasBot.Id))?.TutorId, "no tutor any more");
        var history = (await kit.JsonAsync($"/api/pairing/schools/{Calanques}/pairs")).EnumerateArray().Single();
        Assert.AreEqual(PairStatus.Ended, history.GetProperty("status").GetString(), "the ended pair stays in the history");
        Assert.AreEqual(HttpStatusCode.Created, (await kit.PairAsync(Calanques, Lucas, Nadia)).StatusCode, "Lucas can be paired again");
    }

    private static List<string> CardsTo(RosterKit kit, Person person) =>
        [.. kit.S.Connector.Calls.Where(c => c.ConversationId == Activities.ConversationIdOf(person) && c.Method == "POST" && c.Activity is not null).Select(c => c.CardText)];

    private static async Task<string> InvokeAsync(RosterKit kit, Person from, string verb, Dictionary<string, string> data, string locale = "fr-FR")
    {
        var response = await kit.S.App.PostActivityAsync(Activities.CardAction(kit.S.Connector.ServiceUrl, from, "card-1", verb, data, locale));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var value = body.GetProperty("value");
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : CardTexts.Of(value);
    }

    private static string DateOf(JsonElement pair) =>
        TutorBot.Conversation.Culture.ToParis(pair.GetProperty("startedUtc").GetDateTimeOffset()).ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("fr"));
}

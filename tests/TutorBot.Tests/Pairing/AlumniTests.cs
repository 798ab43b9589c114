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
/// The alumni community end to end against Azurite and the connector stand-in: a recorded graduation offers the
/// graduate to join on a card (through the outbox), only that graduate's own click joins, coordinators list the
/// alumni and invite them with a card each (their words shown as typed), to alumni only.
/// </summary>
[TestClass]
public sealed class AlumniTests
{
    private const string Tenant = BotApplication.BotTenant;

    private static readonly Person LucasBot = new(Id(Lucas), Roles.Student, "Lucas Fabre", Tenant, "00000000-0000-0000-0000-00000000b002", "user-lucas", SchoolId: Calanques);
    private static readonly Person AminaBot = new(Id(Amina), Roles.Student, "Amina Diallo", Tenant, "00000000-0000-0000-0000-00000000b003", "user-amina", SchoolId: Calanques);

    [TestMethod]
    public async Task AGraduateJoinsTheAlumniFromTheOfferCardAndOnlyAlumniGetACoordinatorsInvitation()
    {
        await using var kit = await PairingKit.StartAsync();
        var programme = kit.S.App.Services.GetRequiredService<ProgrammeStore>();
        foreach (var (person, locale) in new[] { (LucasBot, "fr-FR"), (AminaBot, "en-US") })
        {
            await programme.UpsertAsync(person);
            await kit.S.App.PostActivityAsync(Activities.Installed(kit.S.Connector.ServiceUrl, person, locale));
        }

        kit.S.Connector.Reset();
        var lucasPath = $"/api/pairing/schools/{Calanques}/students/{Id(Lucas)}";
        Assert.AreEqual(HttpStatusCode.OK, (await kit.SendJsonAsync(HttpMethod.Put, lucasPath + "/followup", new { year = 2024, className = "Tle STI2D", graduated = false })).StatusCode);
        await DrainAsync(kit);
        Assert.IsEmpty(CardsTo(kit, LucasBot), "no offer before a graduation");

        Assert.AreEqual(HttpStatusCode.OK, (await kit.SendJsonAsync(HttpMethod.Put, lucasPath + "/followup", new { year = 2025, className = "BUT GEII 3", degreeTarget = "Bac+3", graduated = true })).StatusCode);
        await DrainAsync(kit);
        var offer = CardsTo(kit, LucasBot).Single();
        StringAssert.Contains(offer, Text("Alumni_OfferTitle", "fr"));

        // The card says which school; who joins is the clicker, from storage: Amina (no graduation) pressing Join is refused.
        var data = new Dictionary<string, string> { [AlumniCards.SchoolInput] = Calanques };
        StringAssert.Contains(await InvokeAsync(kit, AminaBot, AlumniCards.Verbs.Join, data, "en-US"), Text("Alumni_NotGraduated", "en"));
        StringAssert.Contains(await InvokeAsync(kit, LucasBot, AlumniCards.Verbs.Decline, data), Text("Alumni_Declined", "fr"));
        Assert.AreEqual(0, (await kit.JsonAsync("/api/pairing/alumni")).GetArrayLength(), "declining writes nothing");
        StringAssert.Contains(await InvokeAsync(kit, LucasBot, AlumniCards.Verbs.Join, data), Text("Alumni_Joined", "fr"));
        var alumnus = (await kit.JsonAsync("/api/pairing/alumni")).EnumerateArray().Single();
        Assert.AreEqual("Lucas Fabre", alumnus.GetProperty("name").GetString());

        // The coordinator invites every alumnus and names Amina too: she is not one, so she is listed, not invited.
        kit.S.Connector.Reset();
        var invited = await kit.SendJsonAsync(HttpMethod.Post, "/api/pairing/alumni/invitations", new { title = "Atelier métiers du 12 mars", message = "Venez témoigner : **BUT** [inscription](https://evil.example)", studentIds = new[] { Id(Lucas), Id(Amina) } });
        Assert.AreEqual(HttpStatusCode.Accepted, invited.StatusCode);
        var answer = await invited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(1, answer.GetProperty("invited").GetInt32());
        Assert.AreEqual(Id(Amina), answer.GetProperty("notAlumni").EnumerateArray().Single().GetString());
        Assert.IsEmpty(CardsTo(kit, LucasBot), "sent by the outbox, not in the request");
        await DrainAsync(kit);

        var card = kit.S.Connector.Calls.Single(c => c.ConversationId == Activities.ConversationIdOf(LucasBot) && c.Method == "POST").Activity!;
        StringAssert.Contains(CardTexts.Of(card), "Atelier métiers du 12 mars");
        StringAssert.Contains(CardTexts.Of(card), Text("Alumni_InviteHeading", "fr"));
        var runs = JsonSerializer.SerializeToElement(card.Attachments!.Single().Content, TutorBot.Protocol.Schema.ProtocolJson.Options).GetProperty("body").EnumerateArray()
            .Where(e => e.GetProperty("type").GetString() == "RichTextBlock").SelectMany(e => e.GetProperty("inlines").EnumerateArray()).Select(r => r.GetProperty("text").GetString()).ToList();
        CollectionAssert.Contains(runs, "Venez témoigner : **BUT** [inscription](https://evil.example)", "the coordinator's words are shown as typed (a text run), never as markdown");
        Assert.IsEmpty(CardsTo(kit, AminaBot));

        // An alumnus who left gets no later invitation; bad texts and other callers are refused.
        Assert.AreEqual(HttpStatusCode.NoContent, (await kit.SendJsonAsync(HttpMethod.Put, lucasPath + "/alumni", new { optedIn = false })).StatusCode);
        var none = await (await kit.SendJsonAsync(HttpMethod.Post, "/api/pairing/alumni/invitations", new { title = "Forum", message = "Bonjour" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(0, none.GetProperty("invited").GetInt32());
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.SendJsonAsync(HttpMethod.Post, "/api/pairing/alumni/invitations", new { title = " ", message = "Bonjour" })).StatusCode);
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.SendJsonAsync(HttpMethod.Post, "/api/pairing/alumni/invitations", new { title = "Forum", message = new string('x', AlumniInvitation.MessageMax + 1) })).StatusCode);
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.SendJsonAsync(HttpMethod.Post, "/api/pairing/alumni/invitations", new { title = "Forum", message = "Bonjour" }, kit.Token(Referent))).StatusCode);
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
}

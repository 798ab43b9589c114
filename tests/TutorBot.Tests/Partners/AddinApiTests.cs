using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Approvals;
using TutorBot.Features.Partners;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Partners;

/// <summary><c>/api/addin/*</c> through HTTP against Azurite, as addin/API.md and addin/src/contract.ts say.</summary>
[TestClass]
public sealed class AddinApiTests
{
    private static readonly string[] PartyProperties =
        ["organisationId", "name", "mentionFr", "mentionEn", "logoExpected", "logoNeedsBat", "links", "nameBarredFromCommercial", "writtenConsentOnRecord"];

    [TestMethod]
    public async Task TokensWithAnotherAudienceExpiredWithoutTheScopeOrMissingAre401ProblemDetails()
    {
        await using var kit = await PartnersKit.StartAsync();
        var issuer = kit.S.Issuer;
        string Minted(DateTimeOffset? expires = null, string audience = RosterKit.Audience) => TokenIssuerStandIn.Mint(
            issuer.EntraUserKey,
            $"https://login.microsoftonline.com/{BotApplication.BotTenant}/v2.0",
            audience,
            new Dictionary<string, object> { ["tid"] = BotApplication.BotTenant, ["oid"] = "oid-" + PartnersKit.UpsLogin, ["scp"] = "access_as_user", ["preferred_username"] = PartnersKit.UpsLogin, ["ver"] = "2.0" },
            notBefore: expires?.AddHours(-1),
            expires: expires);

        Assert.AreEqual(HttpStatusCode.OK, (await kit.GetAsync("/api/addin/agreements", Minted())).StatusCode, "the same token, valid");
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Unauthorized, await kit.GetAsync("/api/addin/agreements", Minted(audience: "api://another-app")), "another audience");
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Unauthorized, await kit.GetAsync("/api/addin/agreements", Minted(expires: DateTimeOffset.UtcNow.AddMinutes(-30))), "expired half an hour ago");
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Unauthorized, await kit.GetAsync("/api/addin/grants?medium=email", kit.Roster.Token(PartnersKit.UpsLogin, scope: "User.Read")), "no access_as_user scope");
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Unauthorized, await kit.GetAsync("/api/addin/agreements", kit.Roster.Token(PartnersKit.UpsLogin, tenant: "12345678-0000-0000-0000-000000000000")), "a tenant not allowed");
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Unauthorized, await kit.PostJsonAsync("/api/addin/insertions", new { }, token: null), "no token");
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, await kit.GetAsync("/api/addin/agreements", kit.Roster.Token("stranger@ex.example")), "someone not in the roster");
    }

    [TestMethod]
    public async Task TheAgreementsAnswerHasTheShapeThePaneChecksAndTheSeededClauses()
    {
        await using var kit = await PartnersKit.StartAsync();
        var ups = kit.Token(PartnersKit.UpsLogin);
        var png = PartnersKit.Png(200, 80);
        Assert.AreEqual(HttpStatusCode.Created, (await kit.UploadAsync(PartnersKit.Association, png, "pa.png", "image/png", kit.Coordinator)).StatusCode);

        var response = await kit.GetAsync("/api/addin/agreements", ups);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, body.ToString());
        CollectionAssert.AreEquivalent(new[] { "organisationId", "agreements", "logos" }, Names(body));
        Assert.AreEqual("ups", body.GetProperty("organisationId").GetString());
        var agreement = body.GetProperty("agreements").EnumerateArray().Single();
        CollectionAssert.AreEquivalent(new[] { "id", "title", "parties" }, Names(agreement));
        Assert.AreEqual(PartnersKit.UpsAgreement, agreement.GetProperty("id").GetString());
        Assert.AreEqual(JsonValueKind.String, agreement.GetProperty("title").ValueKind);
        var parties = agreement.GetProperty("parties").EnumerateArray().ToDictionary(p => p.GetProperty("organisationId").GetString()!);
        CollectionAssert.AreEquivalent(new[] { "ups", PartnersKit.Association }, parties.Keys.ToArray());
        foreach (var party in parties.Values)
        {
            CollectionAssert.AreEquivalent(PartyProperties, Names(party), party.ToString());
            foreach (var name in new[] { "organisationId", "name", "mentionFr", "mentionEn" })
            {
                Assert.AreEqual(JsonValueKind.String, party.GetProperty(name).ValueKind, name);
            }

            foreach (var name in new[] { "logoExpected", "logoNeedsBat", "nameBarredFromCommercial", "writtenConsentOnRecord" })
            {
                Assert.IsTrue(party.GetProperty(name).ValueKind is JsonValueKind.True or JsonValueKind.False, name);
            }

            foreach (var link in party.GetProperty("links").EnumerateArray())
            {
                CollectionAssert.AreEquivalent(new[] { "url", "labelFr", "labelEn" }, Names(link));
                StringAssert.StartsWith(link.GetProperty("url").GetString(), "https://");
            }

            Assert.IsTrue(party.GetProperty("logoExpected").GetBoolean() && party.GetProperty("logoNeedsBat").GetBoolean(), "each cites the other with its logo, BAT for every use");
        }

        var pa = parties[PartnersKit.Association];
        Assert.AreEqual("Passeport Avenir", pa.GetProperty("name").GetString());
        Assert.AreEqual("https://www.passeport-avenir.com/", pa.GetProperty("links").EnumerateArray().Single().GetProperty("url").GetString());
        Assert.IsTrue(pa.GetProperty("nameBarredFromCommercial").GetBoolean());
        Assert.IsFalse(pa.GetProperty("writtenConsentOnRecord").GetBoolean());
        Assert.IsFalse(parties["ups"].GetProperty("nameBarredFromCommercial").GetBoolean());

        var logo = body.GetProperty("logos").EnumerateArray().Single();
        CollectionAssert.AreEquivalent(new[] { "organisationId", "hash", "contentType", "url" }, Names(logo));
        Assert.AreEqual(PartnersKit.Association, logo.GetProperty("organisationId").GetString());
        Assert.AreEqual(PartnersKit.Sha256(png), logo.GetProperty("hash").GetString());
        Assert.AreEqual("image/png", logo.GetProperty("contentType").GetString());
        var file = await kit.GetAsync(logo.GetProperty("url").GetString()!, ups);
        Assert.AreEqual(HttpStatusCode.OK, file.StatusCode);
        Assert.AreEqual("image/png", file.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(PartnersKit.Sha256(png), PartnersKit.Sha256(await file.Content.ReadAsByteArrayAsync()), "the pane checks the bytes against the hash");
        Assert.AreEqual(HttpStatusCode.NotFound, (await kit.GetAsync("/api/addin/logos/" + new string('0', 64), ups)).StatusCode);
        Assert.AreEqual(HttpStatusCode.NotFound, (await kit.GetAsync(logo.GetProperty("url").GetString()!, kit.Token(PartnersKit.CompanyLogin))).StatusCode, "not a party to any of that caller's agreements");

        var academie = await (await kit.GetAsync("/api/addin/agreements", kit.Token(PartnersKit.AcademieLogin))).Content.ReadFromJsonAsync<JsonElement>();
        var aix = academie.GetProperty("agreements").EnumerateArray().Single();
        Assert.AreEqual(PartnersKit.AixAgreement, aix.GetProperty("id").GetString());
        foreach (var party in aix.GetProperty("parties").EnumerateArray())
        {
            Assert.IsFalse(party.GetProperty("logoExpected").GetBoolean() || party.GetProperty("logoNeedsBat").GetBoolean() || party.GetProperty("nameBarredFromCommercial").GetBoolean(), "article 7: mentions only");
            Assert.AreEqual(0, party.GetProperty("links").GetArrayLength());
            Assert.AreNotEqual("", party.GetProperty("mentionFr").GetString());
        }

        var coordinator = await (await kit.GetAsync("/api/addin/agreements", kit.Coordinator)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(PartnersKit.Association, coordinator.GetProperty("organisationId").GetString());
        Assert.AreEqual(2, coordinator.GetProperty("agreements").GetArrayLength());
        var none = await (await kit.GetAsync("/api/addin/agreements", kit.Token(PartnersKit.CompanyLogin))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(0, none.GetProperty("agreements").GetArrayLength(), "a company party to no agreement");
    }

    [TestMethod]
    public async Task GrantsAreTheStoredUnexpiredOnesForEmailOfTheCallersParties()
    {
        await using var kit = await PartnersKit.StartAsync();
        var ups = kit.Token(PartnersKit.UpsLogin);
        var empty = await (await kit.GetAsync("/api/addin/grants?medium=email", ups)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(0, empty.GetProperty("grants").GetArrayLength(), "nothing granted yet");
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.GetAsync("/api/addin/grants?medium=print", ups)).StatusCode);

        var store = kit.S.App.Services.GetRequiredService<ApprovalStore>();
        var now = DateTimeOffset.UtcNow;
        var hash = new string('a', 64);
        Grant Granted(string id, string owner, string medium, DateTimeOffset from, DateTimeOffset to, string grantee = "ups") =>
            new(id, owner, hash, medium, from, to, new string('c', 64), grantee, from);
        await store.AddGrantAsync(Granted("g1", PartnersKit.Association, "email", now.AddDays(-1), now.AddDays(30)), default);
        await store.AddGrantAsync(Granted("g2", PartnersKit.Association, "email", now.AddDays(-30), now.AddDays(-1)), default);
        await store.AddGrantAsync(Granted("g3", PartnersKit.Association, "poster", now.AddDays(-1), now.AddDays(30)), default);
        await store.AddGrantAsync(Granted("g4", "academie-aix-marseille", "email", now.AddDays(-1), now.AddDays(30)), default);
        await store.AddGrantAsync(Granted("g5", PartnersKit.Association, "email", now.AddDays(-1), now.AddDays(30), grantee: "academie-aix-marseille"), default);
        await store.AddGrantAsync(Granted("g6", PartnersKit.Association, "email", now.AddDays(-1), now.AddDays(30)) with { RevokedAt = now.AddHours(-1), RevokedBy = "someone" }, default);

        var grants = (await (await kit.GetAsync("/api/addin/grants?medium=email", ups)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("grants").EnumerateArray().ToList();
        var grant = grants.Single();
        CollectionAssert.AreEquivalent(new[] { "organisationId", "logoHash", "medium", "from", "to" }, Names(grant));
        Assert.AreEqual(PartnersKit.Association, grant.GetProperty("organisationId").GetString());
        Assert.AreEqual(hash, grant.GetProperty("logoHash").GetString());
        StringAssert.EndsWith(grant.GetProperty("to").GetString(), "Z");
    }

    [TestMethod]
    public async Task AnInsertionIsRecordedWithHashesAndIdsOnlyAndRefusedForAnAgreementOfOthers()
    {
        await using var kit = await PartnersKit.StartAsync();
        const string subject = "Communiqué confidentiel : lancement des prépas 2027";
        var subjectHash = PartnersKit.Sha256(Encoding.UTF8.GetBytes(subject));
        var png = PartnersKit.Png(64, 64);
        await kit.UploadAsync(PartnersKit.Association, png, "pa.png", "image/png", kit.Coordinator);

        var academie = kit.Token(PartnersKit.AcademieLogin);
        await PartnersKit.AssertProblemAsync(
            HttpStatusCode.Forbidden,
            await kit.PostJsonAsync("/api/addin/insertions", new { agreementId = PartnersKit.UpsAgreement, organisationId = PartnersKit.Association, subjectHash }, academie),
            "the Académie's correspondent is no party to UPS × Passeport Avenir");
        await PartnersKit.AssertProblemAsync(
            HttpStatusCode.Forbidden,
            await kit.PostJsonAsync("/api/addin/insertions", new { agreementId = PartnersKit.UpsAgreement, organisationId = PartnersKit.Association, subjectHash }, kit.Token(PartnersKit.CompanyLogin)),
            "a company party to no agreement");

        var ups = kit.Token(PartnersKit.UpsLogin);
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.PostJsonAsync("/api/addin/insertions", new { agreementId = PartnersKit.UpsAgreement, organisationId = PartnersKit.Association, subjectHash = subject }, ups)).StatusCode, "the subject itself instead of its hash");
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.PostJsonAsync("/api/addin/insertions", new { agreementId = PartnersKit.UpsAgreement, organisationId = "academie-aix-marseille", subjectHash }, ups)).StatusCode, "not a party to that agreement");
        Assert.AreEqual(HttpStatusCode.BadRequest, (await kit.PostJsonAsync("/api/addin/insertions", new { agreementId = PartnersKit.UpsAgreement, organisationId = PartnersKit.Association, logoHash = new string('b', 64), subjectHash }, ups)).StatusCode, "not a version of that logo");
        Assert.AreEqual(0, (await Insertions(kit)).Count, "nothing refused was recorded");

        var response = await kit.PostJsonAsync("/api/addin/insertions", new { agreementId = PartnersKit.UpsAgreement, organisationId = PartnersKit.Association, logoHash = PartnersKit.Sha256(png), subjectHash }, ups);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(HttpStatusCode.Created, response.StatusCode, created.ToString());
        var id = created.GetProperty("id").GetString();

        var row = (await Insertions(kit)).Single();
        Assert.AreEqual(id, row.RowKey);
        Assert.AreEqual(PartnersKit.UpsAgreement, row.GetString("AgreementId"));
        Assert.AreEqual(PartnersKit.Association, row.GetString("OrganisationId"));
        Assert.AreEqual(PartnersKit.Sha256(png), row.GetString("LogoHash"));
        Assert.AreEqual(subjectHash, row.GetString("SubjectHash"));
        Assert.IsFalse(string.IsNullOrEmpty(row.GetString("PersonId")), "who");
        Assert.IsNotNull(row.GetDateTimeOffset("At"), "when");
        foreach (var (key, value) in row)
        {
            Assert.IsFalse(value?.ToString()?.Contains("confidentiel", StringComparison.OrdinalIgnoreCase) == true, key + " carries the subject");
            Assert.IsFalse(value?.ToString()?.Contains(PartnersKit.UpsLogin, StringComparison.OrdinalIgnoreCase) == true, key + " carries the login");
        }

        Assert.IsFalse(kit.S.App.Logs.Entries.Any(e => e.Message.Contains("confidentiel", StringComparison.OrdinalIgnoreCase)), "nor do the logs");
    }

    private static async Task<List<TableEntity>> Insertions(PartnersKit kit)
    {
        var rows = new List<TableEntity>();
        await foreach (var e in kit.Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"insertion|"} and PartitionKey lt {"insertion|\uffff"}")))
        {
            rows.Add(e);
        }

        return rows;
    }

    private static string[] Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name).ToArray();
}

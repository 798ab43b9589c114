using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Approvals;
using TutorBot.Tests.Partners;

namespace TutorBot.Tests.Approvals;

/// <summary>The audit log is append-only and hash-chained: a changed, rewritten or removed entry is named by verify.</summary>
[TestClass]
public sealed class AuditChainTests
{
    private static AuditFact Fact(int i, string org = "ups") =>
        new($"test/{i}", AuditKinds.Insertion, DateTimeOffset.UtcNow, "person-" + i, org, new string('a', 64), BatMedia.Email, new string('b', 64));

    private static async Task<(PartnersKit Kit, AuditLog Audit)> StartAsync(int entries)
    {
        var kit = await PartnersKit.StartAsync();
        var audit = kit.S.App.Services.GetRequiredService<AuditLog>();
        for (var i = 1; i <= entries; i++)
        {
            Assert.AreEqual(i, await audit.AppendAsync(Fact(i)));
        }

        return (kit, audit);
    }

    private static async Task<JsonElement> VerifyOverHttpAsync(PartnersKit kit)
    {
        var response = await kit.GetAsync("/api/partners/audit/verify", kit.Coordinator);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [TestMethod]
    public async Task TamperingWithOneStoredEntryIsNamedByTheVerifyCommand()
    {
        var (kit, audit) = await StartAsync(5);
        await using var _ = kit;
        Assert.IsTrue((await VerifyOverHttpAsync(kit)).GetProperty("intact").GetBoolean());

        // Someone with write access to the table changes entry 3's partner.
        var table = kit.S.App.Table(AuditLog.Table);
        var entry = (await table.GetEntityAsync<TableEntity>(AuditLog.Partition, AuditLog.EntryRow(3))).Value;
        entry["OrganisationId"] = PartnersKit.Association;
        await table.UpdateEntityAsync(entry, ETag.All, TableUpdateMode.Replace);

        var result = await VerifyOverHttpAsync(kit);
        Assert.IsFalse(result.GetProperty("intact").GetBoolean());
        var problem = result.GetProperty("problems").EnumerateArray().Single();
        Assert.AreEqual(3, problem.GetProperty("seq").GetInt64());
        Assert.AreEqual("changed", problem.GetProperty("problem").GetString());
        await PartnersKit.AssertProblemAsync(HttpStatusCode.Forbidden, await kit.GetAsync("/api/partners/audit/verify", kit.Token(PartnersKit.UpsLogin)), "only a coordinator verifies");
    }

    [TestMethod]
    public async Task AnEntryRewrittenWithItsOwnHashRecomputedIsStillNamed()
    {
        var (kit, audit) = await StartAsync(4);
        await using var _ = kit;
        var table = kit.S.App.Table(AuditLog.Table);
        var entry = (await audit.ReadAsync()).Single(e => e.Seq == 2);
        var forged = AuditEntry.Chain(2, entry.Fact with { ActorId = "someone-else" }, entry.PreviousHash);
        var stored = (await table.GetEntityAsync<TableEntity>(AuditLog.Partition, AuditLog.EntryRow(2))).Value;
        stored["ActorId"] = "someone-else";
        stored["Hash"] = forged.Hash;
        await table.UpdateEntityAsync(stored, ETag.All, TableUpdateMode.Replace);

        var result = await audit.VerifyAsync();
        CollectionAssert.AreEqual(new[] { new AuditProblem(2, "changed") }, result.Problems.ToArray());
    }

    [TestMethod]
    public async Task ARemovedEntryIsNamedAsMissingAndSoIsARemovedLastOne()
    {
        var (kit, audit) = await StartAsync(5);
        await using var _ = kit;
        var table = kit.S.App.Table(AuditLog.Table);
        await table.DeleteEntityAsync(AuditLog.Partition, AuditLog.EntryRow(2));
        await table.DeleteEntityAsync(AuditLog.Partition, AuditLog.EntryRow(5));

        var result = await audit.VerifyAsync();
        CollectionAssert.AreEqual(new[] { new AuditProblem(2, "missing"), new AuditProblem(5, "missing") }, result.Problems.ToArray());
    }

    [TestMethod]
    public async Task ConcurrentAppendsTakeDistinctNumbersAndAFactIsChainedOnce()
    {
        var (kit, audit) = await StartAsync(0);
        await using var _ = kit;
        var numbers = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => audit.AppendAsync(Fact(i))));
        CollectionAssert.AreEquivalent(Enumerable.Range(1, 12).Select(i => (long)i).ToArray(), numbers);
        Assert.AreEqual(numbers[3], await audit.AppendAsync(Fact(4)), "the same fact again keeps its number");
        var verification = await audit.VerifyAsync();
        Assert.IsTrue(verification.Intact);
        Assert.AreEqual(12, verification.Entries);
    }

    [TestMethod]
    public async Task TheCsvExportEscapesFormulasAndACorrespondentSeesOnlyTheirOrganisation()
    {
        var (kit, audit) = await StartAsync(2);
        await using var _ = kit;
        await audit.AppendAsync(Fact(3, org: "academie-aix-marseille"));

        var coordinator = await (await kit.GetAsync("/api/partners/audit/csv", kit.Coordinator)).Content.ReadAsStringAsync();
        var lines = coordinator.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.AreEqual(string.Join(';', AuditCsv.Header), lines[0]);
        Assert.HasCount(4, lines);
        var ups = await (await kit.GetAsync("/api/partners/audit/csv", kit.Token(PartnersKit.UpsLogin))).Content.ReadAsStringAsync();
        Assert.HasCount(3, ups.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries), "UPS's correspondent sees UPS's entries only");
        var view = await (await kit.GetAsync("/api/partners/audit", kit.Token(PartnersKit.UpsLogin))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(2, view.GetProperty("entries").GetArrayLength());
    }

    [TestMethod]
    [DataRow("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [DataRow("+33 6", "'+33 6")]
    [DataRow("-1+1", "'-1+1")]
    [DataRow("@SUM(A1)", "'@SUM(A1)")]
    [DataRow("\tcmd", "'\tcmd")]
    [DataRow("Lycée; Marseille", "\"Lycée; Marseille\"")]
    [DataRow("UPS", "UPS")]
    public void ACellASpreadsheetWouldRunAsAFormulaIsNeutralised(string value, string expected) => Assert.AreEqual(expected, AuditCsv.Cell(value));
}

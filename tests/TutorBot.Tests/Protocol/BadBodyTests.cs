using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Protocol.Schema;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Protocol;

/// <summary>A malformed activity gets 400 with problem details, changes nothing, and the next good one is served.</summary>
[TestClass]
public sealed class BadBodyTests
{
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await StandIns.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    public static IEnumerable<object[]> BadBodies()
    {
        yield return ["invalid JSON", "{ \"type\": \"message\", ", "application/json"];
        yield return ["wrong content type", Serialize(Good()), "text/plain"];
        yield return ["1 MB text", Serialize(Good() with { Text = new string('a', 1024 * 1024) }), "application/json"];
        yield return ["missing conversation", Serialize(Good() with { Conversation = null }), "application/json"];
        yield return ["missing from", Serialize(Good() with { From = null }), "application/json"];
        yield return ["missing type", Serialize(Good() with { Type = null }), "application/json"];
        yield return ["a JSON array", "[]", "application/json"];
    }

    [TestMethod]
    [DynamicData(nameof(BadBodies))]
    public async Task BadBodyIsRefusedWithProblemDetailsAndTheNextGoodOneIsServed(string name, string body, string contentType)
    {
        var token = s.Issuer.BotFrameworkToken(BotApplication.AppId, s.Connector.ServiceUrl);

        var response = await s.App.PostRawAsync(body, token, contentType);

        Assert.AreEqual(HttpStatusCode.BadRequest, response.StatusCode, name);
        Assert.AreEqual("application/problem+json", response.Content.Headers.ContentType?.MediaType, name);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.AreEqual(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.IsFalse(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()), "the problem says what is wrong");
        Assert.IsFalse(await RememberedAsync(), name);

        var next = await s.App.PostActivityAsync(Good());
        Assert.AreEqual(HttpStatusCode.OK, next.StatusCode, "the next good request is served");
    }

    private static readonly Person Sender = new("bad-body-sender", Roles.Student, "Test", DemoData.TenantId, "bad-body-aad", "29:bad-body");

    private static Activity Good() => Activities.Message(s.Connector.ServiceUrl, Sender, "aide") with { Conversation = new ConversationAccount { Id = "a:bad-" + Guid.NewGuid().ToString("N"), TenantId = DemoData.TenantId, ConversationType = "personal" } };

    private static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, ProtocolJson.Options);

    private static async Task<bool> RememberedAsync()
    {
        // Good requests of earlier rows store the sender: count only rows newer than this test's start is not
        // possible in Table storage, so each row checks that a bad body did not add a *welcomed* or other row.
        var table = s.App.Table(Tables.Conversations);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(e => e.PartitionKey == "welcomed"))
        {
            count++;
        }

        return count > 0;
    }
}

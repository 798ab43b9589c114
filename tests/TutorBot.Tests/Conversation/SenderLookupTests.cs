using System.Globalization;
using System.Net;
using System.Resources;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Resources;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Conversation;

/// <summary>
/// Every turn looks its sender up by Entra object id. The lookup is cached briefly (so a busy chat does not read the
/// index on each message) and forgotten as soon as this instance writes the person or their link.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class SenderLookupTests
{
    private static readonly ResourceManager Shared = new("TutorBot.Resources.Strings", typeof(Strings).Assembly);
    private static readonly ResourceManager Identity = new("TutorBot.Features.Identity.IdentityStrings", typeof(Strings).Assembly);
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await StandIns.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestInitialize]
    public void Reset() => s.Connector.Reset();

    private static ProgrammeStore Programme => s.App.Services.GetRequiredService<ProgrammeStore>();

    private static Person NewStudent(string? aad = null)
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        return new Person("student-" + tag, Roles.Student, "Élève " + tag, DemoData.TenantId, aad ?? Guid.NewGuid().ToString(), "29:student-" + tag, SchoolId: "lycee-etoile", ClassId: "etoile-tle-sti2d");
    }

    private static async Task<string> SayAsync(Person from, string text)
    {
        var mark = s.Connector.Calls.Count;
        Assert.AreEqual(HttpStatusCode.OK, (await s.App.PostActivityAsync(Activities.Message(s.Connector.ServiceUrl, from, text))).StatusCode);
        return s.Connector.Calls.Skip(mark).Single(c => c.ConversationId == Activities.ConversationIdOf(from)).CardText;
    }

    [TestMethod]
    public async Task ALookupIsServedFromTheCacheWithoutReadingTheIndexAgain()
    {
        var student = NewStudent();
        await Programme.UpsertAsync(student);
        StringAssert.Contains(await SayAsync(student, "aide"), Shared.GetString("Help_Title", Fr));

        // The index row is taken away behind the store's back: a second turn still finds the sender, so it read nothing.
        var table = s.App.Table(Tables.Programme);
        await foreach (var index in table.QueryAsync<TableEntity>(e => e.PartitionKey == "people" && e.RowKey.CompareTo("aad:") >= 0 && e.RowKey.CompareTo("aad;") < 0))
        {
            if (index.GetString("PersonId") == student.Id)
            {
                await table.DeleteEntityAsync(index.PartitionKey, index.RowKey);
            }
        }

        StringAssert.Contains(await SayAsync(student, "aide"), Shared.GetString("Help_Title", Fr));
    }

    [TestMethod]
    public async Task SomeoneAddedToTheProgrammeIsKnownAtTheirNextTurn()
    {
        var student = NewStudent();
        // Not linked yet: the turn gets the identity check's "one moment" card (and the unknown answer is cached).
        var first = await SayAsync(student, "aide");
        StringAssert.Contains(first, Identity.GetString("Checking_Title", Fr), "not in the programme yet");
        Assert.IsFalse(first.Contains(Shared.GetString("Help_Title", Fr)!, StringComparison.Ordinal), "an unknown sender gets no help card");

        await Programme.UpsertAsync(student);

        StringAssert.Contains(await SayAsync(student, "aide"), Shared.GetString("Help_Title", Fr), "the write forgot the cached answer");
    }

    [TestMethod]
    public async Task AnObjectIdMovedToAnotherPersonFindsTheNewOneAtOnce()
    {
        var first = NewStudent();
        await Programme.UpsertAsync(first);
        StringAssert.Contains(await SayAsync(first, "aide"), Shared.GetString("Help_Title", Fr));

        // The link is corrected: the object id was someone else's (the first person loses it).
        var second = NewStudent(first.AadObjectId) with { TeamsUserId = first.TeamsUserId, Id = first.Id + "-b", DisplayName = "Autre" };
        await Programme.UpsertAsync(first with { AadObjectId = Guid.NewGuid().ToString() });
        await Programme.UpsertAsync(second);

        Assert.AreEqual(second.Id, (await Programme.FindByAadObjectIdAsync(DemoData.TenantId, first.AadObjectId))?.Id);
    }
}

using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Programme;
using TutorBot.Features.Roster;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Roster;
using static TutorBot.Tests.Identity.IdentityKit;
using Fault = TutorBot.Tests.Infrastructure.ConnectorStandIn.Fault;

namespace TutorBot.Tests.Identity;

/// <summary>
/// The first time the bot hears from someone, the connector's member lookup (an outbox row) links them to the
/// roster by UPN or e-mail: through HTTP, against Azurite and the connector stand-in.
/// </summary>
[TestClass]
public sealed class IdentityLinkingTests
{
    [TestMethod]
    public async Task AStudentsFirstMessageLinksHerByUpnAndHerWelcomeGreetsHerByNameAndRole()
    {
        await using var kit = await StartAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        await kit.ImportAndWaitAsync(IdentityKit.Roster(tag));
        var her = Newcomer("Yasmine");
        kit.S.Connector.AddMember(her.TeamsUserId!, her.AadObjectId!, $"YASMINE.{tag}@eleves.example", name: "Yasmine");

        var response = await kit.S.App.PostActivityAsync(Activities.Message(kit.S.Connector.ServiceUrl, her, "bonjour"));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        StringAssert.Contains(CardsTo(kit.S, her)[0], Text("Checking_Text", "fr"), "the message is answered at once");
        await WaitForCardAsync(kit.S, her, Text("Greeting", "fr", "Yasmine"));
        var welcome = CardsTo(kit.S, her)[^1];
        StringAssert.Contains(welcome, Text("Role_student", "fr"));
        StringAssert.Contains(welcome, SharedText("Welcome_Title", "fr"));

        var linked = await Programme(kit.S).FindByAadObjectIdAsync(her.TenantId, her.AadObjectId);
        var row = (await kit.S.App.Services.GetRequiredService<RosterStore>().FindByLoginAsync($"yasmine.{tag}@eleves.example", CancellationToken.None))!.Value.Person;
        Assert.IsNotNull(linked, "the Programme person is written with the link");
        Assert.AreEqual(row.Id, linked.Id, "the bot's person is the roster person");
        Assert.AreEqual(Roles.Student, linked.Role);
        Assert.AreEqual("Yasmine Benali", linked.DisplayName);
        Assert.AreEqual(Uai, linked.SchoolId);
        Assert.AreEqual(her.TeamsUserId, linked.TeamsUserId);
        Assert.AreEqual(RosterKeys.NewPersonId($"claire.{tag}@energie.example"), linked.TutorId, "her tutor is the roster's");
        Assert.IsNull(linked.Mailbox, "no student mailbox is kept");
        // The welcome goes out before the row is recorded: wait for the row to end, then it must be gone from both tables.
        await WaitUntilAsync(async () => await LookupRowsAsync(kit.S.App) == (0, 0), "the lookup row to be deleted, not archived");

        var before = CardsTo(kit.S, her).Count;
        await kit.S.App.PostActivityAsync(Activities.Message(kit.S.Connector.ServiceUrl, her, "aide"));
        var help = CardsTo(kit.S, her).Skip(before).Single();
        StringAssert.Contains(help, SharedText("Help_Title", "fr"), "from now on she is known: no lookup, her help");
        Assert.AreEqual(1, kit.S.Connector.Arrivals.Count(a => a.Method == "GET" && a.Path.Contains("/members/", StringComparison.Ordinal)), "one lookup in all");
    }

    [TestMethod]
    [DataRow("fr-FR", "fr")]
    [DataRow("en-US", "en")]
    public async Task SomeoneNotInTheRosterIsToldWhomToAskInTheirLanguageAndNothingAboutThemIsKept(string locale, string language)
    {
        await using var kit = await StartAsync();
        var stranger = Newcomer();
        kit.S.Connector.AddMember(stranger.TeamsUserId!, stranger.AadObjectId!, "someone@elsewhere.example", "someone@elsewhere.example");
        var contact = kit.S.App.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProgrammeOptions>>().Value;

        await kit.S.App.PostActivityAsync(Activities.Installed(kit.S.Connector.ServiceUrl, stranger, locale));
        await kit.S.App.PostActivityAsync(Activities.Message(kit.S.Connector.ServiceUrl, stranger, "hello", locale));
        var notIn = SharedText("NotInProgramme_Text", language, contact.ContactName, contact.ContactEmail);
        await WaitForCardAsync(kit.S, stranger, notIn);
        await WaitUntilAsync(async () => await LookupRowsAsync(kit.S.App) == (0, 0), "the rows to end");

        var cards = CardsTo(kit.S, stranger);
        StringAssert.Contains(cards[0], Text("Checking_Text", language), "the message got its immediate answer");
        Assert.IsFalse(cards.Any(c => c.Contains(SharedText("Help_Title", language), StringComparison.Ordinal)), "no command list for a stranger");
        Assert.IsNull(await Programme(kit.S).FindByAadObjectIdAsync(stranger.TenantId, stranger.AadObjectId), "no person row");
        var conversations = new List<TableEntity>();
        await foreach (var row in kit.S.App.Table(Tables.Conversations).QueryAsync<TableEntity>())
        {
            conversations.Add(row);
        }

        Assert.AreEqual(0, conversations.Count, "no conversation reference, language or welcomed row");
        Assert.AreEqual(0, await CountAsync(kit.S.App.Table(RosterKeys.IndexTable), $"PartitionKey ge 'a|' and PartitionKey lt 'a}}'"), "no identity link");
    }

    [TestMethod]
    public async Task AConnectorThatFailsIsAskedAgainLaterAndTheLinkStillHappensOnce()
    {
        await using var kit = await StartAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        await kit.ImportAndWaitAsync(IdentityKit.Roster(tag));
        var tutor = Newcomer("Claire");
        kit.S.Connector.AddMember(tutor.TeamsUserId!, tutor.AadObjectId!, null, $"claire.{tag}@energie.example");

        // The connector's own pipeline retries three times: four 503s make the row's first try end Later, then a 429 with Retry-After.
        kit.S.Connector.Enqueue(Fault.Unavailable, Fault.Unavailable, Fault.Unavailable, Fault.Unavailable, Fault.Throttle(1), Fault.Throttle(1), Fault.Throttle(1), Fault.Throttle(1));
        await kit.S.App.PostActivityAsync(Activities.Installed(kit.S.Connector.ServiceUrl, tutor));
        await WaitForCardAsync(kit.S, tutor, Text("Greeting", "fr", "Claire"));

        var lookups = kit.S.Connector.Arrivals.Where(a => a.Method == "GET" && a.Path.Contains("/members/", StringComparison.Ordinal)).ToList();
        Assert.AreEqual(9, lookups.Count, "two tries of four calls failed, the third answered");
        Assert.IsNull(lookups[^1].Status);
        var linked = await Programme(kit.S).FindByAadObjectIdAsync(tutor.TenantId, tutor.AadObjectId);
        Assert.AreEqual(Roles.Tutor, linked?.Role, "linked by e-mail when the member has no UPN");
        Assert.AreEqual($"claire.{tag}@energie.example", linked?.Mailbox, "a tutor's login is the mailbox calendars book in");
        Assert.AreEqual(1, CardsTo(kit.S, tutor).Count, "one welcome, and nothing else for an installation");
    }

    [TestMethod]
    public async Task AMemberTheConnectorDoesNotKnowEndsNeverAndIsNotKept()
    {
        await using var kit = await StartAsync();
        var ghost = Newcomer();

        await kit.S.App.PostActivityAsync(Activities.Installed(kit.S.Connector.ServiceUrl, ghost));
        await WaitUntilAsync(() => Task.FromResult(kit.S.Connector.Arrivals.Any(a => a.Path.Contains("/members/", StringComparison.Ordinal))), "the lookup");
        await WaitUntilAsync(async () => await LookupRowsAsync(kit.S.App) == (0, 0), "the row to end");

        Assert.AreEqual(1, kit.S.Connector.Arrivals.Count(a => a.Path.Contains("/members/", StringComparison.Ordinal)), "a 404 is not retried");
        Assert.AreEqual(0, CardsTo(kit.S, ghost).Count);
    }

    [TestMethod]
    public async Task AnImportOrAnEditOfALinkedPersonUpdatesTheBotsViewAndDeactivationEndsIt()
    {
        await using var kit = await StartAsync();
        var tag = Guid.NewGuid().ToString("N")[..6];
        await kit.ImportAndWaitAsync(IdentityKit.Roster(tag));
        var her = Newcomer("Yasmine");
        kit.S.Connector.AddMember(her.TeamsUserId!, her.AadObjectId!, $"yasmine.{tag}@eleves.example");
        await kit.S.App.PostActivityAsync(Activities.Installed(kit.S.Connector.ServiceUrl, her));
        await WaitForCardAsync(kit.S, her, Text("Greeting", "fr", "Yasmine"));

        var job = await kit.ImportAndWaitAsync(IdentityKit.Roster(tag, studentLast: "Benali-Haddad", studentClass: "Tle STI2D B"));
        Assert.AreEqual(1, job.GetProperty("changed").GetInt32(), job.ToString());
        var changed = await Programme(kit.S).FindByAadObjectIdAsync(her.TenantId, her.AadObjectId);
        Assert.AreEqual("Yasmine Benali-Haddad", changed?.DisplayName);
        Assert.AreEqual(ProgrammeProjection.ClassIdOf(new RosterPerson("x", RosterKinds.Student, "", "", "", Uai, ClassName: "Tle STI2D B")), changed?.ClassId);

        var id = changed!.Id;
        var deactivated = await kit.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/roster/people/s-{Uai}/{id}/deactivate"), kit.CoordinatorToken);
        Assert.AreEqual(HttpStatusCode.OK, deactivated.StatusCode);
        Assert.IsNull(await Programme(kit.S).GetAsync(id), "a deactivated person leaves the bot's view");

        var before = kit.S.Connector.Calls.Count;
        var message = await kit.S.App.PostActivityAsync(Activities.Message(kit.S.Connector.ServiceUrl, her, "aide"));
        await Task.Delay(500);
        Assert.AreEqual(HttpStatusCode.OK, message.StatusCode);
        Assert.AreEqual(before, kit.S.Connector.Calls.Count, "a deactivated person gets nothing");
        Assert.AreEqual((0, 0), await LookupRowsAsync(kit.S.App), "and no lookup is planned");
    }

    private static async Task<int> CountAsync(TableClient table, string filter)
    {
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter))
        {
            count++;
        }

        return count;
    }
}

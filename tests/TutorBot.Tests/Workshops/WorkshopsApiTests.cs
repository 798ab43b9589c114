using System.Net;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Workshops;

/// <summary><c>GET /api/workshops</c>, the coordinator page's workshop picker (a wave to a workshop's registrants), over HTTP against Azurite.</summary>
[TestClass]
public sealed class WorkshopsApiTests
{
    private static readonly ResourceManager Strings = new("TutorBot.Features.Workshops.WorkshopStrings", typeof(WorkshopStrings).Assembly);

    [TestMethod]
    public async Task OnlyCoordinatorsListTheWorkshops()
    {
        await using var kit = await RosterKit.StartAsync();
        await kit.ImportAndWaitAsync(RosterKit.DemoCsv);

        Assert.AreEqual(HttpStatusCode.OK, (await kit.GetAsync("/api/workshops")).StatusCode);
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/workshops", kit.Token("claire.moreau@demo-lycees.example"))).StatusCode, "a school referent");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/workshops", kit.Token("julien.martin@demo-energie.example"))).StatusCode, "a tutor");
        Assert.AreEqual(HttpStatusCode.Forbidden, (await kit.GetAsync("/api/workshops", kit.Token("nobody@demo-lycees.example"))).StatusCode, "someone the roster does not know");
        Assert.AreEqual(HttpStatusCode.Unauthorized, (await kit.GetAsync("/api/workshops", kit.Token(RosterKit.CoordinatorLogin, audience: "api://another-app"))).StatusCode);
    }

    [TestMethod]
    public async Task PublishedWorkshopsToComeOrEndedLastMonthAreListedSoonestFirstInTheCallersLanguage()
    {
        await using var kit = await RosterKit.StartAsync();
        var store = kit.S.App.Services.GetRequiredService<WorkshopStore>();
        var now = DateTimeOffset.UtcNow;
        var nextWeek = await new WorkshopBuilder().StartingAt(now.AddDays(7)).StoreAsync(store);
        var tomorrow = await new WorkshopBuilder().StartingAt(now.AddDays(1)).StoreAsync(store);
        var lastWeek = await new WorkshopBuilder().StartingAt(now.AddDays(-7)).StoreAsync(store);
        var longAgo = await new WorkshopBuilder().StartingAt(now.AddDays(-45)).StoreAsync(store);
        var offered = new WorkshopBuilder().StartingAt(now.AddDays(3)).Build();
        offered.Kind = WorkshopKinds.Visit;
        offered.Status = WorkshopStatus.Offered;
        Assert.IsTrue(await store.TryAddAsync(offered));

        foreach (var language in new[] { "fr", "en" })
        {
            var response = await kit.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/workshops"), kit.CoordinatorToken, language);
            var mine = new[] { nextWeek, tomorrow, lastWeek, longAgo, offered }.Select(w => w.PartitionKey).ToHashSet();
            var all = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
            var starts = all.Select(w => w.GetProperty("startUtc").GetDateTimeOffset()).ToList();
            CollectionAssert.AreEqual(starts.Order().ToList(), starts, "soonest first");
            var list = all.Where(w => mine.Contains(w.GetProperty("id").GetString()!)).ToList();
            CollectionAssert.AreEqual(new[] { lastWeek.PartitionKey, tomorrow.PartitionKey, nextWeek.PartitionKey }, list.Select(w => w.GetProperty("id").GetString()).ToArray(), language);
            var title = Strings.GetString("Type_" + WorkshopTypes.Jobs, System.Globalization.CultureInfo.GetCultureInfo(language));
            Assert.IsTrue(list.All(w => w.GetProperty("title").GetString() == title), language);
            Assert.AreEqual("Amphithéâtre", list[0].GetProperty("place").GetString());
            Assert.AreEqual(0, list[0].GetProperty("confirmed").GetInt32());
        }

        Assert.AreNotEqual(
            Strings.GetString("Type_" + WorkshopTypes.Jobs, System.Globalization.CultureInfo.GetCultureInfo("fr")),
            Strings.GetString("Type_" + WorkshopTypes.Jobs, System.Globalization.CultureInfo.GetCultureInfo("en")),
            "the two languages differ, so the check above tells them apart");
    }
}

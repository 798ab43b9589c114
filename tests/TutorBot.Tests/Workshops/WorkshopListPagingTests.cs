using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Workshops.WorkshopTestKit;

namespace TutorBot.Tests.Workshops;

/// <summary>A long list of workshops is paged with a "more" button: nothing is dropped.</summary>
[TestClass]
[DoNotParallelize]
public sealed class WorkshopListPagingTests
{
    [TestMethod]
    public async Task AListLongerThanAPageShowsMoreAndTheNextPageHoldsTheRest()
    {
        await using var s = await WorkshopTestKit.StartAsync();
        var store = s.App.Services.GetRequiredService<WorkshopStore>();
        for (var i = 1; i <= 25; i++)
        {
            var builder = new WorkshopBuilder().StartingAt(DateTimeOffset.UtcNow.AddDays(3).AddHours(i));
            builder.Build().Place = $"Salle {i:D2}";
            await builder.StoreAsync(store);
        }

        await SayAsync(s, Yasmine, "ateliers");

        var first = s.Connector.Calls.Single();
        var places = Enumerable.Range(1, 25).Select(i => $"Salle {i:D2}").ToList();
        Assert.IsTrue(places.Take(20).All(p => first.CardText.Contains(p, StringComparison.Ordinal)), first.CardText);
        Assert.IsFalse(places.Skip(20).Any(p => first.CardText.Contains(p, StringComparison.Ordinal)), "one page at a time");
        StringAssert.Contains(first.CardText, Text("List_Page", 1, 2));
        StringAssert.Contains(first.CardText, Text("List_More"));

        var card = JsonSerializer.SerializeToElement(first.Activity!.Attachments![0].Content, TutorBot.Protocol.Schema.ProtocolJson.Options);
        var second = await InvokeAsync(s, Yasmine, first.ActivityId!, WorkshopCards.Verbs.ListPage, ActionData(card, WorkshopCards.Verbs.ListPage));

        Assert.IsTrue(places.Skip(20).All(p => second.Contains(p, StringComparison.Ordinal)), second);
        Assert.IsFalse(places.Take(20).Any(p => second.Contains(p, StringComparison.Ordinal)));
        StringAssert.Contains(second, Text("List_Page", 2, 2));
        StringAssert.Contains(second, Text("Invite_SignUp"), "the items keep their buttons");
    }
}

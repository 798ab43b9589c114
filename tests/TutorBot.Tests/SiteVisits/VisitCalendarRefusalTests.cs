using Microsoft.Extensions.DependencyInjection;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Workshops;
using static TutorBot.Tests.Workshops.WorkshopTestKit;

namespace TutorBot.Tests.SiteVisits;

/// <summary>Graph refusing the host's calendar for good (unknown mailbox, access denied) is recorded on the visit and told to the host, once.</summary>
[TestClass]
[DoNotParallelize]
public sealed class VisitCalendarRefusalTests
{
    [TestMethod]
    [DataRow(404, DisplayName = "unknown mailbox")]
    [DataRow(403, DisplayName = "access denied")]
    public async Task GraphRefusingTheHostsCalendarIsRecordedOnTheVisitToldToTheHostAndNotRetried(int status)
    {
        await using var s = await WorkshopTestKit.StartAsync();
        await SayAsync(s, Claire, "aide"); // the host's chat is known, as after any earlier message
        var paris = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        await InvokeAsync(s, Claire, "offer", WorkshopCards.Verbs.OfferVisit, new()
        {
            ["site"] = "Centrale de Gardanne",
            ["address"] = "Route de Biver, 13120 Gardanne",
            ["city"] = "Marseille",
            ["date"] = paris.AddDays(20).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["time"] = "14:00",
            ["duration"] = "120",
            ["capacity"] = "12",
            ["mailbox"] = Claire.Mailbox!,
        });
        var visit = (await WorkshopsAsync(s)).Single(w => w.Kind == WorkshopKinds.Visit && w.Status == WorkshopStatus.Offered);
        StringAssert.Contains(await InvokeAsync(s, Coordinator, "match", WorkshopCards.Verbs.Match, Id(visit.Id, ("schools", "lycee-etoile"), ("classes", "etoile-tle-sti2d"))), Text("Match_Done"));
        s.Graph.Permanent = status == 404 ? GraphStandIn.Fault.UnknownMailbox : GraphStandIn.Fault.AccessDenied;

        await DrainAsync(s);

        var stored = await s.App.Services.GetRequiredService<WorkshopStore>().GetAsync(visit.Id);
        Assert.AreEqual(status.ToString(System.Globalization.CultureInfo.InvariantCulture), stored!.CalendarFailure, "recorded on the visit");
        Assert.AreEqual(1, s.Graph.Attempts, "one call: a refusal is not retried");
        Assert.AreEqual(1, SentTo(s, Claire).Count(c => c.CardText.Contains(Text("Visit_Calendar_Failed", "Centrale de Gardanne"), StringComparison.Ordinal)), "the host is told, once");

        // A sign-up queues another calendar job: the recorded refusal stops it before Graph.
        await InvokeAsync(s, Yasmine, "v1", WorkshopCards.Verbs.SignUp, Id(visit.Id));
        await DrainAsync(s);
        Assert.AreEqual(1, s.Graph.Attempts, "no retry storm");
    }
}

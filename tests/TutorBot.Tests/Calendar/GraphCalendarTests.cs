using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Calendar;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Infrastructure.GraphStandIn;

namespace TutorBot.Tests.Calendar;

/// <summary>The Graph calendar through the SDK, its Polly pipeline and the Graph stand-in's failures.</summary>
[TestClass]
[DoNotParallelize]
public sealed class GraphCalendarTests
{
    private static StandIns s = null!;

    [ClassInitialize]
    public static async Task StartAsync(TestContext _) => s = await StandIns.StartAsync();

    [ClassCleanup]
    public static async Task StopAsync() => await s.DisposeAsync();

    [TestInitialize]
    public void Reset() => s.Graph.Reset();

    private static ICalendar Calendar => s.App.Services.GetRequiredService<ICalendar>();

    private static CalendarBooking Booking(string id = "visit-1") => new(
        id,
        "host@provence-energie.example",
        "Visite de site",
        "<p>Visite du site de Fos-sur-Mer</p>",
        new DateTimeOffset(2027, 1, 14, 13, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2027, 1, 14, 15, 0, 0, TimeSpan.Zero),
        "Site de Fos-sur-Mer",
        OnlineMeeting: false,
        [new CalendarAttendee("Nadia Roussel", "nadia.roussel@lycee-etoile.example"), new CalendarAttendee("Yasmine Benali", null)]);

    [TestMethod]
    public async Task EventIsBookedInParisTimeWithTheTransactionIdAndOnlyMailboxAttendees()
    {
        var booked = await Calendar.CreateAsync(Booking());

        var e = s.Graph.Events.Single();
        Assert.AreEqual(booked.EventId, e["id"]!.GetValue<string>());
        Assert.AreEqual("tutorbot-visit-1", e["transactionId"]!.GetValue<string>());
        Assert.AreEqual("2027-01-14T14:00:00", e["start"]!["dateTime"]!.GetValue<string>(), "13:00 UTC is 14:00 in Paris in winter");
        Assert.AreEqual("Europe/Paris", e["start"]!["timeZone"]!.GetValue<string>());
        Assert.AreEqual(1, e["attendees"]!.AsArray().Count, "the student without a mailbox gets an .ics instead");
    }

    [TestMethod]
    public async Task ThrottledTwiceThenAcceptedMakesOneEvent()
    {
        s.Graph.Enqueue(Fault.Throttle(1), Fault.Throttle(1));

        await Calendar.CreateAsync(Booking());

        Assert.AreEqual(1, s.Graph.Events.Count);
        Assert.AreEqual(3, s.Graph.Attempts);
    }

    [TestMethod]
    public async Task CreateWhoseAnswerWasLostIsRetriedWithoutADuplicate()
    {
        s.Graph.Enqueue(Fault.AnswerLost, Fault.Slow(TimeSpan.FromSeconds(3)));

        var booked = await Calendar.CreateAsync(Booking());

        Assert.AreEqual(1, s.Graph.Events.Count, "transactionId deduplicated the retries");
        Assert.AreEqual(s.Graph.Events[0]["id"]!.GetValue<string>(), booked.EventId);
    }

    [TestMethod]
    public async Task GraphDownIsReportedAsUnavailableAfterTheRetryBudget()
    {
        s.Graph.Permanent = Fault.Unavailable;

        await Assert.ThrowsExactlyAsync<CalendarUnavailableException>(() => Calendar.CreateAsync(Booking()));

        Assert.AreEqual(4, s.Graph.Attempts, "one try and three retries");
        Assert.AreEqual(0, s.Graph.Events.Count);
    }

    [TestMethod]
    public async Task EventIsMovedAndCancelled()
    {
        var booked = await Calendar.CreateAsync(Booking());

        await Calendar.UpdateAsync(booked, Booking() with { StartUtc = Booking().StartUtc.AddDays(1), EndUtc = Booking().EndUtc.AddDays(1) });
        await Calendar.CancelAsync(booked, "Grève des transports");

        var e = s.Graph.Events.Single();
        Assert.AreEqual("2027-01-15T14:00:00", e["start"]!["dateTime"]!.GetValue<string>());
        Assert.IsTrue(e["isCancelled"]!.GetValue<bool>());
    }

    [TestMethod]
    public async Task BusyTimesComeFromGetSchedule()
    {
        var start = new DateTimeOffset(2027, 1, 14, 8, 0, 0, TimeSpan.Zero);
        s.Graph.AddBusy("tutor@provence-energie.example", start.AddHours(2), start.AddHours(3));

        var busy = await Calendar.GetBusyAsync("tutor@provence-energie.example", start, start.AddDays(1));

        Assert.AreEqual(new BusyInterval(start.AddHours(2), start.AddHours(3)), busy.Single());
    }

    [TestMethod]
    public async Task RequestWithoutTheAppTokenIsRefusedByTheStandIn()
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(s.Graph.BaseUrl + "/users/x/events", new StringContent("{}"));

        Assert.AreEqual(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

/// <summary>.ics files and their signed, expiring links.</summary>
[TestClass]
public sealed class IcsTests
{
    [TestMethod]
    public void IcsFileIsInParisTimeWithTheBookingsUid()
    {
        var booking = new CalendarBooking("session-42", "t@x.example", "Séance de tutorat", "<p>Projet professionnel</p>",
            new DateTimeOffset(2026, 12, 3, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 3, 18, 0, 0, TimeSpan.Zero), "Teams", true, []);

        var ics = IcsFile.Write(new IcsBooking(booking, 2, Cancelled: false));

        StringAssert.Contains(ics, "BEGIN:VTIMEZONE");
        StringAssert.Contains(ics, "DTSTART;TZID=Europe/Paris:20261203T180000");
        StringAssert.Contains(ics, "UID:tutorbot-session-42");
        StringAssert.Contains(ics, "SEQUENCE:2");
        StringAssert.Contains(IcsFile.Write(new IcsBooking(booking, 3, Cancelled: true)), "STATUS:CANCELLED");
    }

    [TestMethod]
    public async Task SignedLinkServesTheFileAndRefusesTamperedOrExpiredOnes()
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        await using var s = await StandIns.StartAsync(services: services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton<IIcsSource, OneBookingSource>();
        });
        var links = s.App.Services.GetRequiredService<IcsLinks>();
        var link = links.Create("test", "session-42", "student-yasmine");
        var path = link.AbsolutePath;

        var ok = await s.App.Http.GetAsync(path);
        Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode);
        Assert.AreEqual("text/calendar", ok.Content.Headers.ContentType?.MediaType);
        StringAssert.Contains(await ok.Content.ReadAsStringAsync(), "UID:tutorbot-session-42");

        Assert.AreEqual(HttpStatusCode.NotFound, (await s.App.Http.GetAsync(links.Create("test", "session-42", "someone-else").AbsolutePath)).StatusCode, "not their booking");
        Assert.AreEqual(HttpStatusCode.NotFound, (await s.App.Http.GetAsync(path[..^3] + (path[^3] == 'A' ? "B" : "A") + path[^2..])).StatusCode, "tampered");
        clock.Now = clock.Now.AddDays(31);
        Assert.AreEqual(HttpStatusCode.NotFound, (await s.App.Http.GetAsync(path)).StatusCode, "expired");
    }

    private sealed class OneBookingSource : IIcsSource
    {
        public string Kind => "test";

        public Task<IcsBooking?> FindAsync(string bookingId, string personId, CancellationToken cancellationToken = default) =>
            Task.FromResult(bookingId == "session-42" && personId == "student-yasmine"
                ? new IcsBooking(new CalendarBooking("session-42", "t@x.example", "Séance", "", DateTimeOffset.Parse("2026-12-03T17:00:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-12-03T18:00:00Z", CultureInfo.InvariantCulture), "Teams", true, []), 0, false)
                : null);
    }
}

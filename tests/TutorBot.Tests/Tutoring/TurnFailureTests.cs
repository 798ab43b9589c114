using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TutorBot.Calendar;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Protocol.Schema;
using TutorBot.Resources;
using TutorBot.Tests.Infrastructure;
using static TutorBot.Tests.Tutoring.TutoringHarness;

namespace TutorBot.Tests.Tutoring;

/// <summary>
/// Whatever fails inside a click, the clicker gets a card (HTTP 200, invoke card shape) saying whether the change was
/// saved and what to do; a message turn gets a polite reply; Graph refusing a booking for good is recorded and told.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class TurnFailureTests
{
    private static readonly ResourceManager Shared = new("TutorBot.Resources.Strings", typeof(Strings).Assembly);
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>A calendar that breaks when told to, as a Graph SDK bug or an unexpected answer would.</summary>
    private sealed class BreakingCalendar : ICalendar
    {
        public bool Broken { get; set; }

        public Task<CalendarEventRef> CreateAsync(CalendarBooking booking, CancellationToken cancellationToken = default) =>
            Broken ? throw new InvalidOperationException("unexpected answer") : Task.FromResult(new CalendarEventRef(booking.OrganizerMailbox, "evt-" + booking.BookingId));

        public Task UpdateAsync(CalendarEventRef calendarEvent, CalendarBooking booking, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CancelAsync(CalendarEventRef calendarEvent, string? comment, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<IReadOnlyList<BusyInterval>> GetBusyAsync(string mailbox, DateTimeOffset startUtc, DateTimeOffset endUtc, CancellationToken cancellationToken = default) =>
            Broken ? throw new InvalidOperationException("unexpected answer") : Task.FromResult<IReadOnlyList<BusyInterval>>([]);
    }

    /// <summary>
    /// A log sink that breaks when told to, on the answer's log line (written after the session is saved): the one
    /// thing left to fail inside a click once its Graph calls and sends moved to the outbox.
    /// </summary>
    private sealed class BreakingLogs : ILoggerProvider, ILogger
    {
        public bool Broken { get; set; }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (Broken && eventId.Id == 4002)
            {
                throw new InvalidOperationException("log sink down");
            }
        }

        public void Dispose()
        {
        }
    }

    private static string Shown(string key, ProgrammeOptions contact) => string.Format(Fr, Shared.GetString(key, Fr)!, contact.ContactName, contact.ContactEmail);

    private static ProgrammeOptions Contact(TutoringHarness h) => h.S.App.Services.GetRequiredService<IOptions<ProgrammeOptions>>().Value;

    /// <summary>Posts the student's "confirm" and checks the invoke shape; returns the card's texts.</summary>
    private static async Task<string> ConfirmAsync(TutoringHarness h, TutoringSession session, string cardId)
    {
        var response = await h.S.App.PostActivityAsync(Activities.CardAction(h.Url, DemoData.Student, cardId, TutoringCards.Verbs.Answer, Data(session, ("answer", "confirm"))));
        await h.AfterClickAsync();
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(200, body.GetProperty("statusCode").GetInt32());
        Assert.AreEqual(AdaptiveCardInvokeResponse.CardType, body.GetProperty("type").GetString());
        return CardTexts.Of(body.GetProperty("value"));
    }

    [TestMethod]
    public async Task StorageFailingInsideAClickAnswersWithANotSavedCard()
    {
        await using var h = await TutoringHarness.StartAsync();
        var (session, invitation) = await h.ProposeAsync(h.Slot(3, 18));
        await h.S.App.Table(TutorBot.Delivery.OutboxStore.Table).DeleteAsync();

        var card = await ConfirmAsync(h, session, invitation.ActivityId!);

        StringAssert.Contains(card, Shared.GetString("Failure_NotSaved_Title", Fr));
        StringAssert.Contains(card, Shown("Failure_NotSaved", Contact(h)));
        Assert.AreEqual(SessionStatus.Proposed, (await h.SessionAsync(session.Id)).Status, "indeed not saved");
        Assert.IsTrue(h.S.App.Logs.Entries.Any(e => e.Level == LogLevel.Error && e.Event.Id == 3002), "logged with its event id");
    }

    [TestMethod]
    public async Task AFailureAfterTheChangeWasSavedSaysItIsSaved()
    {
        var logs = new BreakingLogs();
        await using var h = await TutoringHarness.StartAsync(services: x => x.AddSingleton<ILoggerProvider>(logs));
        var (session, invitation) = await h.ProposeAsync(h.Slot(3, 18));
        logs.Broken = true;

        var card = await ConfirmAsync(h, session, invitation.ActivityId!);

        StringAssert.Contains(card, Shared.GetString("Failure_Saved_Title", Fr));
        StringAssert.Contains(card, Shown("Failure_Saved", Contact(h)));
        Assert.AreEqual(SessionStatus.Confirmed, (await h.SessionAsync(session.Id)).Status, "indeed saved");
    }

    [TestMethod]
    public async Task AMessageTurnThatFailsGetsAPoliteReplyNotA500()
    {
        var calendar = new BreakingCalendar { Broken = true };
        await using var h = await TutoringHarness.StartAsync(services: x => x.AddSingleton<ICalendar>(calendar));

        var response = await h.S.App.PostActivityAsync(Activities.Message(h.Url, DemoData.Tutor, "séance"));

        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        StringAssert.Contains(h.PostsTo(DemoData.Tutor).Single().CardText, Shown("Failure_NotSaved", Contact(h)));
    }

    [TestMethod]
    [DataRow(404, DisplayName = "unknown mailbox")]
    [DataRow(403, DisplayName = "access denied")]
    public async Task GraphRefusingTheBookingIsRecordedToldToTheTutorAndNeverRetried(int status)
    {
        await using var h = await TutoringHarness.StartAsync();
        var (session, invitation) = await h.ProposeAsync(h.Slot(3, 18));
        h.S.Graph.Permanent = status == 404 ? GraphStandIn.Fault.UnknownMailbox : GraphStandIn.Fault.AccessDenied;
        var attempts = h.S.Graph.Attempts;
        var mark = h.S.Connector.Calls.Count;

        var card = await ConfirmAsync(h, session, invitation.ActivityId!);

        StringAssert.Contains(card, Text("Session_Status_Student_confirmed", DemoData.Tutor.DisplayName));
        var stored = await h.SessionAsync(session.Id);
        Assert.AreEqual(SessionStatus.Confirmed, stored.Status);
        Assert.AreEqual(status.ToString(CultureInfo.InvariantCulture), stored.CalendarFailure, "the permanent failure is recorded on the session");
        Assert.IsFalse(stored.CalendarPending);
        Assert.AreEqual(attempts + 1, h.S.Graph.Attempts, "one call, no retry");
        Assert.IsTrue(h.PostsTo(DemoData.Tutor, mark).Any(c => c.CardText.Contains(Text("Session_Calendar_Failed"), StringComparison.Ordinal)), "the tutor (organiser) is told");
        Assert.IsFalse((await h.RowsAsync()).Any(r => r.SessionId == session.Id && r.Kind == SessionRows.BookOperation), "no retry row");

        h.Clock.Now += TimeSpan.FromMinutes(5);
        await h.ScanAsync();
        Assert.AreEqual(attempts + 1, h.S.Graph.Attempts, "nothing retries it later either");
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Delivery;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Tutoring;

/// <summary>
/// The app with a fake clock for the tutoring cycle: proposals, answers and scheduled rows all read the same
/// settable time. Inbound tokens are real-time, so their clock skew is widened for these tests only.
/// </summary>
public sealed class TutoringHarness : IAsyncDisposable
{
    /// <summary>A Wednesday, 09:00 in Paris (08:00 UTC, winter time): outside the students' quiet hours.</summary>
    public static readonly DateTimeOffset Start = new(2027, 1, 13, 8, 0, 0, TimeSpan.Zero);

    private static readonly ResourceManager Shared = new("TutorBot.Resources.Strings", typeof(TutorBot.Resources.Strings).Assembly);
    private static readonly ResourceManager Own = new("TutorBot.Features.Tutoring.TutoringStrings", typeof(TutoringStrings).Assembly);
    private static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");

    private TutoringHarness(StandIns s, SettableClock clock)
    {
        S = s;
        Clock = clock;
        Driver = new TestDriver(s, clock);
    }

    public StandIns S { get; }

    /// <summary>The shared test driver, on this harness's fake clock.</summary>
    public TestDriver Driver { get; }

    /// <summary>Whether the app's own outbox worker runs (else the test drives the rows: <see cref="ScanAsync"/>, and after each click).</summary>
    public bool Worker { get; private init; }

    /// <summary>
    /// Kept for tests written before the limiter kept its own monotonic time: it registers nothing now (the limiter no
    /// longer waits on a frozen clock for a second that never comes).
    /// </summary>
    public static void RealTimeLimiter(IServiceCollection services)
    {
    }

    public SettableClock Clock { get; }

    public string Url => S.Connector.ServiceUrl;

    public static async Task<TutoringHarness> StartAsync(bool worker = false, Dictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var clock = new SettableClock(Start);
        var settings = new Dictionary<string, string?>
        {
            ["Bot:Auth:ClockSkew"] = "3650.00:00:00",
            ["Delivery:Enabled"] = worker ? "true" : "false",
            ["Delivery:PollInterval"] = "00:00:00.100",
            ["Delivery:RetryBaseDelay"] = "00:00:00.500",
            ["Delivery:MaxRetryDelay"] = "00:00:00.500",
            ["Delivery:MaxAttempts"] = "50",
            ["Delivery:TenantRequestsPerSecond"] = "50",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        var s = await StandIns.StartAsync(settings, x =>
        {
            x.AddSingleton<TimeProvider>(clock);
            services?.Invoke(x);
        });
        return new TutoringHarness(s, clock) { Worker = worker };
    }

    public ValueTask DisposeAsync() => S.DisposeAsync();

    /// <summary>French text of a resource of the feature (or of the shared resources), formatted.</summary>
    public static string Text(string key, params object[] args) =>
        string.Format(Fr, Own.GetString(key, Fr) ?? Shared.GetString(key, Fr) ?? throw new ArgumentException(key), args);

    public static string Paris(DateTimeOffset utc)
    {
        using var _ = new TutorBot.Conversation.CultureScope(Fr);
        return TutorBot.Conversation.Culture.FormatParis(utc);
    }

    /// <summary>Paris wall time <paramref name="days"/> days after the fake today, as the card's date and time inputs hold it.</summary>
    public (string Date, string Time, DateTimeOffset Utc) Slot(int days, int hour, int minute = 0)
    {
        var day = DateOnly.FromDateTime(TutorBot.Conversation.Culture.ToParis(Clock.GetUtcNow()).DateTime).AddDays(days);
        var utc = TutorBot.Conversation.Culture.FromParis(day, new TimeOnly(hour, minute))!.Value;
        return (day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"{hour:00}:{minute:00}", utc);
    }

    public Dictionary<string, string> Proposal(params (string Date, string Time, DateTimeOffset Utc)[] slots)
    {
        var data = new Dictionary<string, string>
        {
            ["studentId"] = DemoData.Student.Id,
            ["date"] = slots[0].Date,
            ["time"] = slots[0].Time,
            ["duration"] = "60",
            ["place"] = Places.Teams,
        };
        for (var i = 1; i < slots.Length; i++)
        {
            data["date" + (i + 1)] = slots[i].Date;
            data["time" + (i + 1)] = slots[i].Time;
        }

        return data;
    }

    /// <summary>An Action.Execute invoke; the texts of the returned card or message (the rows it planned for now run first).</summary>
    public async Task<string> InvokeAsync(Person from, string cardId, string verb, IDictionary<string, string> data)
    {
        var card = await Driver.InvokeCardAsync(from, cardId, verb, data);
        await AfterClickAsync();
        return TestDriver.Texts(card);
    }

    /// <summary>The tutor types "séance" and submits the form with the slots; returns the stored session and the student's invitation.</summary>
    public async Task<(TutoringSession Session, ConnectorStandIn.Call Invitation)> ProposeAsync(params (string Date, string Time, DateTimeOffset Utc)[] slots)
    {
        var before = S.Connector.Calls.Count;
        await Driver.SayAsync(DemoData.Tutor, "séance");
        await AfterClickAsync();
        var formId = PostsTo(DemoData.Tutor, before).Last().ActivityId!;
        var mark = S.Connector.Calls.Count;
        var card = await InvokeAsync(DemoData.Tutor, formId, TutoringCards.Verbs.Propose, Proposal(slots));
        StringAssert.Contains(card, Text("Session_Status_Tutor_proposed", DemoData.Student.DisplayName));
        // The invitation is an outbox row due now: with the app's own worker it comes a moment after the click.
        for (var deadline = DateTime.UtcNow.AddSeconds(20); Worker && PostsTo(DemoData.Student, mark).Count == 0 && DateTime.UtcNow < deadline;)
        {
            await Task.Delay(50);
        }

        var invitation = PostsTo(DemoData.Student, mark).Single();
        var session = (await SessionsAsync()).Single(x => x.TutorCardActivityId == formId);
        return (session, invitation);
    }

    public async Task<TutoringSession> ConfirmedAsync((string Date, string Time, DateTimeOffset Utc) slot)
    {
        var (session, invitation) = await ProposeAsync(slot);
        await InvokeAsync(DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, Data(session, ("answer", "confirm")));
        return await SessionAsync(session.Id);
    }

    public static Dictionary<string, string> Data(TutoringSession session, params (string Key, string Value)[] extra)
    {
        var data = TutoringCards.Ids(session);
        foreach (var (key, value) in extra)
        {
            data[key] = value;
        }

        return data;
    }

    public async Task<List<TutoringSession>> SessionsAsync()
    {
        var list = new List<TutoringSession>();
        await foreach (var session in S.App.Table(SessionStore.Table).QueryAsync<TutoringSession>())
        {
            list.Add(session);
        }

        return list;
    }

    public async Task<TutoringSession> SessionAsync(string id) => (await SessionsAsync()).Single(x => x.Id == id);

    /// <summary>
    /// The session rows still planned (pending in the outbox), and the reminders' delivery records once finished:
    /// <c>session/{id}/{kind}/…</c> read as session, kind and state (the outcome; null while pending).
    /// </summary>
    public async Task<List<ReminderRow>> RowsAsync()
    {
        var list = new List<ReminderRow>();
        foreach (var table in new[] { OutboxStore.Table, OutboxStore.DoneTable })
        {
            await foreach (var row in S.App.Table(table).QueryAsync<OutboxRow>())
            {
                if (row.Key.Split('/') is ["session", var sessionId, var kind, ..] && (table == OutboxStore.Table || row.Kind == TutoringKinds.Reminder))
                {
                    list.Add(new ReminderRow(sessionId, kind, row.Outcome.Length == 0 ? null : row.Outcome, row.Attempts));
                }
            }
        }

        return list;
    }

    /// <summary>
    /// What the worker does when it wakes, driven by hand: every due row runs (again while a batch claimed some);
    /// returns how many reminder rows were sent.
    /// </summary>
    public Task<int> ScanAsync() => RunDueAsync(null);

    /// <summary>The rows a click planned for now (cards to the other side, edits, calendar), as the worker would run them at once; reminders wait for a scan.</summary>
    public async Task AfterClickAsync()
    {
        try
        {
            if (!Worker)
            {
                await RunDueAsync(r => r.Kind != TutoringKinds.Reminder);
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            // A test took the outbox table away to make the click fail: nothing to run.
        }
    }

    private async Task<int> RunDueAsync(Func<OutboxRow, bool>? only)
    {
        var before = await SentRemindersAsync();
        await Driver.DrainOutboxAsync(only, owner: "test-scan");

        return (await SentRemindersAsync()).Except(before).Count();
    }

    private async Task<HashSet<string>> SentRemindersAsync()
    {
        var sent = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in S.App.Table(OutboxStore.DoneTable).QueryAsync<OutboxRow>(r => r.Kind == TutoringKinds.Reminder && r.Outcome == DeliveryStates.Sent))
        {
            sent.Add(row.PartitionKey + "/" + row.RowKey);
        }

        return sent;
    }

    /// <summary>Cards posted to a person's chat since <paramref name="mark"/>.</summary>
    public List<ConnectorStandIn.Call> PostsTo(Person person, int mark = 0) => Driver.PostsTo(person, mark);
}

/// <summary>A session's row as the tests read it (see <see cref="TutoringHarness.RowsAsync"/>).</summary>
public sealed record ReminderRow(string SessionId, string Kind, string? State, int Attempts);

/// <summary>The states a reminder row ends in, as the outbox names them.</summary>
public static class ReminderStates
{
    public const string Sent = DeliveryStates.Sent;
    public const string Dropped = DeliveryStates.Dropped;
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
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
    }

    public StandIns S { get; }

    public SettableClock Clock { get; }

    public string Url => S.Connector.ServiceUrl;

    public static async Task<TutoringHarness> StartAsync(bool worker = false, Dictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var clock = new SettableClock(Start);
        var settings = new Dictionary<string, string?>
        {
            ["Bot:Auth:ClockSkew"] = "3650.00:00:00",
            ["Reminders:Enabled"] = worker ? "true" : "false",
            ["Reminders:ScanInterval"] = "00:00:00.100",
            ["Reminders:RetryDelay"] = "00:00:00",
            ["Reminders:MaxAttempts"] = "50",
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
        return new TutoringHarness(s, clock);
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

    /// <summary>An Action.Execute invoke; the texts of the returned card or message.</summary>
    public async Task<string> InvokeAsync(Person from, string cardId, string verb, IDictionary<string, string> data)
    {
        var response = await S.App.PostActivityAsync(Activities.CardAction(Url, from, cardId, verb, data));
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(200, body.GetProperty("statusCode").GetInt32());
        var value = body.GetProperty("value");
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : CardTexts.Of(value);
    }

    /// <summary>The tutor types "séance" and submits the form with the slots; returns the stored session and the student's invitation.</summary>
    public async Task<(TutoringSession Session, ConnectorStandIn.Call Invitation)> ProposeAsync(params (string Date, string Time, DateTimeOffset Utc)[] slots)
    {
        var before = S.Connector.Calls.Count;
        await S.App.PostActivityAsync(Activities.Message(Url, DemoData.Tutor, "séance"));
        var formId = PostsTo(DemoData.Tutor, before).Last().ActivityId!;
        var mark = S.Connector.Calls.Count;
        var card = await InvokeAsync(DemoData.Tutor, formId, TutoringCards.Verbs.Propose, Proposal(slots));
        StringAssert.Contains(card, Text("Session_Status_Tutor_proposed", DemoData.Student.DisplayName));
        var session = (await SessionsAsync()).Single(x => x.TutorCardActivityId == formId);
        var invitation = PostsTo(DemoData.Student, mark).Single();
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

    public async Task<List<ReminderRow>> RowsAsync()
    {
        var list = new List<ReminderRow>();
        await foreach (var row in S.App.Table(ReminderStore.Table).QueryAsync<ReminderRow>())
        {
            list.Add(row);
        }

        return list;
    }

    /// <summary>One scan of the scheduled rows, as the worker does (tests that want determinism drive it by hand).</summary>
    public async Task<int> ScanAsync()
    {
        await using var scope = S.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReminderDispatcher>().RunOnceAsync();
    }

    /// <summary>Cards posted to a person's chat since <paramref name="mark"/>.</summary>
    public List<ConnectorStandIn.Call> PostsTo(Person person, int mark = 0) =>
        [.. S.Connector.Calls.Skip(mark).Where(c => c.Method == "POST" && (c.ConversationId == "a:" + person.TeamsUserId || c.ConversationId == Activities.ConversationIdOf(person)))];
}

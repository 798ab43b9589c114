using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Conversation;
using TutorBot.Delivery;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Waves;
using TutorBot.Protocol.Connector;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Roster;

namespace TutorBot.Tests.Waves;

/// <summary>
/// The app on a fake clock with the outbox driven by the test, the roster's coordinator for the API, and a class of
/// seeded students who reach the bot (a Programme person and a stored chat each).
/// </summary>
public sealed class WaveKit : IAsyncDisposable
{
    public const string ClassId = "wv-class";
    public const string SchoolId = "lycee-etoile";
    public static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");
    public static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");
    public static readonly Person Coordinator = DemoData.People.Single(p => p.Id == "coordinator-ines");

    private WaveKit(RosterKit roster, SettableClock clock)
    {
        Roster = roster;
        Clock = clock;
        Driver = new TestDriver(roster.S, clock);
    }

    public RosterKit Roster { get; }

    public StandIns S => Roster.S;

    public SettableClock Clock { get; }

    public TestDriver Driver { get; }

    public List<Person> Students { get; } = [];

    public T Get<T>()
        where T : notnull => S.App.Services.GetRequiredService<T>();

    public static async Task<WaveKit> StartAsync(int students = 5, Dictionary<string, string?>? extra = null)
    {
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        var settings = new Dictionary<string, string?>
        {
            ["Bot:Auth:ClockSkew"] = "3650.00:00:00",
            ["Delivery:Enabled"] = "false",
            ["Delivery:RetryBaseDelay"] = "00:00:00",
            ["Delivery:MaxRetryDelay"] = "00:00:00",
            ["Delivery:MaxAttempts"] = "8",
            ["Delivery:Lease"] = "00:00:30",
            ["Delivery:TenantRequestsPerSecond"] = "50",
        };
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        var roster = await RosterKit.StartAsync(settings, services => services.AddSingleton<TimeProvider>(clock));
        var kit = new WaveKit(roster, clock);
        await kit.SeedStudentsAsync(students);

        // A validated activity from the stand-in's serviceUrl: the bot sends its token only to serviceUrls it has seen.
        await kit.Driver.SayAsync(Coordinator, "aide");
        return kit;
    }

    /// <summary>Students of <see cref="ClassId"/>, each with a stored chat (as after their first message).</summary>
    public async Task SeedStudentsAsync(int count, bool withChat = true)
    {
        var programme = Get<ProgrammeStore>();
        await programme.UpsertAsync(new SchoolClass(ClassId, SchoolId, "Classe vague", "STI2D"));
        for (var i = Students.Count; i < count; i++)
        {
            var p = new Person($"wv-student-{i:D4}", Roles.Student, $"Élève {i}", DemoData.TenantId, $"00000000-0000-0000-0001-{i:D12}", $"user-wv-{i}", SchoolId: SchoolId, ClassId: ClassId);
            await programme.UpsertAsync(p);
            if (withChat)
            {
                await SaveChatAsync(p);
            }

            Students.Add(p);
        }
    }

    public Task SaveChatAsync(Person p, string locale = "fr-FR") => Get<ConversationStore>().SaveAsync(
        p.TenantId, p.AadObjectId!, new ConversationRef(S.Connector.ServiceUrl, Activities.ConversationIdOf(p), p.TenantId, p.TeamsUserId, "28:" + BotApplication.AppId), locale);

    public static object Body(string message = "Atelier demain à 14 h en salle B12.", object? audience = null, int answers = 2, int? nudge = null, string? en = null) => new
    {
        title = "Rappel atelier",
        message = new { fr = message, en },
        answers = new[] { new { fr = "Je serai là", en = "I'll be there" }, new { fr = "Je ne peux pas venir", en = "I can't come" }, new { fr = "Je ne sais pas", en = "Not sure" } }.Take(answers),
        audience = audience ?? new { kind = "class", classId = ClassId },
        nudgeAfterHours = nudge,
    };

    public Task<HttpResponseMessage> PostAsync(string path, object? body, string? token = null) =>
        Roster.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) }, token ?? Roster.CoordinatorToken);

    /// <summary>Creates a draft and sends it now; returns the wave's id.</summary>
    public async Task<string> SendWaveAsync(object? body = null, string? token = null)
    {
        var created = await PostAsync("/api/waves", body ?? Body(), token);
        var json = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.AreEqual(System.Net.HttpStatusCode.Created, created.StatusCode, json.ToString());
        var id = json.GetProperty("id").GetString()!;
        var sent = await PostAsync($"/api/waves/{id}/send", new { at = (string?)null }, token);
        Assert.AreEqual(System.Net.HttpStatusCode.Accepted, sent.StatusCode, await sent.Content.ReadAsStringAsync());
        return id;
    }

    public async Task<JsonElement> WaveAsync(string id)
    {
        Clock.Now += TimeSpan.FromSeconds(3); // past the per-instance progress cache
        var response = await Roster.GetAsync($"/api/waves/{id}");
        Assert.IsTrue(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Moves the clock past the rows' commit delay and runs the outbox until it claims nothing.</summary>
    public async Task RunAsync(TimeSpan? advance = null)
    {
        Clock.Now += advance ?? TimeSpan.FromSeconds(3);
        await Driver.DrainOutboxAsync(maxBatches: 200);
    }

    /// <summary>Advances the clock a little and runs the outbox, until every recipient is settled (or the rounds run out).</summary>
    public async Task RunUntilSettledAsync(string waveId, int rounds = 30)
    {
        for (var i = 0; i < rounds; i++)
        {
            await RunAsync(TimeSpan.FromSeconds(2));
            var recipients = await Get<WaveStore>().RecipientsAsync(waveId);
            if (recipients.Count > 0 && recipients.All(r => RecipientStates.IsFinal(r.State)))
            {
                return;
            }
        }
    }

    /// <summary>The compose card's button, as <paramref name="from"/> clicks it with these inputs.</summary>
    public Task<string> ComposeAsync(Person from, string audience, string message = "Réunion d'information jeudi à 18 h.", string answers = "Je viens\nJe ne viens pas", string? nudge = null) =>
        Driver.InvokeAsync(from, "compose-card", WaveCards.Verbs.Compose, new Dictionary<string, string>
        {
            [WaveComposeCard.Inputs.Title] = "Réunion",
            [WaveComposeCard.Inputs.MessageFr] = message,
            [WaveComposeCard.Inputs.Answers] = answers,
            [WaveComposeCard.Inputs.Audience] = audience,
            [WaveComposeCard.Inputs.Nudge] = nudge ?? "",
        });

    /// <summary>The id of the newest wave.</summary>
    public async Task<string> LatestWaveAsync() => (await Get<WaveStore>().ListAsync())[0].Id;

    /// <summary>The wave cards posted to each student (not nudges, not progress cards).</summary>
    public Dictionary<string, int> CardsPerStudent(int mark = 0) => Students.ToDictionary(p => p.Id, p => Driver.PostsTo(p, mark).Count);

    public static string Text(string key, CultureInfo culture, params object[] args) =>
        args.Length == 0 ? WaveTexts.Get(key, culture) : WaveTexts.Format(key, culture, args);

    public ValueTask DisposeAsync() => Roster.DisposeAsync();
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Resources;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Delivery;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Workshops;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Workshops;

/// <summary>Shared pieces of the workshop tests: resources, invokes, the worker driven by hand, builders.</summary>
public static class WorkshopTestKit
{
    public static readonly ResourceManager Resources = new("TutorBot.Features.Workshops.WorkshopStrings", typeof(WorkshopStrings).Assembly);
    public static readonly ResourceManager VisitResources = new("TutorBot.Features.SiteVisits.VisitStrings", typeof(WorkshopStrings).Assembly);
    public static readonly ResourceManager SharedResources = new("TutorBot.Resources.Strings", typeof(TutorBot.Resources.Strings).Assembly);
    public static readonly CultureInfo Fr = CultureInfo.GetCultureInfo("fr-FR");
    public static readonly CultureInfo En = CultureInfo.GetCultureInfo("en");

    public static readonly Person Coordinator = DemoData.People.Single(p => p.Id == "coordinator-ines");
    public static readonly Person Teacher = DemoData.People.Single(p => p.Id == "teacher-nadia");
    public static readonly Person Yasmine = DemoData.Student;
    public static readonly Person Lucas = DemoData.People.Single(p => p.Id == "student-lucas");
    /// <summary>Two more students of Yasmine's class, for the waiting list (not in the demo: the Playground does not know them).</summary>
    public static readonly Person InesB = new("student-ines-b", Roles.Student, "Inès Bouzid", DemoData.TenantId, "00000000-0000-0000-0000-0000000000026", "user-id-6",
        SchoolId: "lycee-etoile", ClassId: "etoile-tle-sti2d");

    public static readonly Person Tom = new("student-tom", Roles.Student, "Tom Girard", DemoData.TenantId, "00000000-0000-0000-0000-0000000000027", "user-id-7",
        SchoolId: "lycee-etoile", ClassId: "etoile-tle-sti2d");

    /// <summary>Starts the app with the worker driven by hand and the two extra students seeded.</summary>
    public static async Task<StandIns> StartAsync(Dictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var settings = Settings();
        foreach (var (k, v) in extra ?? [])
        {
            settings[k] = v;
        }

        var s = await StandIns.StartAsync(settings, services);
        var programme = s.App.Services.GetRequiredService<ProgrammeStore>();
        await programme.UpsertAsync(InesB);
        await programme.UpsertAsync(Tom);
        return s;
    }
    public static readonly Person Claire = DemoData.Tutor;
    public static readonly Person Karim = DemoData.People.Single(p => p.Id == "tutor-karim");

    /// <summary>The outbox worker is driven by the test (its loop is off), so "not sent in the request" is observable.</summary>
    public static Dictionary<string, string?> Settings() => new()
    {
        ["Delivery:Enabled"] = "false",
        ["Delivery:RetryBaseDelay"] = "00:00:00",
        ["Delivery:MaxRetryDelay"] = "00:00:00",
        ["Delivery:MaxAttempts"] = "8",
        ["Delivery:Lease"] = "00:00:30",
    };

    /// <summary>Workshop words first, then site-visit words (each key lives in one resx only).</summary>
    /// <summary>The feature's text, else the visits', else a shared word (as the app's localizer falls back).</summary>
    public static string Text(string key, params object[] args) =>
        string.Format(Fr, (Resources.GetString(key, Fr) ?? VisitResources.GetString(key, Fr) ?? SharedResources.GetString(key, Fr))!, args);

    public static string TextEn(string key, params object[] args) =>
        string.Format(En, (Resources.GetString(key, En) ?? VisitResources.GetString(key, En) ?? SharedResources.GetString(key, En))!, args);

    /// <summary>The shared test driver over these stand-ins (real time).</summary>
    public static TestDriver Driver(StandIns s) => new(s);

    /// <summary>One batch of the outbox, as the worker runs it; returns how many rows it claimed.</summary>
    public static Task<int> RunOnceAsync(StandIns s) => Driver(s).RunOutboxOnceAsync();

    /// <summary>Runs the outbox until no row is due within a few seconds (rows sent back for later come back at once in tests, or after their Retry-After).</summary>
    public static async Task DrainAsync(StandIns s, int maxRounds = 400)
    {
        for (var i = 0; i < maxRounds; i++)
        {
            if (await RunOnceAsync(s) == 0)
            {
                if (!await AnyPendingAsync(s, DateTimeOffset.UtcNow.AddSeconds(10)))
                {
                    return;
                }

                await Task.Delay(50);
            }
        }
    }

    /// <summary>The outbox rows not finished yet, due before <paramref name="before"/>, whose key starts with <paramref name="keyPrefix"/>.</summary>
    public static async Task<List<OutboxRow>> PendingAsync(StandIns s, string keyPrefix = "", DateTimeOffset? before = null)
    {
        var rows = new List<OutboxRow>();
        await foreach (var row in s.App.Table(OutboxStore.Table).QueryAsync<OutboxRow>())
        {
            if (row.Key.StartsWith(keyPrefix, StringComparison.Ordinal) && (before is null || row.NextUtc < before))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary>The finished outbox rows whose key is <paramref name="key"/>.</summary>
    public static async Task<List<OutboxRow>> DoneAsync(StandIns s, string key)
    {
        var rows = new List<OutboxRow>();
        await foreach (var row in s.App.Table(OutboxStore.DoneTable).QueryAsync<OutboxRow>(r => r.Key == key))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<bool> AnyPendingAsync(StandIns s, DateTimeOffset before) => (await PendingAsync(s, "", before)).Count > 0;

    public static Task<string> InvokeAsync(StandIns s, Person from, string cardId, string verb, Dictionary<string, string> data, string locale = "fr-FR") =>
        Driver(s).InvokeAsync(from, cardId, verb, data, locale);

    /// <summary>The card an invoke answers with, as JSON (to read the data its buttons carry).</summary>
    public static Task<JsonElement> InvokeCardAsync(StandIns s, Person from, string cardId, string verb, Dictionary<string, string> data) =>
        Driver(s).InvokeCardAsync(from, cardId, verb, data);

    /// <summary>The data of the card's Action.Execute with <paramref name="verb"/>, as Teams sends it back with the inputs.</summary>
    public static Dictionary<string, string> ActionData(JsonElement card, string verb)
    {
        foreach (var action in card.TryGetProperty("actions", out var actions) ? actions.EnumerateArray() : Enumerable.Empty<JsonElement>())
        {
            if (action.TryGetProperty("verb", out var v) && v.GetString() == verb)
            {
                return action.GetProperty("data").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            }
        }

        throw new AssertFailedException($"no {verb} action on the card: {card}");
    }

    public static Task SayAsync(StandIns s, Person from, string text, string locale = "fr-FR") => Driver(s).SayAsync(from, text, locale);

    public static Dictionary<string, string> PublishForm(string type = WorkshopTypes.Jobs, int capacity = 30, string classes = "etoile-tle-sti2d", string schools = "lycee-etoile", int speakers = 1)
    {
        var paris = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        return new()
        {
            ["type"] = type,
            ["schools"] = schools,
            ["classes"] = classes,
            ["date"] = paris.AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["time"] = "14:00",
            ["duration"] = "120",
            ["place"] = "Lycée de l'Étoile, amphithéâtre",
            ["capacity"] = capacity.ToString(CultureInfo.InvariantCulture),
            ["speakers"] = speakers.ToString(CultureInfo.InvariantCulture),
        };
    }

    public static Dictionary<string, string> Id(string workshopId, params (string Key, string Value)[] more)
    {
        var data = new Dictionary<string, string> { ["workshopId"] = workshopId };
        foreach (var (k, v) in more)
        {
            data[k] = v;
        }

        return data;
    }

    public static async Task<List<Workshop>> WorkshopsAsync(StandIns s)
    {
        var list = new List<Workshop>();
        await foreach (var w in s.App.Table(WorkshopStore.Table).QueryAsync<Workshop>(w => w.RowKey == Workshop.MetaRow))
        {
            list.Add(w);
        }

        return list;
    }

    /// <summary>The workshop a publish form card created: its id is derived from the card.</summary>
    public static async Task<Workshop> PublishAsync(StandIns s, string cardId, Dictionary<string, string>? form = null)
    {
        var before = (await WorkshopsAsync(s)).Select(w => w.Id).ToHashSet();
        var card = await InvokeAsync(s, Coordinator, cardId, WorkshopCards.Verbs.Publish, form ?? PublishForm());
        StringAssert.Contains(card, Text("Publish_Done"));
        return (await WorkshopsAsync(s)).Single(w => !before.Contains(w.Id));
    }

    public static IEnumerable<ConnectorStandIn.Call> SentTo(StandIns s, Person person) => Driver(s).PostsTo(person);
}

/// <summary>A workshop with valid defaults, stored straight through the store (for the store-level rules).</summary>
public sealed class WorkshopBuilder
{
    private readonly Workshop _w = new()
    {
        PartitionKey = "w" + Guid.NewGuid().ToString("N")[..20],
        Type = WorkshopTypes.Jobs,
        ClassIds = "etoile-tle-sti2d",
        SchoolIds = "lycee-etoile",
        StartUtc = DateTimeOffset.UtcNow.AddDays(10),
        DurationMinutes = 120,
        Place = "Amphithéâtre",
        Capacity = 30,
        SpeakersWanted = 1,
        TenantId = DemoData.TenantId,
    };

    public WorkshopBuilder WithCapacity(int capacity)
    {
        _w.Capacity = capacity;
        return this;
    }

    public WorkshopBuilder StartingAt(DateTimeOffset start)
    {
        _w.StartUtc = start;
        return this;
    }

    public Workshop Build() => _w;

    public async Task<Workshop> StoreAsync(WorkshopStore store)
    {
        Assert.IsTrue(await store.TryAddAsync(_w));
        return _w;
    }
}

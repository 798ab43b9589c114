using System.Diagnostics;
using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using TutorBot.Delivery;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Storage;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Waves.Scale;

/// <summary>
/// One run at scale: the issuer (over loopback TLS) and the scale connector stand-in in this process, the bot's
/// instances as child processes (<see cref="BotProcess"/>) on one table prefix of Azurite, the recipients seeded
/// straight into storage, and the count of what the stand-in received against what the outbox recorded.
/// Used by the scale tests and by <c>bench/run.sh waves</c>.
/// </summary>
public sealed partial class ScaleRun : IAsyncDisposable
{
    private readonly List<BotProcess> _instances = [];
    private readonly List<string> _recipients = [];
    private readonly List<TutoringSession> _sessions = [];
    private readonly Stopwatch _since = Stopwatch.StartNew();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _timeline = new();

    private ScaleRun(TokenIssuerStandIn issuer, ConnectorAtScale connector, IReadOnlyDictionary<string, string> settings)
    {
        Issuer = issuer;
        Connector = connector;
        Prefix = "s" + Guid.NewGuid().ToString("N")[..12];
        Settings = BotProcess.Settings(issuer, connector.ServiceUrl, Prefix, settings);
        var layout = new StorageLayout();
        layout.Tables.Add(Tables.Programme);
        layout.Tables.Add(SessionStore.Table);
        layout.Tables.Add(OutboxStore.Table);
        layout.Tables.Add(OutboxStore.DoneTable);
        layout.Tables.Add(Tables.Conversations);
        layout.Tables.Add(TutorBot.Features.Waves.WaveStore.Table);
        Tables = new Tables(Options.Create(new StorageOptions { ConnectionString = BotApplication.StorageConnection, TablePrefix = Prefix }), Options.Create(layout));
    }

    public TokenIssuerStandIn Issuer { get; }

    public ConnectorAtScale Connector { get; }

    /// <summary>Every instance's configuration (':' keys); <see cref="StartInstanceAsync"/> may add to it.</summary>
    public Dictionary<string, string> Settings { get; }

    public string Prefix { get; }

    public Tables Tables { get; }

    public IReadOnlyList<BotProcess> Instances => _instances;

    /// <summary>What happened when, in seconds since the run started (for a test's output: where the time went).</summary>
    public string Timeline => string.Join(", ", _timeline);

    public void Mark(string what) => _timeline.Enqueue($"{_since.Elapsed.TotalSeconds:F1}s {what}");

    /// <summary>The conversation of every recipient seeded, one each.</summary>
    public IReadOnlyList<string> Recipients => _recipients;

    /// <summary>
    /// Quick settings for a run on this machine: the worker polls often, a killed instance's rows come back after
    /// <paramref name="lease"/>, retries of a 503 wait a second, not thirty.
    /// </summary>
    public static Dictionary<string, string> DefaultSettings(TimeSpan lease) => new()
    {
        ["Delivery:PollInterval"] = "00:00:00.200",
        ["Delivery:Lease"] = lease.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Delivery:RetryBaseDelay"] = "00:00:01",
        ["Delivery:MaxRetryDelay"] = "00:00:05",
        ["Delivery:TenantRequestsPerSecond"] = "30",
        ["Bot:Connector:RetryBaseDelay"] = "00:00:00.200",
        ["Bot:Connector:AttemptTimeout"] = "00:00:05",
        ["Roster:Audience"] = Roster.RosterKit.Audience,
        ["Roster:Coordinators:0"] = Roster.RosterKit.CoordinatorLogin,
    };

    public static async Task<ScaleRun> StartAsync(ScaleOptions? options = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var issuer = new TokenIssuerStandIn(LoopbackCertificate.Certificate);
        await issuer.StartAsync();
        var connector = new ConnectorAtScale(issuer, options);
        await connector.StartAsync();
        var run = new ScaleRun(issuer, connector, settings ?? DefaultSettings(TimeSpan.FromSeconds(15)));
        await run.Tables.EnsureCreatedAsync();
        return run;
    }

    public async Task<BotProcess> StartInstanceAsync(string name, IReadOnlyDictionary<string, string>? more = null)
    {
        var settings = new Dictionary<string, string>(Settings);
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        Mark("starting " + name);
        var instance = await BotProcess.StartAsync(name, settings, TimeSpan.FromSeconds(120));
        Mark(name + " ready");
        lock (_instances)
        {
            _instances.Add(instance);
        }

        return instance;
    }

    /// <summary>
    /// <paramref name="count"/> recipients, each a tutor with a stored conversation and a student, and a session
    /// tomorrow; their rows come with <see cref="PlanAsync"/>. The tutor's day-before reminder stands for the wave's card
    /// until the waves feature lands (one outbox row, one card, per recipient; tutors have no quiet hours, so a run
    /// works at any time of day).
    /// </summary>
    public async Task SeedAsync(int count, int parallelism = 8)
    {
        var programme = new ProgrammeStore(Tables, new MemoryCache(new MemoryCacheOptions()));
        var sessions = new SessionStore(Tables);
        var start = DateTimeOffset.UtcNow.AddDays(1);
        var first = _recipients.Count;
        var seeded = new TutoringSession[count];
        await Parallel.ForEachAsync(Enumerable.Range(first, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, ct) =>
        {
            var tutor = DemoData.Tutor with { Id = "st-" + i, AadObjectId = "st-aad-" + i, TeamsUserId = "29:st-" + i, Mailbox = null };
            var student = DemoData.Student with { Id = "ss-" + i, AadObjectId = "ss-aad-" + i, TeamsUserId = "29:ss-" + i, TutorId = tutor.Id };
            await programme.UpsertAsync(tutor, ct);
            await programme.UpsertAsync(student, ct);
            var session = new TutoringSession
            {
                PartitionKey = student.Id,
                RowKey = "scale-" + i,
                TutorId = tutor.Id,
                StartUtc = start,
                DurationMinutes = 60,
                Status = SessionStatus.Confirmed,
                Generation = 1,
                TutorConversationId = "a:" + tutor.TeamsUserId,
                TutorServiceUrl = Connector.ServiceUrl,
                StudentConversationId = "a:" + student.TeamsUserId,
                StudentServiceUrl = Connector.ServiceUrl,
            };
            await sessions.TryAddAsync(session, ct);
            seeded[i - first] = session;
        });
        _sessions.AddRange(seeded);
        _recipients.AddRange(seeded.Select(s => s.TutorConversationId!));
        Mark($"seeded {count}");
    }

    /// <summary>Plans every seeded recipient's row, due now, in one go (a transaction per partition), as a wave's send does.</summary>
    public async Task PlanAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var tenant = DemoData.Tutor.TenantId;
        await new OutboxStore(Tables).PlanAsync(_sessions.Select(s => SessionRows.Reminder(s, tenant, ReminderKinds.DayBefore, SessionRoles.Tutor, now)));
        Mark($"planned {_sessions.Count}");
    }

    public async Task SeedRemindersAsync(int count)
    {
        await SeedAsync(count);
        await PlanAsync();
    }

    /// <summary>New cards the stand-in accepted for the seeded recipients.</summary>
    public int Delivered()
    {
        var expected = _recipients.ToHashSet(StringComparer.Ordinal);
        return Connector.Activities.Count(a => a.Update is null && expected.Contains(a.ConversationId));
    }

    /// <summary>Waits until no row is pending (every recipient's row finished), or fails after <paramref name="timeout"/>.</summary>
    public async Task<TimeSpan> WaitFinishedAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (await PendingAsync() > 0)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{await PendingAsync()} rows still pending after {timeout.TotalSeconds:0} s; {Delivered()} delivered");
            }

            await Task.Delay(250);
        }

        Mark("all rows finished");
        return clock.Elapsed;
    }

    public static async Task WaitAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException("timed out waiting for " + what);
            }

            await Task.Delay(50);
        }
    }

    public async Task<int> PendingAsync()
    {
        var count = 0;
        await foreach (var _ in Tables[OutboxStore.Table].QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            count++;
        }

        return count;
    }

    /// <summary>What each recipient got, against what the outbox recorded.</summary>
    public async Task<ScaleTally> TallyAsync()
    {
        var cards = Connector.Activities.Where(a => a.Update is null).GroupBy(a => a.ConversationId).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var outcomes = new Dictionary<string, string>(StringComparer.Ordinal);
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in Tables[OutboxStore.DoneTable].QueryAsync<OutboxRow>())
        {
            if (row.ConversationId is { } conversation)
            {
                outcomes[conversation] = row.Outcome;
            }

            if (row.Outcome is DeliveryStates.Uncertain or DeliveryStates.Never)
            {
                var reason = $"{row.Outcome}: {row.Reason}";
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
        }

        int Got(string r) => cards.TryGetValue(r, out var n) ? n : 0;
        bool Is(string r, string state) => outcomes.TryGetValue(r, out var o) && o == state;
        return new ScaleTally(
            Recipients: _recipients.Count,
            ExactlyOne: _recipients.Count(r => Got(r) == 1),
            Duplicates: _recipients.Sum(r => Math.Max(0, Got(r) - 1)),
            Lost: _recipients.Count(r => Got(r) == 0 && !Is(r, DeliveryStates.Uncertain) && !Is(r, DeliveryStates.Never)),
            Uncertain: _recipients.Count(r => Is(r, DeliveryStates.Uncertain)),
            UncertainButDelivered: _recipients.Count(r => Is(r, DeliveryStates.Uncertain) && Got(r) > 0),
            Never: _recipients.Count(r => Is(r, DeliveryStates.Never)),
            Throttled: Connector.Refusals.Count,
            Failed: Connector.Failed,
            Slow: Connector.Slow,
            Unauthorized: Connector.Unauthorized,
            Interrupted: reasons.Where(r => r.Key.Contains("interrupted", StringComparison.Ordinal)).Sum(r => r.Value),
            Reasons: string.Join("; ", reasons.Select(r => $"{r.Value} × {r.Key}")));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        var service = new TableServiceClient(BotApplication.StorageConnection);
        try
        {
            await foreach (var table in service.QueryAsync(filter: $"TableName ge '{Prefix}' and TableName lt '{Prefix}~'"))
            {
                await service.DeleteTableAsync(table.Name);
            }
        }
        catch (Azure.RequestFailedException)
        {
            // Best effort: Azurite's data is thrown away after the run anyway.
        }

        await Connector.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}

/// <summary>
/// The outcome of a run per recipient: exactly one card, duplicates (cards beyond the first), lost (no card and not
/// listed by the outbox as uncertain or never), uncertain (a run cut mid-send: listed for the coordinator, by design
/// not sent again; some of those did get their card), never; and what the stand-in did (429s, 503s, slow answers);
/// how many rows were found interrupted (claimed by a killed instance) and the reasons of every uncertain or never row.
/// </summary>
public sealed record ScaleTally(int Recipients, int ExactlyOne, int Duplicates, int Lost, int Uncertain, int UncertainButDelivered, int Never, int Throttled, int Failed, int Slow, int Unauthorized, int Interrupted, string Reasons);

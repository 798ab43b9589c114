using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using TutorBot.Demo;
using TutorBot.Features.Programme;
using TutorBot.Features.Tutoring;
using TutorBot.Protocol.Schema;
using TutorBot.Tests.Infrastructure;
using Activity = TutorBot.Protocol.Schema.Activity;

namespace TutorBot.Bench;

// Benchmark of TutorBot's turns on loopback against Azurite (bench/run.sh starts what it needs).
// 1. Action.Execute invoke: JWT check + storage read + ETag write + card response (a session rated).
// 2. A plain message turn (one message in, one reply sent through the connector stand-in).
// 3. The same plain turn on echo bots built with Microsoft's JavaScript SDKs, as baselines: botbuilder (no auth) and
//    the Microsoft 365 Agents SDK (@microsoft/agents-hosting) with its JWT validation on, as TutorBot has.
/// <summary><c>bench/run.sh turns [seconds]</c></summary>
public static class TurnsBench
{
    public static async Task RunAsync(string[] args)
    {
        const int Clients = 50;
        var duration = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 10);
        var jsEcho = Environment.GetEnvironmentVariable("JS_ECHO_URL") ?? "http://127.0.0.1:3979/api/messages";
        var agentsEcho = Environment.GetEnvironmentVariable("AGENTS_ECHO_URL") ?? "http://127.0.0.1:3980";

        await using var s = await StandIns.StartAsync(new() { ["Logging:LogLevel:Default"] = "Warning" });
        s.Connector.AcceptAnonymous = true;
        var url = s.Connector.ServiceUrl;

        // Sessions proposed ahead, each answered once by the student: every invoke checks the JWT, reads the session
        // and the two people, writes the answer with the session's ETag, and returns the student's updated card.
        const int Sessions = 8_000;
        await SeedSessionsAsync();
        var token = s.Issuer.BotFrameworkToken(TutorBot.Tests.Infrastructure.BotApplication.AppId, url);

        var storage = await StorageBaselineAsync();
        var invoke = await RunAsync("invoke (Action.Execute: JWT, storage read, ETag write, card)", s.App.BaseAddress + "api/messages", token, i =>
            Activities.CardAction(url, DemoData.Student, "bench", TutoringCards.Verbs.Answer, new Dictionary<string, string>
            {
                ["studentId"] = DemoData.Student.Id, ["sessionId"] = "bench-" + (i % Sessions), ["answer"] = TutoringCards.Answers.Confirm,
            }));
        // The three message turns alternate in rounds (each warmed up every round), so a change in the shared machine's
        // load falls on TutorBot and its baselines alike instead of on whichever ran in the worst seconds.
        const int Rounds = 3;
        var agentsToken = await AgentsTokenAsync();
        var turns = new[]
        {
            ("message turn, TutorBot (JWT + reply via connector)", s.App.BaseAddress + "api/messages", (string?)token),
            ("message turn, JS botbuilder echo (no auth)", jsEcho, null),
            ("message turn, JS Agents SDK echo (JWT on)", agentsEcho + "/api/messages", agentsToken),
        };
        var samples = turns.Select(_ => new List<Sample>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var t = 0; t < turns.Length; t++)
            {
                // The stand-in (in this process) answers every bot: each stretch starts with it emptied and a collected heap.
                s.Connector.Reset();
                s.Connector.ForgetPosted();
                GC.Collect();
                samples[t].Add(await MeasureAsync(turns[t].Item1, turns[t].Item2, turns[t].Item3, duration / Rounds, i => Activities.Message(url, DemoData.Student, "bonjour " + i)));
            }
        }

        var (echo, js, agents) = (Report(turns[0].Item1, samples[0]), Report(turns[1].Item1, samples[1]), Report(turns[2].Item1, samples[2]));

        Console.WriteLine();
        Console.WriteLine($"invoke p99 {invoke.P99:F1} ms (target < 50 ms); invoke / bare storage: throughput {invoke.PerSecond / storage.PerSecond:F2}x, p99 {invoke.P99 / storage.P99:F2}x");
        Console.WriteLine($"message-turn throughput ratio TutorBot / JS SDK = {echo.PerSecond / js.PerSecond:F2}x (target >= 2x); p50 ratio {echo.P50 / js.P50:F2}");
        Console.WriteLine($"message-turn TutorBot / Agents SDK (both checking JWTs): throughput {echo.PerSecond / agents.PerSecond:F2}x (target >= 3x), p99 {echo.P99 / agents.P99:F2}x (target <= 0.5x)");

        // The Agents SDK echo checks Entra-style tokens against {authority}/discovery/v2.0/keys: give it the stand-in
        // issuer's keys, and sign its tokens with the same key TutorBot's tokens are signed with.
        async Task<string> AgentsTokenAsync()
        {
            using var http = new HttpClient();
            var keys = await http.GetStringAsync(s.Issuer.BaseUrl + "/v1/.well-known/keys");
            (await http.PostAsync(agentsEcho + "/_bench/jwks", new StringContent(keys, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            var tenant = TutorBot.Tests.Infrastructure.BotApplication.BotTenant;
            return TokenIssuerStandIn.Mint(s.Issuer.Endorsed, $"https://login.microsoftonline.com/{tenant}/v2.0", TutorBot.Tests.Infrastructure.BotApplication.AppId,
                new Dictionary<string, object> { ["tid"] = tenant, ["azp"] = TokenIssuerStandIn.ClientId, ["serviceurl"] = url });
        }

        // The floor under the invoke: the same storage read and ETag write, straight from this process to Azurite.
        async Task<Result> StorageBaselineAsync()
        {
            var table = s.App.Table(SessionStore.Table);
            var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
            var clock = Stopwatch.StartNew();
            var counter = 0;
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
            {
                while (clock.Elapsed < duration)
                {
                    var i = Interlocked.Increment(ref counter) % Sessions;
                    var started = Stopwatch.GetTimestamp();
                    var entity = (await table.GetEntityAsync<TutoringSession>(DemoData.Student.Id, "bench-" + i)).Value;
                    await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace);
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }));
            var sorted = latencies.Order().ToArray();
            var result = new Result(sorted.Length / clock.Elapsed.TotalSeconds, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)]);
            Console.WriteLine($"{"bare storage: read + ETag write (Azurite), baseline",-62} {result.PerSecond,8:F0} ops/s    p50 {result.P50,6:F1} ms  p99 {result.P99,6:F1} ms");
            return result;
        }

        async Task SeedSessionsAsync()
        {
            var table = s.App.Table(SessionStore.Table);
            var start = DateTimeOffset.UtcNow.AddDays(7);
            foreach (var chunk in Enumerable.Range(0, Sessions).Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TutoringSession
                {
                    PartitionKey = DemoData.Student.Id, RowKey = "bench-" + i, TutorId = DemoData.Tutor.Id, StartUtc = start,
                    DurationMinutes = 60, Place = Places.Teams, CreatedUtc = DateTimeOffset.UtcNow,
                    Status = SessionStatus.Confirmed, Outcome = Outcomes.Happened,
                })));
            }
        }

        async Task<Result> RunAsync(string name, string target, string? bearer, Func<int, Activity> activity) =>
            Report(name, [await MeasureAsync(name, target, bearer, duration, activity)]);

        Result Report(string name, List<Sample> parts)
        {
            var sorted = parts.SelectMany(p => p.Latencies).Order().ToArray();
            var seconds = parts.Sum(p => p.Seconds);
            var result = new Result(sorted.Length / seconds, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)]);
            Console.WriteLine($"{name,-62} {result.PerSecond,8:F0} turns/s  p50 {result.P50,6:F1} ms  p99 {result.P99,6:F1} ms  ({sorted.Length} turns, {Clients} clients, {parts.Count} round(s))");
            return result;
        }

        async Task<Sample> MeasureAsync(string name, string target, string? bearer, TimeSpan length, Func<int, Activity> activity)
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { Timeout = TimeSpan.FromSeconds(30) };
            async Task<double> OneAsync(int i)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, target)
                {
                    Content = new StringContent(JsonSerializer.Serialize(activity(i), ProtocolJson.Options), Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
                };
                if (bearer is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                }

                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"{name}: HTTP {(int)response.StatusCode}");
                }

                return elapsed;
            }

            // Warm-up through as many connections as the measured stretch uses, so none is opened while measuring.
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
            {
                for (var k = 0; k < 4; k++)
                {
                    await OneAsync((c * 4) + k);
                }
            }));

            var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
            var clock = Stopwatch.StartNew();
            var counter = 0;
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
            {
                while (clock.Elapsed < length)
                {
                    latencies.Add(await OneAsync(Interlocked.Increment(ref counter)));
                }
            }));
            return new Sample([.. latencies], clock.Elapsed.TotalSeconds);
        }
    }
}

internal sealed record Result(double PerSecond, double P50, double P99);

/// <summary>One measured stretch of a run: every request's latency (ms) and the stretch's length.</summary>
internal sealed record Sample(double[] Latencies, double Seconds);

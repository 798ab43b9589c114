using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TutorBot.Demo;
using TutorBot.Protocol.Schema;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Bench;

/// <summary>
/// <c>bench/run.sh telemetry [seconds] [rounds]</c>: the message turn (JWT check, sender lookup, reply through the
/// connector) with OpenTelemetry on (traces, metrics and logs exported in memory) and off (Telemetry:Enabled=false),
/// alternated in rounds in the same run; prints the overhead ratio (target ≤ 1.1).
/// </summary>
public static class TelemetryBench
{
    public static async Task RunAsync(string[] args)
    {
        const int Clients = 50;
        var duration = TimeSpan.FromSeconds(args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5);
        var rounds = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var spans = new List<System.Diagnostics.Activity>();
        var metrics = new List<Metric>();
        await using var on = await StandIns.StartAsync(new() { ["Logging:LogLevel:Default"] = "Warning" }, s => s.AddOpenTelemetry()
            .WithTracing(t => t.AddInMemoryExporter(spans)).WithMetrics(m => m.AddInMemoryExporter(metrics)));
        await using var off = await StandIns.StartAsync(new() { ["Logging:LogLevel:Default"] = "Warning", ["Telemetry:Enabled"] = "false" });
        on.Connector.AcceptAnonymous = true;
        off.Connector.AcceptAnonymous = true;

        double onRate = 0, offRate = 0, onP99 = 0, offP99 = 0;
        for (var round = 0; round < rounds; round++)
        {
            var a = await TurnsAsync(off, "off");
            var b = await TurnsAsync(on, "on ");
            spans.Clear();
            offRate += a.PerSecond / rounds;
            onRate += b.PerSecond / rounds;
            offP99 += a.P99 / rounds;
            onP99 += b.P99 / rounds;
        }

        Console.WriteLine($"telemetry overhead: throughput off / on = {offRate / onRate:F2}x (target <= 1.1), p99 on / off = {onP99 / offP99:F2}x ({rounds} rounds of {duration.TotalSeconds:F0} s each)");

        async Task<Result> TurnsAsync(StandIns s, string label)
        {
            var url = s.Connector.ServiceUrl;
            var token = s.Issuer.BotFrameworkToken(BotApplication.AppId, url);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = s.App.BaseAddress };
            var latencies = new System.Collections.Concurrent.ConcurrentBag<double>();
            var counter = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
            {
                while (clock.Elapsed < duration)
                {
                    var body = JsonSerializer.Serialize(Activities.Message(url, DemoData.Student, "bonjour " + Interlocked.Increment(ref counter)), ProtocolJson.Options);
                    using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")) };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.SendAsync(request);
                    response.EnsureSuccessStatusCode();
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }));
            var sorted = latencies.Order().ToArray();
            var result = new Result(sorted.Length / clock.Elapsed.TotalSeconds, sorted[sorted.Length / 2], sorted[(int)(sorted.Length * 0.99)]);
            Console.WriteLine($"telemetry {label}: {result.PerSecond,8:F0} turns/s  p50 {result.P50,6:F1} ms  p99 {result.P99,6:F1} ms");
            return result;
        }
    }
}

using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using TutorBot.Delivery;
using TutorBot.Demo;
using TutorBot.Features.Tutoring;
using TutorBot.Hosting;
using TutorBot.Tests.Delivery;
using TutorBot.Tests.Infrastructure;
using TutorBot.Tests.Tutoring;
using static TutorBot.Tests.Delivery.DeliveryTestKit;

namespace TutorBot.Tests.Hosting;

/// <summary>
/// What the in-memory exporter sees: a click's span with its verb and outcome, the outbox metrics moving, no personal
/// data anywhere in traces, metrics or exported logs; and /readyz when the outbox worker stops.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class TelemetryTests
{
    private const string PlaceDetail = "Salle Tourmaline 7";
    private const string Reason = "Imprévu Malachite";

    [TestMethod]
    public async Task AClickIsASpanWithItsVerbAndOutcomeAndTelemetryOfATutoringCycleNamesNoOne()
    {
        var exported = new Exported();
        await using var h = await TutoringHarness.StartAsync(services: exported.Register);

        // A session proposed at the company, accepted by the student, then cancelled by the tutor with a reason.
        var slot = h.Slot(3, 18);
        await h.S.App.PostActivityAsync(Activities.Message(h.Url, DemoData.Tutor, "séance"));
        var formId = h.PostsTo(DemoData.Tutor).Last().ActivityId!;
        var proposal = h.Proposal(slot);
        proposal["place"] = Places.Company;
        proposal["placeDetail"] = PlaceDetail;
        var mark = h.S.Connector.Calls.Count;
        await h.InvokeAsync(DemoData.Tutor, formId, TutoringCards.Verbs.Propose, proposal);
        var invitation = h.PostsTo(DemoData.Student, mark).Single();
        var session = (await h.SessionsAsync()).Single(x => x.TutorCardActivityId == formId);
        await h.InvokeAsync(DemoData.Student, invitation.ActivityId!, TutoringCards.Verbs.Answer, TutoringHarness.Data(session, ("answer", "confirm"), ("slot", "1")));
        await h.InvokeAsync(DemoData.Tutor, formId, TutoringCards.Verbs.Cancel, TutoringHarness.Data(await h.SessionAsync(session.Id), ("reason", Reason)));
        exported.Flush(h.S.App.Services);

        var answer = exported.Spans.FirstOrDefault(s => s.DisplayName == "turn invoke" && (string?)s.GetTagItem("tutorbot.verb") == TutoringCards.Verbs.Answer);
        Assert.IsNotNull(answer, "the student's click is a span named by its activity type, tagged with its verb");
        Assert.AreEqual(TurnOutcomes.Ok, answer.GetTagItem("tutorbot.outcome"));
        var clicks = exported.Metrics.Where(m => m.Name == "tutorbot.card.clicks").SelectMany(Points).ToList();
        Assert.IsTrue(clicks.Any(p => p.Tags.Contains(("verb", TutoringCards.Verbs.Propose)) && p.Tags.Contains(("outcome", TurnOutcomes.Ok))), "clicks are counted by verb and outcome");
        Assert.IsTrue(exported.Spans.Any(s => s.Kind == System.Diagnostics.ActivityKind.Client), "outgoing calls are traced");

        // Spans and metrics name no one at all, not even by an opaque id; exported logs, like the console's, may carry
        // opaque ids (the demo's ids hold first names in lower case, hence the case-sensitive match there).
        var names = new List<string> { PlaceDetail, Reason };
        var ids = new List<string>();
        foreach (var person in DemoData.People)
        {
            ids.Add(person.Id);
            names.Add(person.DisplayName);
            names.AddRange(person.DisplayName.Split(' ').Where(part => part.Length >= 4));
            if (person.AadObjectId is { } oid)
            {
                ids.Add(oid);
            }

            if (person.Mailbox is { } mailbox)
            {
                names.Add(mailbox);
                names.Add(Uri.EscapeDataString(mailbox));
            }
        }

        var leaks = (from text in exported.SpanAndMetricTexts()
                     from word in names.Concat(ids)
                     where text.Contains(word, StringComparison.OrdinalIgnoreCase)
                     select $"'{word}' in: {(text.Length > 200 ? text[..200] : text)}")
            .Concat(from text in exported.LogTexts()
                    from word in names
                    where text.Contains(word, StringComparison.Ordinal)
                    select $"'{word}' in log: {(text.Length > 200 ? text[..200] : text)}").Distinct().ToList();
        Assert.IsNotEmpty(exported.LogTexts(), "logs go through the same pipeline");
        Assert.IsEmpty(leaks, "personal data in exported telemetry:\n" + string.Join("\n", leaks.Take(20)));
    }

    [TestMethod]
    public async Task OutboxMetricsMoveAsRowsAreSent()
    {
        await using var s = await StandIns.StartAsync(DeliveryTestKit.Settings(), AddTestHandlers);
        Trust(s.App, s.Connector);
        var metrics = s.App.Services.GetRequiredService<TutorBotMetrics>();
        using var rows = new MetricCollector<long>(metrics.OutboxRows);
        using var age = new MetricCollector<double>(metrics.OutboxAge);

        await Store(s.App).PlanAsync(SendRow(s.Connector, "metrics-1", DateTimeOffset.UtcNow, "tenant-metrics"));
        await Store(s.App).PlanAsync(SendRow(s.Connector, "metrics-2", DateTimeOffset.UtcNow, "tenant-metrics", stale: true));
        await DoneAsync(s.App, "metrics-1");
        await DoneAsync(s.App, "metrics-2");

        var snapshot = rows.GetMeasurementSnapshot();
        Assert.AreEqual(1, snapshot.Count(m => m.MatchesTags(new KeyValuePair<string, object?>("kind", TestKinds.Send), new("outcome", "sent"))));
        Assert.AreEqual(1, snapshot.Count(m => m.MatchesTags(new KeyValuePair<string, object?>("kind", TestKinds.Send), new("outcome", "dropped"))));
        Assert.AreEqual(1, age.GetMeasurementSnapshot().Count, "a sent row records how late it went out");
    }

    [TestMethod]
    public async Task ReadyzTurnsNotReadyWhenTheOutboxWorkerStops()
    {
        await using var s = await StandIns.StartAsync(DeliveryTestKit.Settings());
        Assert.AreEqual(HttpStatusCode.OK, (await s.App.Http.GetAsync("/readyz")).StatusCode);

        var worker = s.App.Services.GetServices<IHostedService>().OfType<DeliveryWorker>().Single();
        await worker.StopAsync(CancellationToken.None);

        var response = await s.App.Http.GetAsync("/readyz");
        Assert.AreEqual(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "outbox worker");
        Assert.AreEqual(HttpStatusCode.OK, (await s.App.Http.GetAsync("/healthz")).StatusCode, "liveness is not readiness");
    }

    private static IEnumerable<(IReadOnlyList<(string Key, string Value)> Tags, double Value)> Points(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var tags = new List<(string, string)>();
            foreach (var tag in point.Tags)
            {
                tags.Add((tag.Key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
            }

            yield return (tags, metric.MetricType == MetricType.LongSum ? point.GetSumLong() : 0);
        }
    }

    /// <summary>The three in-memory exporters, added to the app's own OpenTelemetry pipelines.</summary>
    private sealed class Exported
    {
        public List<System.Diagnostics.Activity> Spans { get; } = [];

        public List<Metric> Metrics { get; } = [];

        public List<LogRecord> Logs { get; } = [];

        public void Register(IServiceCollection services)
        {
            services.AddOpenTelemetry()
                .WithTracing(t => t.AddInMemoryExporter(Spans))
                .WithMetrics(m => m.AddInMemoryExporter(Metrics))
                .WithLogging(l => l.AddInMemoryExporter(Logs));
        }

        public void Flush(IServiceProvider services)
        {
            services.GetRequiredService<TracerProvider>().ForceFlush();
            services.GetRequiredService<MeterProvider>().ForceFlush();
        }

        /// <summary>Span names, tags and events, and metric tags.</summary>
        public IEnumerable<string> SpanAndMetricTexts()
        {
            foreach (var span in Spans.ToList())
            {
                yield return span.DisplayName;
                foreach (var tag in span.TagObjects)
                {
                    yield return $"{tag.Key}={tag.Value}";
                }

                foreach (var e in span.Events)
                {
                    yield return e.Name;
                }
            }

            foreach (var metric in Metrics.ToList())
            {
                foreach (var point in Points(metric))
                {
                    yield return metric.Name + " " + string.Join(",", point.Tags.Select(t => $"{t.Key}={t.Value}"));
                }
            }

        }

        /// <summary>Exported log bodies and attributes.</summary>
        public IEnumerable<string> LogTexts()
        {
            foreach (var log in Logs.ToList())
            {
                yield return log.FormattedMessage ?? log.Body ?? "";
                foreach (var attribute in log.Attributes ?? [])
                {
                    yield return $"{attribute.Key}={attribute.Value}";
                }
            }
        }
    }
}

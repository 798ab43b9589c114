using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TutorBot.Hosting;

/// <summary>How a turn ended, as a trace tag and a metric tag.</summary>
public static class TurnOutcomes
{
    public const string Ok = "ok";
    public const string Refused = "refused";
    public const string Failed = "failed";
    public const string NotInProgramme = "not_in_programme";
}

/// <summary>
/// TutorBot's own traces and metrics. Every tag is low-cardinality and names no one: an activity type, a verb, a
/// kind, an outcome or a status code. Instrument names are those the Azure workbook and alert rules read
/// (infra/app/observability.bicep).
/// </summary>
public sealed class TutorBotMetrics
{
    public const string Name = "TutorBot";

    /// <summary>Spans of TutorBot's own work (one per inbound activity); HTTP, connector and Graph spans come from the instrumentations.</summary>
    public static readonly ActivitySource Source = new(Name);

    public TutorBotMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        CardClicks = meter.CreateCounter<long>("tutorbot.card.clicks", description: "Card button presses, by verb and outcome.");
        CardClickDuration = meter.CreateHistogram<double>("tutorbot.card.click.duration", "ms", "Time to answer a card button press, by verb and outcome.");
        OutboxRows = meter.CreateCounter<long>("tutorbot.outbox.rows", description: "Outbox rows handled, by kind and outcome (sent, later, never, uncertain, dropped).");
        OutboxAge = meter.CreateHistogram<double>("tutorbot.outbox.age", "s", "How late an outbox row was when it was sent, by kind.");
        ConnectorResponses = meter.CreateCounter<long>("tutorbot.connector.responses", description: "Answers of the Bot Framework connector, by operation and status.");
        GraphResponses = meter.CreateCounter<long>("tutorbot.graph.responses", description: "Answers of Microsoft Graph, by status.");
        LimiterWait = meter.CreateHistogram<double>("tutorbot.limiter.wait", "ms", "Time a send waited for the shared rate limiter.");
        SignUps = meter.CreateCounter<long>("tutorbot.workshops.signups", description: "Workshop and visit sign-ups, by result (confirmed, waiting).");
        Promotions = meter.CreateCounter<long>("tutorbot.workshops.promotions", description: "Places given to the first student of a waiting list.");
        RemindersAnswered = meter.CreateCounter<long>("tutorbot.reminders.answered", description: "Reminders answered, by answer.");
        Meter = meter;
    }

    public Meter Meter { get; }

    public Counter<long> CardClicks { get; }

    public Histogram<double> CardClickDuration { get; }

    public Counter<long> OutboxRows { get; }

    public Histogram<double> OutboxAge { get; }

    public Counter<long> ConnectorResponses { get; }

    public Counter<long> GraphResponses { get; }

    public Histogram<double> LimiterWait { get; }

    public Counter<long> SignUps { get; }

    public Counter<long> Promotions { get; }

    public Counter<long> RemindersAnswered { get; }

    /// <summary>Registers an observable gauge (the outbox backlog) whose value a feature computes.</summary>
    public void ObserveBacklog(Func<long> backlog) =>
        Meter.CreateObservableGauge("tutorbot.outbox.backlog", backlog, description: "Outbox rows due and not finished.");

    /// <summary>Records a card click with its verb (a constant of the card that was pressed) and outcome.</summary>
    public void CardClicked(string verb, string outcome, double milliseconds)
    {
        var tags = new TagList { { "verb", verb }, { "outcome", outcome } };
        CardClicks.Add(1, tags);
        CardClickDuration.Record(milliseconds, tags);
    }
}

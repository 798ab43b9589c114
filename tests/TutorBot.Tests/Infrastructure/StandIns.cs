namespace TutorBot.Tests.Infrastructure;

/// <summary>The issuer and connector stand-ins and one app, started together for a test class.</summary>
public sealed class StandIns : IAsyncDisposable
{
    private StandIns(TokenIssuerStandIn issuer, ConnectorStandIn connector, GraphStandIn graph, BotApplication app)
    {
        Graph = graph;
        Issuer = issuer;
        Connector = connector;
        App = app;
    }

    public TokenIssuerStandIn Issuer { get; }

    public ConnectorStandIn Connector { get; }

    public GraphStandIn Graph { get; }

    public BotApplication App { get; }

    public static async Task<StandIns> StartAsync(Dictionary<string, string?>? overrides = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var issuer = new TokenIssuerStandIn();
        await issuer.StartAsync();
        var connector = new ConnectorStandIn(issuer);
        await connector.StartAsync();
        var graph = new GraphStandIn(issuer);
        await graph.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Calendar:Mode"] = "Graph",
            ["Calendar:GraphBaseUrl"] = graph.BaseUrl,
            ["Calendar:RetryBaseDelay"] = "00:00:00.050",
            ["Calendar:AttemptTimeout"] = "00:00:01",
            ["Calendar:TotalTimeout"] = "00:00:20",
        };
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        try
        {
            var app = await BotApplication.StartAsync(issuer, connector, settings, services);
            return new StandIns(issuer, connector, graph, app);
        }
        catch
        {
            await graph.DisposeAsync();
            await connector.DisposeAsync();
            await issuer.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        await Graph.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}

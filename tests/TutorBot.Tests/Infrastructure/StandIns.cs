namespace TutorBot.Tests.Infrastructure;

/// <summary>The issuer and connector stand-ins and one app, started together for a test class.</summary>
public sealed class StandIns : IAsyncDisposable
{
    private StandIns(TokenIssuerStandIn issuer, ConnectorStandIn connector, BotApplication app)
    {
        Issuer = issuer;
        Connector = connector;
        App = app;
    }

    public TokenIssuerStandIn Issuer { get; }

    public ConnectorStandIn Connector { get; }

    public BotApplication App { get; }

    public static async Task<StandIns> StartAsync(Dictionary<string, string?>? overrides = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var issuer = new TokenIssuerStandIn();
        await issuer.StartAsync();
        var connector = new ConnectorStandIn(issuer);
        await connector.StartAsync();
        var app = await BotApplication.StartAsync(issuer, connector, overrides, services);
        return new StandIns(issuer, connector, app);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}

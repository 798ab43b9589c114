using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using TutorBot.Delivery;
using TutorBot.Protocol.Connector;
using TutorBot.Protocol.Schema;
using TutorBot.Tests.Infrastructure;

namespace TutorBot.Tests.Delivery;

/// <summary>Test kinds: they stand for a feature's handler, registered through the app's services hook.</summary>
public static class TestKinds
{
    /// <summary>Sends the row's key as text to the row's conversation; a payload with <c>"stale": true</c> is dropped.</summary>
    public const string Send = "test.send";

    /// <summary>Always throws, as a handler with a bug would.</summary>
    public const string Boom = "test.boom";
}

public sealed class TestSendHandler(IConnector connector) : IOutboxHandler
{
    public string Kind => TestKinds.Send;

    public async Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken)
    {
        using var payload = JsonDocument.Parse(row.Payload ?? "{}");
        if (payload.RootElement.TryGetProperty("stale", out var stale) && stale.GetBoolean())
        {
            return DeliveryOutcome.Dropped("session moved");
        }

        var to = new ConversationRef(payload.RootElement.GetProperty("serviceUrl").GetString()!, row.ConversationId!, row.TenantId, row.RecipientId);
        var id = await connector.SendAsync(to, Activity.FromText(row.Key), cancellationToken);
        return DeliveryOutcome.Sent(id);
    }
}

public sealed class BoomHandler : IOutboxHandler
{
    public string Kind => TestKinds.Boom;

    public bool UsesConnector => false;

    public Task<DeliveryOutcome> HandleAsync(OutboxRow row, CancellationToken cancellationToken) => throw new InvalidOperationException("a handler bug");
}

/// <summary>Starting outbox apps, planning test rows and reading the two tables.</summary>
public static class DeliveryTestKit
{
    public static Dictionary<string, string?> Settings(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Delivery:PollInterval"] = "00:00:00.050",
            ["Delivery:RetryBaseDelay"] = "00:00:00",
            ["Delivery:MaxRetryDelay"] = "00:00:00",
            ["Delivery:MaxAttempts"] = "3",
            ["Delivery:TenantRequestsPerSecond"] = "50",
            ["Delivery:DoneRetention"] = "2.00:00:00",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    public static void AddTestHandlers(IServiceCollection services)
    {
        services.AddTransient<IOutboxHandler, TestSendHandler>();
        services.AddSingleton<IOutboxHandler, BoomHandler>();
    }

    /// <summary>A second instance of the app on the first one's tables, sharing its stand-ins.</summary>
    public static async Task<BotApplication> SecondInstanceAsync(StandIns s, Dictionary<string, string?> settings, Action<IServiceCollection> services)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            ["Storage:TablePrefix"] = s.App.TablePrefix,
            ["Calendar:Mode"] = "Graph",
            ["Calendar:GraphBaseUrl"] = s.Graph.BaseUrl,
        };
        var second = await BotApplication.StartAsync(s.Issuer, s.Connector, all, services);
        second.KeepStorage = true;
        Trust(second, s.Connector);
        return second;
    }

    public static void Trust(BotApplication app, ConnectorStandIn connector) =>
        app.Services.GetRequiredService<ServiceUrlRegistry>().Trust(connector.ServiceUrl);

    public static OutboxStore Store(BotApplication app) => app.Services.GetRequiredService<OutboxStore>();

    public static OutboxRow SendRow(ConnectorStandIn connector, string key, DateTimeOffset due, string tenant, bool stale = false) =>
        OutboxRow.Create(
            TestKinds.Send,
            key,
            due,
            tenant,
            "29:" + key,
            JsonSerializer.Serialize(new { serviceUrl = connector.ServiceUrl, stale }),
            conversationId: "a:" + key);

    public static async Task<List<OutboxRow>> RowsAsync(BotApplication app, string table, string? key = null)
    {
        var rows = new List<OutboxRow>();
        var filter = key is null ? null : TableClient.CreateQueryFilter($"Key eq {key}");
        await foreach (var row in app.Table(table).QueryAsync<OutboxRow>(filter))
        {
            rows.Add(row);
        }

        return rows;
    }

    public static async Task<OutboxRow> DoneAsync(BotApplication app, string key, TimeSpan? timeout = null)
    {
        OutboxRow? done = null;
        await WaitAsync(async () => (done = (await RowsAsync(app, OutboxStore.DoneTable, key)).SingleOrDefault()) is not null, $"row {key} finished", timeout);
        return done!;
    }

    public static int PostsTo(ConnectorStandIn connector, string key) =>
        connector.Arrivals.Count(a => a.Method == "POST" && a.Path.EndsWith("/a:" + key + "/activities", StringComparison.Ordinal));

    public static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("Timed out waiting for: " + what);
            }

            await Task.Delay(50);
        }
    }
}

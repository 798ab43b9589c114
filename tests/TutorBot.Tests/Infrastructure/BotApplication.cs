using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TutorBot.Protocol.Schema;
using TutorBot.Storage;

namespace TutorBot.Tests.Infrastructure;

/// <summary>
/// The real app on loopback Kestrel, against Azurite, with the token issuer and connector stand-ins.
/// Only configuration is swapped; each instance gets its own table prefix.
/// </summary>
public sealed class BotApplication : WebApplicationFactory<Program>
{
    public const string AppId = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
    public const string BotTenant = "99999999-8888-7777-6666-555555555555";

    /// <summary>Azurite on its default ports, unless TUTORBOT_TEST_STORAGE names another (parallel runs on one machine).</summary>
    public static readonly string StorageConnection = Environment.GetEnvironmentVariable("TUTORBOT_TEST_STORAGE") is { Length: > 0 } cs ? cs : "UseDevelopmentStorage=true";

    private readonly Dictionary<string, string?> _settings;
    private StorageLayout? _layout;

    private readonly Action<IServiceCollection>? _services;

    private BotApplication(TokenIssuerStandIn issuer, ConnectorStandIn connector, Dictionary<string, string?> overrides, Action<IServiceCollection>? services)
    {
        _services = services;
        Issuer = issuer;
        Connector = connector;
        Credential = new StandInCredential(issuer.BaseUrl, BotTenant);
        // A test that restarts the app passes the first instance's prefix, so the second finds the same state.
        TablePrefix = overrides.TryGetValue("Storage:TablePrefix", out var prefix) && prefix is { Length: > 0 } ? prefix : "t" + Guid.NewGuid().ToString("N")[..12];
        _settings = new()
        {
            ["Bot:AppId"] = AppId,
            ["Bot:TenantId"] = BotTenant,
            ["Bot:Auth:BotFrameworkMetadataUrl"] = issuer.BotFrameworkMetadataUrl,
            ["Bot:Auth:EntraAuthority"] = issuer.BaseUrl,
            ["Bot:Auth:AllowAnonymousLoopback"] = "false",
            ["Bot:Auth:MinimumRefreshInterval"] = "00:00:00",
            ["Bot:Connector:Credential"] = "None",
            ["Bot:Connector:AllowedServiceUrls:0"] = "https://smba.trafficmanager.net/",
            ["Bot:Connector:MaxRetries"] = "3",
            ["Bot:Connector:RetryBaseDelay"] = "00:00:00.050",
            ["Bot:Connector:AttemptTimeout"] = "00:00:01",
            ["Bot:Connector:TotalTimeout"] = "00:00:30",
            ["Storage:ConnectionString"] = StorageConnection,
            ["Storage:TablePrefix"] = TablePrefix,
            ["Demo:Seed"] = "true",
        };
        foreach (var (key, value) in overrides)
        {
            _settings[key] = value;
        }
    }

    public TokenIssuerStandIn Issuer { get; }

    public ConnectorStandIn Connector { get; }

    public StandInCredential Credential { get; }

    public CapturedLogs Logs { get; } = new();

    public string TablePrefix { get; }

    /// <summary>Leaves the tables and queues in place on dispose, for a next instance on the same prefix.</summary>
    public bool KeepStorage { get; set; }

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <param name="services">Replaces services after the app's own registrations (a fake TimeProvider, a stand-in's client).</param>
    public static async Task<BotApplication> StartAsync(TokenIssuerStandIn issuer, ConnectorStandIn connector, Dictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        var app = new BotApplication(issuer, connector, overrides ?? [], services);
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        app.BaseAddress = new Uri(address);
        app._layout = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageLayout>>().Value;
        app.Http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (app._settings.GetValueOrDefault("Demo:Seed") == "true")
        {
            // The fixture programme (the bot itself seeds only the local run's roster-based demo).
            await Demo.DemoData.SeedAllAsync(app.Services);
        }

        return app;
    }

    public TableClient Table(string name) => new TableServiceClient(StorageConnection).GetTableClient(TablePrefix + name);

    /// <summary>Sends an activity as Teams would, with a Bot Framework token for the connector stand-in.</summary>
    public Task<HttpResponseMessage> PostActivityAsync(Activity activity, string? token = null) =>
        PostRawAsync(JsonSerializer.Serialize(activity, ProtocolJson.Options), token ?? Issuer.BotFrameworkToken(AppId, activity.ServiceUrl ?? Connector.ServiceUrl));

    public Task<HttpResponseMessage> PostRawAsync(string body, string? token, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Http.SendAsync(request);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.ConfigureServices(services =>
        {
            services.AddSingleton<TokenCredential>(Credential);
            _services?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && KeepStorage)
        {
            Http?.Dispose();
        }
        else if (disposing)
        {
            Http?.Dispose();
            var layout = _layout ?? new StorageLayout();
            var tables = new TableServiceClient(StorageConnection);
            var queues = new Azure.Storage.Queues.QueueServiceClient(StorageConnection);
            try
            {
                foreach (var table in layout.Tables)
                {
                    tables.DeleteTable(TablePrefix + table);
                }

                foreach (var queue in layout.Queues)
                {
                    queues.DeleteQueue(TablePrefix.ToLowerInvariant() + queue);
                }

                var blobs = new Azure.Storage.Blobs.BlobServiceClient(StorageConnection);
                foreach (var container in layout.Containers)
                {
                    blobs.DeleteBlobContainer(TablePrefix.ToLowerInvariant() + container);
                }
            }
            catch (Azure.RequestFailedException)
            {
                // Best effort: Azurite's data is thrown away after the run anyway.
            }
        }

        base.Dispose(disposing);
    }
}

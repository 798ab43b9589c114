using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace TutorBot.Storage;

/// <summary>The app's tables, by logical name, created once at start-up.</summary>
public sealed class Tables
{
    public const string Conversations = "Conversations";
    public const string Programme = "Programme";

    private readonly TableServiceClient _service;
    private readonly string _prefix;
    private readonly IReadOnlyCollection<string> _names;

    public Tables(IOptions<StorageOptions> options, IOptions<StorageLayout> layout)
    {
        _names = layout.Value.Tables;
        var o = options.Value;
        _prefix = o.TablePrefix;
        var clientOptions = new TableClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = 4;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        clientOptions.AddPolicy(new StorageWrites.Policy(), HttpPipelinePosition.PerCall);
        _service = !string.IsNullOrEmpty(o.ConnectionString)
            ? new TableServiceClient(o.ConnectionString, clientOptions)
            : new TableServiceClient(
                o.TableServiceUri ?? throw new InvalidOperationException("Storage:ConnectionString or Storage:TableServiceUri is required."),
                ManagedIdentity(o.ClientId),
                clientOptions);
    }

    public TableClient this[string name] => _service.GetTableClient(_prefix + name);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in _names)
        {
            await this[name].CreateIfNotExistsAsync(cancellationToken);
        }
    }

    /// <summary>Reachability for <c>/readyz</c>: one cheap query on the service.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await foreach (var _ in this[Conversations].QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
        {
            break;
        }
    }

    internal static TokenCredential ManagedIdentity(string? clientId) =>
        string.IsNullOrEmpty(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
}

/// <summary>Creates the tables, queues and blob containers before the app takes traffic.</summary>
public sealed class StorageInitializer(Tables tables, Queues queues, Blobs blobs) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await tables.EnsureCreatedAsync(cancellationToken);
        await queues.EnsureCreatedAsync(cancellationToken);
        await blobs.EnsureCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

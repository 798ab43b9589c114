using Azure.Core;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace TutorBot.Storage;

/// <summary>
/// The app's Storage queues (fan-out, reminders), by logical name, created once at start-up. Queue names carry
/// the lower-cased table prefix so tests and environments can share one account.
/// </summary>
public sealed class Queues
{
    private readonly QueueServiceClient _service;
    private readonly string _prefix;
    private readonly IReadOnlyCollection<string> _names;

    public Queues(IOptions<StorageOptions> options, IOptions<StorageLayout> layout)
    {
        _names = layout.Value.Queues;
        var o = options.Value;
        _prefix = o.TablePrefix.ToLowerInvariant();
        var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = 4;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        _service = !string.IsNullOrEmpty(o.ConnectionString)
            ? new QueueServiceClient(o.ConnectionString, clientOptions)
            : new QueueServiceClient(
                o.QueueServiceUri ?? throw new InvalidOperationException("Storage:ConnectionString or Storage:QueueServiceUri is required."),
                Tables.ManagedIdentity(o.ClientId),
                clientOptions);
    }

    public QueueClient this[string name] => _service.GetQueueClient(_prefix + name);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in _names)
        {
            await this[name].CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}

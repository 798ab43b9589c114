using Azure.Core;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace TutorBot.Storage;

/// <summary>
/// The app's blob containers (partner logos), by logical name, created once at start-up. Container names carry
/// the lower-cased table prefix so tests and environments can share one account, as queues do.
/// </summary>
public sealed class Blobs
{
    private readonly BlobServiceClient _service;
    private readonly string _prefix;
    private readonly IReadOnlyCollection<string> _names;

    public Blobs(IOptions<StorageOptions> options, IOptions<StorageLayout> layout)
    {
        _names = layout.Value.Containers;
        var o = options.Value;
        _prefix = o.TablePrefix.ToLowerInvariant();
        var clientOptions = new BlobClientOptions();
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.MaxRetries = 4;
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        _service = !string.IsNullOrEmpty(o.ConnectionString)
            ? new BlobServiceClient(o.ConnectionString, clientOptions)
            : new BlobServiceClient(
                o.BlobServiceUri ?? throw new InvalidOperationException("Storage:ConnectionString or Storage:BlobServiceUri is required."),
                Tables.ManagedIdentity(o.ClientId),
                clientOptions);
    }

    public BlobContainerClient this[string name] => _service.GetBlobContainerClient(_prefix + name);

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var name in _names)
        {
            await this[name].CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}

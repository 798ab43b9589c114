using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TutorBot.Protocol.Auth;

/// <summary>
/// OpenID metadata and signing keys per metadata URL: cached, re-read after
/// <see cref="BotAuthOptions.MetadataRefreshInterval"/>, and re-read once on demand when a token names a key
/// the cache does not hold (key rollover), no more often than <see cref="BotAuthOptions.MinimumRefreshInterval"/>.
/// </summary>
/// <remarks>
/// IdentityModel's ConfigurationManager refreshes in the background and may answer with the old keys;
/// the bot needs the new keys before it answers, so it keeps this small cache instead.
/// </remarks>
public sealed class OpenIdMetadataCache(IHttpClientFactory httpClientFactory, IOptions<BotAuthOptions> options, TimeProvider clock)
{
    public const string HttpClientName = "openid-metadata";

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<OpenIdConnectConfiguration> GetAsync(string metadataUrl, CancellationToken cancellationToken = default)
    {
        var entry = _entries.GetOrAdd(metadataUrl, _ => new Entry());
        var current = entry.Configuration;
        if (current is not null && clock.GetUtcNow() - entry.FetchedAt < options.Value.MetadataRefreshInterval)
        {
            return current;
        }

        return await RefreshAsync(metadataUrl, entry, force: false, cancellationToken);
    }

    /// <summary>Re-reads the metadata because a token named an unknown key; false when refreshed too recently.</summary>
    public async Task<OpenIdConnectConfiguration?> RefreshForUnknownKeyAsync(string metadataUrl, CancellationToken cancellationToken = default)
    {
        var entry = _entries.GetOrAdd(metadataUrl, _ => new Entry());
        if (clock.GetUtcNow() - entry.FetchedAt < options.Value.MinimumRefreshInterval)
        {
            return null;
        }

        return await RefreshAsync(metadataUrl, entry, force: true, cancellationToken);
    }

    private async Task<OpenIdConnectConfiguration> RefreshAsync(string metadataUrl, Entry entry, bool force, CancellationToken cancellationToken)
    {
        var fetchedBefore = entry.FetchedAt;
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller refreshed while this one waited: use its result.
            if (entry.Configuration is not null && entry.FetchedAt != fetchedBefore)
            {
                return entry.Configuration;
            }

            if (!force && entry.Configuration is not null && clock.GetUtcNow() - entry.FetchedAt < options.Value.MetadataRefreshInterval)
            {
                return entry.Configuration;
            }

            var retriever = new HttpDocumentRetriever(httpClientFactory.CreateClient(HttpClientName))
            {
                RequireHttps = !IsLoopback(metadataUrl),
            };
            var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(metadataUrl, retriever, cancellationToken);
            entry.Configuration = configuration;
            entry.FetchedAt = clock.GetUtcNow();
            return configuration;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    // Plain HTTP is allowed only for a local issuer stand-in; the real issuers are HTTPS.
    private static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public OpenIdConnectConfiguration? Configuration { get; set; }
        public DateTimeOffset FetchedAt { get; set; } = DateTimeOffset.MinValue;
    }
}

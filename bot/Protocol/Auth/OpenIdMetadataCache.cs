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
/// When a read fails, the last keys stay in use for <see cref="BotAuthOptions.MetadataGracePeriod"/> after the
/// refresh was due, and reads are retried after a pause that doubles on each failure
/// (<see cref="BotAuthOptions.MetadataRetryDelay"/> up to <see cref="BotAuthOptions.MetadataRetryMaxDelay"/>):
/// requests arriving during a pause never read the metadata, so an issuer outage costs one read per pause.
/// </remarks>
public sealed partial class OpenIdMetadataCache(
    IHttpClientFactory httpClientFactory,
    IOptions<BotAuthOptions> options,
    TimeProvider clock,
    ILogger<OpenIdMetadataCache> logger)
{
    public const string HttpClientName = "openid-metadata";

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>The metadata to validate with; throws <see cref="MetadataUnavailableException"/> when there is none usable.</summary>
    public async Task<OpenIdConnectConfiguration> GetAsync(string metadataUrl, CancellationToken cancellationToken = default)
    {
        var entry = _entries.GetOrAdd(metadataUrl, _ => new Entry());
        if (Fresh(entry) is { } fresh)
        {
            return fresh;
        }

        if (InBackoff(entry))
        {
            return Usable(entry) ?? throw new MetadataUnavailableException(metadataUrl);
        }

        return await RefreshAsync(metadataUrl, entry, force: false, cancellationToken)
            ?? Usable(entry)
            ?? throw new MetadataUnavailableException(metadataUrl);
    }

    /// <summary>Re-reads the metadata because a token named an unknown key; null when refreshed too recently or the read failed.</summary>
    public async Task<OpenIdConnectConfiguration?> RefreshForUnknownKeyAsync(string metadataUrl, CancellationToken cancellationToken = default)
    {
        var entry = _entries.GetOrAdd(metadataUrl, _ => new Entry());
        if (clock.GetUtcNow() - entry.FetchedAt < options.Value.MinimumRefreshInterval || InBackoff(entry))
        {
            return null;
        }

        return await RefreshAsync(metadataUrl, entry, force: true, cancellationToken);
    }

    /// <summary>Reads the metadata unless another caller did meanwhile; null when the read failed.</summary>
    private async Task<OpenIdConnectConfiguration?> RefreshAsync(string metadataUrl, Entry entry, bool force, CancellationToken cancellationToken)
    {
        var attemptsBefore = entry.Attempts;
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            // Another caller read (or tried to) while this one waited: use its result rather than read again.
            if (entry.Attempts != attemptsBefore)
            {
                return entry.Failures == 0 ? entry.Configuration : null;
            }

            if (!force && Fresh(entry) is { } fresh)
            {
                return fresh;
            }

            if (InBackoff(entry))
            {
                return null;
            }

            entry.Attempts++;
            var retriever = new HttpDocumentRetriever(httpClientFactory.CreateClient(HttpClientName))
            {
                RequireHttps = !IsLoopback(metadataUrl),
            };
            try
            {
                var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(metadataUrl, retriever, cancellationToken);
                entry.Configuration = configuration;
                entry.FetchedAt = clock.GetUtcNow();
                entry.Failures = 0;
                entry.RetryAt = DateTimeOffset.MinValue;
                return configuration;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                entry.Failures++;
                var pause = Backoff(entry.Failures);
                entry.RetryAt = clock.GetUtcNow() + pause;
                if (Usable(entry) is not null)
                {
                    Log.StaleKeysInUse(logger, metadataUrl, entry.Failures, pause, ex);
                }
                else
                {
                    Log.NoKeys(logger, metadataUrl, entry.Failures, pause, ex);
                }

                return null;
            }
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private OpenIdConnectConfiguration? Fresh(Entry entry) =>
        entry.Configuration is { } c && clock.GetUtcNow() - entry.FetchedAt < options.Value.MetadataRefreshInterval ? c : null;

    /// <summary>The last keys read, while within the grace period that follows the due refresh.</summary>
    private OpenIdConnectConfiguration? Usable(Entry entry) =>
        entry.Configuration is { } c && clock.GetUtcNow() - entry.FetchedAt < options.Value.MetadataRefreshInterval + options.Value.MetadataGracePeriod ? c : null;

    private bool InBackoff(Entry entry) => entry.Failures > 0 && clock.GetUtcNow() < entry.RetryAt;

    private TimeSpan Backoff(int failures)
    {
        var first = options.Value.MetadataRetryDelay;
        var cap = options.Value.MetadataRetryMaxDelay;
        var doubled = first * Math.Pow(2, Math.Min(failures - 1, 30));
        return doubled > cap ? cap : doubled;
    }

    // Plain HTTP is allowed only for a local issuer stand-in; the real issuers are HTTPS.
    private static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public OpenIdConnectConfiguration? Configuration { get; set; }
        public DateTimeOffset FetchedAt { get; set; } = DateTimeOffset.MinValue;

        /// <summary>Reads tried so far, so a caller that waited on the gate sees that another one read meanwhile.</summary>
        public long Attempts { get; set; }

        /// <summary>Consecutive failed reads; 0 after a success.</summary>
        public int Failures { get; set; }

        public DateTimeOffset RetryAt { get; set; } = DateTimeOffset.MinValue;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "OpenID metadata {MetadataUrl} could not be read ({Failures} in a row); the last keys stay in use, next read after {Pause}")]
        public static partial void StaleKeysInUse(ILogger logger, string metadataUrl, int failures, TimeSpan pause, Exception exception);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "OpenID metadata {MetadataUrl} could not be read ({Failures} in a row) and no keys within the grace period remain; next read after {Pause}")]
        public static partial void NoKeys(ILogger logger, string metadataUrl, int failures, TimeSpan pause, Exception exception);
    }
}

/// <summary>No signing keys are usable for a metadata URL: never read, or older than refresh interval + grace period.</summary>
public sealed class MetadataUnavailableException(string metadataUrl) : Exception($"No usable OpenID metadata for {metadataUrl}.")
{
    public string MetadataUrl { get; } = metadataUrl;
}

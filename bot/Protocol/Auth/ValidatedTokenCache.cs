using System.Collections.Concurrent;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace TutorBot.Protocol.Auth;

/// <summary>
/// Bearer tokens this instance has fully validated, so the same token (the Bot Framework reuses one for its many
/// activities until it expires) costs one signature check instead of one per activity. A hit is only served by
/// <see cref="BotTokenValidator"/> while the token is within its lifetime (same clock skew) and while the issuer's
/// metadata is the very configuration the token was checked against: a refresh (keys published or withdrawn) or
/// metadata past its grace period sends the token through every check again. Refusals are never kept.
/// </summary>
internal sealed class ValidatedTokenCache
{
    /// <summary>Tokens kept at most; when full, expired ones go first and a new token is checked without being kept.</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>
    /// What the full check concluded for this token, while it has not expired before <paramref name="expiredBefore"/>
    /// (now minus the clock skew) and the issuer's current metadata is the configuration it was checked against;
    /// null sends it through the full check.
    /// </summary>
    public async Task<BotCaller?> FindAsync(string token, OpenIdMetadataCache metadata, DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        if (!_entries.TryGetValue(token, out var entry))
        {
            return null;
        }

        OpenIdConnectConfiguration? current;
        try
        {
            current = await metadata.GetAsync(entry.MetadataUrl, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            current = null;
        }

        if (ReferenceEquals(current, entry.Configuration) && entry.Expires >= expiredBefore)
        {
            return entry.Caller;
        }

        Remove(token);
        return null;
    }

    public void Add(string token, Entry entry, DateTimeOffset now)
    {
        if (Volatile.Read(ref _count) >= Capacity)
        {
            foreach (var (key, kept) in _entries)
            {
                if (kept.Expires < now)
                {
                    Remove(key);
                }
            }

            if (Volatile.Read(ref _count) >= Capacity)
            {
                return;
            }
        }

        if (_entries.TryAdd(token, entry))
        {
            Interlocked.Increment(ref _count);
        }
    }

    public void Remove(string token)
    {
        if (_entries.TryRemove(token, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <param name="Caller">What the full check concluded.</param>
    /// <param name="MetadataUrl">Where the token's issuer publishes its keys.</param>
    /// <param name="Configuration">The metadata (keys, endorsements) the token was checked against.</param>
    /// <param name="Expires">The token's <c>exp</c>.</param>
    public sealed record Entry(BotCaller Caller, string MetadataUrl, OpenIdConnectConfiguration Configuration, DateTimeOffset Expires);
}

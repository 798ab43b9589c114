using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace TutorBot.Protocol.Connector;

/// <summary>
/// The serviceUrls the bot's token may be sent to: those seen in validated activities and the configured
/// allow-list. Anything else could be an attacker's endpoint fishing for the bot's token.
/// </summary>
public sealed class ServiceUrlRegistry(IOptions<ConnectorOptions> options)
{
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.OrdinalIgnoreCase);

    public void Trust(string serviceUrl) => _seen.TryAdd(Normalise(serviceUrl), 0);

    public bool IsAllowed(string serviceUrl) => _seen.ContainsKey(Normalise(serviceUrl)) || IsConfigured(serviceUrl);

    /// <summary>On the configured allow-list (<see cref="ConnectorOptions.AllowedServiceUrls"/>), whatever activities said.</summary>
    public bool IsConfigured(string serviceUrl)
    {
        var url = Normalise(serviceUrl);
        return options.Value.AllowedServiceUrls.Any(prefix => url.StartsWith(Normalise(prefix), StringComparison.OrdinalIgnoreCase));
    }

    private static string Normalise(string url) => url.EndsWith('/') ? url : url + "/";
}

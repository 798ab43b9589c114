using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace TutorBot.Protocol.Connector;

/// <summary>
/// The bot's outbound token (PLATFORM.md §3) from Azure.Identity, cached until a few minutes before it expires.
/// </summary>
public sealed class ConnectorTokenProvider
{
    private static readonly TimeSpan RenewEarly = TimeSpan.FromMinutes(5);
    private readonly TokenCredential? _credential;
    private readonly string[] _scopes;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AccessToken? _cached;

    public ConnectorTokenProvider(IOptions<ConnectorOptions> options, TimeProvider clock, TokenCredential? credential = null)
    {
        var o = options.Value;
        _credential = credential ?? CreateCredential(o);
        _scopes = [o.Scope];
        _clock = clock;
    }

    /// <summary>False only in the Agents Playground mode, whose mock connector takes no token.</summary>
    public bool HasCredential => _credential is not null;

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken = default)
    {
        if (_credential is null)
        {
            return null;
        }

        if (_cached is { } token && token.ExpiresOn - RenewEarly > _clock.GetUtcNow())
        {
            return token.Token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } again && again.ExpiresOn - RenewEarly > _clock.GetUtcNow())
            {
                return again.Token;
            }

            var fresh = await _credential.GetTokenAsync(new TokenRequestContext(_scopes), cancellationToken);
            _cached = fresh;
            return fresh.Token;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static TokenCredential? CreateCredential(ConnectorOptions o)
    {
        var identityOptions = new ClientSecretCredentialOptions { DisableInstanceDiscovery = o.DisableInstanceDiscovery };
        if (o.AuthorityHost is not null)
        {
            identityOptions.AuthorityHost = o.AuthorityHost;
        }

        return o.Credential switch
        {
            "None" => null,
            "ClientSecret" => new ClientSecretCredential(Required(o.TenantId, "TenantId"), Required(o.ClientId, "ClientId"), Required(o.ClientSecret, "ClientSecret"), identityOptions),
            "Certificate" => new ClientCertificateCredential(
                Required(o.TenantId, "TenantId"),
                Required(o.ClientId, "ClientId"),
                X509CertificateLoader.LoadPkcs12FromFile(Required(o.CertificatePath, "CertificatePath"), null),
                new ClientCertificateCredentialOptions { AuthorityHost = identityOptions.AuthorityHost, DisableInstanceDiscovery = o.DisableInstanceDiscovery }),
            "UserAssignedMSI" => new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(Required(o.ClientId, "ClientId"))),
            _ => throw new InvalidOperationException($"Bot:Connector:Credential '{o.Credential}' is not one of None, ClientSecret, Certificate, UserAssignedMSI."),
        };
    }

    private static string Required(string? value, string name) =>
        string.IsNullOrWhiteSpace(value) ? throw new InvalidOperationException($"Bot:Connector:{name} is required for this credential.") : value;
}

using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TutorBot.Tests.Infrastructure;

/// <summary>
/// A self-signed certificate for 127.0.0.1 and localhost, made once per test run, and its PEM file: a child process
/// given <c>SSL_CERT_FILE</c> = <see cref="PemPath"/> trusts it (and nothing else, which a loopback-only run needs).
/// </summary>
public static class LoopbackCertificate
{
    private static readonly Lazy<(X509Certificate2 Certificate, string Pem)> Made = new(Make);

    public static X509Certificate2 Certificate => Made.Value.Certificate;

    public static string PemPath => Made.Value.Pem;

    private static (X509Certificate2, string) Make()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=TutorBot loopback stand-in", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        // Through PKCS#12 so the private key is usable by SslStream on every platform.
        var certificate = X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);
        var pem = Path.Combine(Path.GetTempPath(), $"tutorbot-loopback-{Environment.ProcessId}.pem");
        File.WriteAllText(pem, made.ExportCertificatePem());
        return (certificate, pem);
    }
}

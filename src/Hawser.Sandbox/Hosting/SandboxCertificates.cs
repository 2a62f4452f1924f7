using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hawser.Sandbox.Hosting;

/// <summary>
/// The sandbox's TLS material: a private CA and a server certificate for 127.0.0.1/localhost signed by it (ECDSA P-256),
/// generated once and kept as PEM files in a directory (<c>ca.crt</c>, <c>ca.key</c>, <c>server.crt</c>, <c>server.key</c>,
/// keys readable by the owner only). Reused on restart until the server certificate is within 30 days of expiry.
/// </summary>
internal sealed class SandboxCertificates
{
    private SandboxCertificates(string caPem, X509Certificate2 server)
    {
        CaCertificatePem = caPem;
        ServerCertificate = server;
    }

    public string CaCertificatePem { get; }
    public X509Certificate2 ServerCertificate { get; }

    public static SandboxCertificates LoadOrCreate(string directory, TimeProvider time)
    {
        var caCert = Path.Combine(directory, "ca.crt");
        var caKey = Path.Combine(directory, "ca.key");
        var serverCert = Path.Combine(directory, "server.crt");
        var serverKey = Path.Combine(directory, "server.key");
        var now = time.GetUtcNow();

        if (File.Exists(caCert) && File.Exists(serverCert) && File.Exists(serverKey))
        {
            var existing = X509Certificate2.CreateFromPemFile(serverCert, serverKey);
            if (existing.NotAfter.ToUniversalTime() > now.UtcDateTime.AddDays(30))
                return new SandboxCertificates(File.ReadAllText(caCert), existing);
            existing.Dispose();
        }

        using var caPrivate = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=hawser-sandbox-ca", caPrivate, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));

        using var serverPrivate = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=hawser-sandbox", serverPrivate, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = serverRequest.Create(ca, now.AddMinutes(-5), now.AddYears(1), serial);

        var caPem = ca.ExportCertificatePem();
        WriteSecret(caKey, caPrivate.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(caCert, caPem);
        WriteSecret(serverKey, serverPrivate.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(serverCert, signed.ExportCertificatePem());
        return new SandboxCertificates(caPem, X509Certificate2.CreateFromPemFile(serverCert, serverKey));
    }

    /// <summary>Writes a file only its owner can read (on Unix).</summary>
    public static void WriteSecret(string path, string content)
    {
        File.WriteAllText(path, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, content);
    }
}

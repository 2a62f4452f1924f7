using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>A throw-away CA that issues server and client certificates (RSA or EC) for TLS tests, with PEM exports.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly RSA _caKey = RSA.Create(2048);

    public TestCertificates(string name = "hawser-test-ca")
    {
        var request = new CertificateRequest($"CN={name}", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
    }

    public X509Certificate2 Authority { get; }

    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>A server certificate for the given DNS names and 127.0.0.1 (unless <paramref name="withLoopbackIp"/> is false).</summary>
    public X509Certificate2 IssueServer(IEnumerable<string> dnsNames, bool withLoopbackIp = true)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=kube-apiserver", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in dnsNames) san.AddDnsName(dns);
        if (withLoopbackIp) san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = Sign(request);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A client certificate and its key as PEM; <paramref name="ec"/> picks an EC (P-256, SEC1 "EC PRIVATE KEY") key over RSA (PKCS#1).</summary>
    public (string CertificatePem, string KeyPem) IssueClient(string commonName, bool ec)
    {
        using AsymmetricAlgorithm key = ec ? ECDsa.Create(ECCurve.NamedCurves.nistP256) : RSA.Create(2048);
        var request = key is ECDsa e
            ? new CertificateRequest($"CN={commonName}", e, HashAlgorithmName.SHA256)
            : new CertificateRequest($"CN={commonName}", (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var issued = Sign(request);
        var keyPem = key is ECDsa ec2 ? ec2.ExportECPrivateKeyPem() : ((RSA)key).ExportRSAPrivateKeyPem();
        return (issued.ExportCertificatePem(), keyPem);
    }

    private X509Certificate2 Sign(CertificateRequest request) =>
        request.Create(Authority.SubjectName, X509SignatureGenerator.CreateForRSA(_caKey, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));

    public void Dispose()
    {
        Authority.Dispose();
        _caKey.Dispose();
    }
}

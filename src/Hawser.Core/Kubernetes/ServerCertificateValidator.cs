using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Hawser.Kubernetes;

/// <summary>
/// Checks the API server's certificate as client-go does: against the cluster's CA bundle when it has one (only that bundle
/// is trusted), else against the system store; the name checked is <c>tls-server-name</c> when set, else the server's host.
/// <c>insecure-skip-tls-verify</c> accepts anything.
/// </summary>
internal sealed class ServerCertificateValidator(X509Certificate2Collection authorities, bool insecure, string expectedHost)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (insecure) return true;
        if (certificate is null) return false;
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (!leaf.MatchesHostname(expectedHost)) return false;
        if (authorities.Count == 0) return (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(authorities);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
        }
        return custom.Build(leaf);
    }
}

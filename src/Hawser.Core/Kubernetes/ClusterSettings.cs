using System.Security.Cryptography.X509Certificates;

namespace Hawser.Kubernetes;

/// <summary>
/// Everything needed to reach one cluster, resolved from a kubeconfig context or the in-cluster service account:
/// the server, how to trust it, how to authenticate, and the default namespace.
/// </summary>
internal sealed record ClusterSettings(
    string ContextName,
    Uri Server,
    string Namespace,
    X509Certificate2Collection CertificateAuthorities,
    bool InsecureSkipTlsVerify,
    string? TlsServerName,
    Uri? ProxyUrl,
    ICredentialSource Credentials)
{
    /// <summary>The host name the server's certificate must match.</summary>
    public string ExpectedHost => string.IsNullOrEmpty(TlsServerName) ? Server.IdnHost : TlsServerName;

    public override string ToString() => $"context {ContextName} ({Server})";
}

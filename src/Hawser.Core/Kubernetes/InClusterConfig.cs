using System.Net;

namespace Hawser.Kubernetes;

/// <summary>
/// The configuration of a pod's service account, as client-go's <c>rest.InClusterConfig</c>: the API server from
/// <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c>, the token (re-read as it rotates), CA and namespace from
/// <c>/var/run/secrets/kubernetes.io/serviceaccount</c>.
/// </summary>
internal static class InClusterConfig
{
    public const string DefaultDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Whether the process looks like it runs in a pod.</summary>
    public static bool IsAvailable(Func<string, string?> environment, string directory = DefaultDirectory) =>
        !string.IsNullOrEmpty(environment("KUBERNETES_SERVICE_HOST")) && File.Exists(Path.Combine(directory, "token"));

    public static ClusterSettings Load(Func<string, string?> environment, TimeProvider time, string directory = DefaultDirectory)
    {
        var host = environment("KUBERNETES_SERVICE_HOST");
        var port = environment("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
            throw new KubeconfigException("not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set");
        var tokenFile = Path.Combine(directory, "token");
        if (!File.Exists(tokenFile))
            throw new KubeconfigException($"not running in a cluster: {tokenFile} does not exist");
        var hostPart = IPAddress.TryParse(host, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        var caFile = Path.Combine(directory, "ca.crt");
        var namespaceFile = Path.Combine(directory, "namespace");
        var ns = File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : "";
        return new ClusterSettings(
            "in-cluster",
            new Uri($"https://{hostPart}:{port}"),
            ns.Length == 0 ? "default" : ns,
            PemCertificates.LoadAuthorities(File.Exists(caFile) ? caFile : null, null, "in-cluster service account"),
            false,
            null,
            null,
            new TokenFileCredentialSource(tokenFile, null, time));
    }
}

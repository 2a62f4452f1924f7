using Hawser.Kubernetes;
using Microsoft.Extensions.Logging;

namespace Hawser.Settings;

/// <summary>
/// Connects to the cluster a cluster Secret describes, as client-go would with Argo CD's <c>rest.Config</c>: the server,
/// its CA (<c>caData</c>) or <c>insecure</c>, <c>serverName</c>, then a bearer token, basic auth, a client certificate,
/// or an exec credential plugin. The Secret is never read as a file path: nothing in it may name a local file.
/// </summary>
public static class ClusterSecretConnection
{
    /// <summary>Opens a connection (nothing is sent until the first request).</summary>
    /// <exception cref="KubeconfigException">The Secret's certificates do not load, or an exec plugin is not allowed here.</exception>
    public static KubernetesConnection Connect(ClusterSecret cluster, bool execAllowed, KubernetesClientOptions? options = null,
        ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        var config = cluster.Config;
        var owner = $"cluster Secret {cluster.SecretName}";
        if (config.Exec is not null && !execAllowed)
            throw new KubeconfigException($"{owner}: execProviderConfig runs '{config.Exec.Command}' on the Hawser host, which is only allowed for settings read from Hawser's namespace or a settings directory the operator trusts (--settings-allow-exec)");

        var kubeCluster = new KubeconfigCluster(cluster.Name, cluster.Server, null, config.Tls.CaData, config.Tls.Insecure, config.Tls.ServerName, null, owner);
        var exec = config.Exec is { } e
            ? new ExecConfig(e.Command, e.Args, e.Env.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(), e.ApiVersion, e.InstallHint, ProvideClusterInfo: false, InteractiveMode: "Never")
            : null;
        var user = new KubeconfigUser(cluster.Name, null, config.Tls.CertData, null, config.Tls.KeyData?.Reveal(), config.BearerToken?.Reveal(), null,
            config.Username, config.Password?.Reveal(), exec, null, owner);
        var context = new KubeconfigContext(cluster.Name, cluster.Name, cluster.Name, null, owner);
        var file = new KubeconfigFile(owner, cluster.Name, [kubeCluster], [user], [context]);
        var settings = KubeconfigLoader.Resolve(file, cluster.Name, new KubeconfigLoadOptions(AllowExec: execAllowed, AllowLocalFiles: false), time ?? TimeProvider.System);
        return KubernetesClientFactory.Connect(settings, options, loggerFactory, time);
    }
}

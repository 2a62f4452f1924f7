namespace Hawser.Settings;

/// <summary>
/// A cluster Secret (<c>argocd.argoproj.io/secret-type: cluster</c>): a destination cluster and how to reach it.
/// Printing it never shows a credential.
/// </summary>
/// <param name="SecretName">The Secret's name.</param>
/// <param name="Name">The cluster's name (<c>name</c>; the server URL when absent), matched by <c>destination.name</c>.</param>
/// <param name="Server">The API server URL (<c>server</c>), matched by <c>destination.server</c>.</param>
/// <param name="Namespaces">The namespaces Hawser may manage there (<c>namespaces</c>, comma-separated); empty means all.</param>
/// <param name="ClusterResources">Whether cluster-scoped objects may be managed when <see cref="Namespaces"/> is set (<c>clusterResources</c>).</param>
/// <param name="Project">The project the cluster belongs to (<c>project</c>), or null.</param>
/// <param name="Labels">The Secret's labels (cluster generators select on them).</param>
/// <param name="Annotations">The Secret's annotations.</param>
/// <param name="Config">How to authenticate (<c>config</c>).</param>
/// <param name="Origin">Where the Secret was read.</param>
public sealed record ClusterSecret(
    string SecretName,
    string Name,
    string Server,
    IReadOnlyList<string> Namespaces,
    bool ClusterResources,
    string? Project,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    ClusterConfig Config,
    string Origin)
{
    /// <summary>Argo CD's address for the cluster it runs in.</summary>
    public const string InClusterServer = "https://kubernetes.default.svc";

    /// <summary>Argo CD's name for the cluster it runs in.</summary>
    public const string InClusterName = "in-cluster";

    /// <summary>Whether this Secret describes the local cluster (<c>https://kubernetes.default.svc</c>), reached with Hawser's own credentials.</summary>
    public bool IsInCluster => SameServer(Server, InClusterServer);

    /// <summary>Server URLs compared as Argo CD does: case-insensitive, ignoring a trailing slash.</summary>
    public static bool SameServer(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"cluster {Name} ({Server}) from Secret/{SecretName}";
}

/// <summary>The <c>config</c> JSON of a cluster Secret.</summary>
/// <param name="BearerToken"><c>bearerToken</c>.</param>
/// <param name="Username"><c>username</c> for basic auth.</param>
/// <param name="Password"><c>password</c> for basic auth.</param>
/// <param name="Tls"><c>tlsClientConfig</c>.</param>
/// <param name="Exec"><c>execProviderConfig</c>, or null.</param>
public sealed record ClusterConfig(SecretText? BearerToken, string? Username, SecretText? Password, ClusterTlsConfig Tls, ClusterExecConfig? Exec)
{
    public static ClusterConfig Empty { get; } = new(null, null, null, ClusterTlsConfig.Default, null);
}

/// <summary><c>tlsClientConfig</c>; certificate fields are base64 of PEM, as Argo CD stores them.</summary>
/// <param name="Insecure">Skip verification of the server's certificate.</param>
/// <param name="CaData">The CA bundle (base64 of PEM), or null for the system roots.</param>
/// <param name="CertData">The client certificate (base64 of PEM).</param>
/// <param name="KeyData">The client key (base64 of PEM).</param>
/// <param name="ServerName">The name to verify the server's certificate against, instead of the URL's host.</param>
public sealed record ClusterTlsConfig(bool Insecure, string? CaData, string? CertData, SecretText? KeyData, string? ServerName)
{
    public static ClusterTlsConfig Default { get; } = new(false, null, null, null, null);
}

/// <summary><c>execProviderConfig</c>: a client-go credential plugin run on the Hawser host.</summary>
public sealed record ClusterExecConfig(string Command, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string> Env, string ApiVersion, string? InstallHint)
{
    public override string ToString() => $"exec {Command} ({ApiVersion})";
}

/// <summary>
/// Every cluster Secret, and how a destination finds one: <c>destination.name</c> by cluster name, <c>destination.server</c>
/// by server URL. Whether their <c>execProviderConfig</c> commands may run depends on the source (see
/// <see cref="ISettingsSource.TrustsExecProviders"/>).
/// </summary>
public sealed record ClusterCatalog(IReadOnlyList<ClusterSecret> Clusters, bool ExecAllowed)
{
    public static ClusterCatalog Empty { get; } = new([], false);

    /// <summary>The cluster a destination names, or null when no cluster Secret matches (then the kubeconfig decides).</summary>
    public ClusterSecret? Find(string? name, string? server)
    {
        if (!string.IsNullOrEmpty(name)) return Clusters.FirstOrDefault(c => c.Name == name);
        if (!string.IsNullOrEmpty(server)) return Clusters.FirstOrDefault(c => ClusterSecret.SameServer(c.Server, server));
        return null;
    }
}

using Hawser.Kubernetes;
using Hawser.Settings;
using Microsoft.Extensions.Logging;

namespace Hawser.Apps;

/// <summary>
/// Connects an Application's destination to a cluster. A cluster Secret (<see cref="ClusterCatalog"/>) that the
/// destination names (by <c>name</c>) or addresses (by <c>server</c>) comes first, as in Argo CD; one for
/// <c>https://kubernetes.default.svc</c> is the local cluster below. Otherwise the user's kubeconfig decides:
/// <list type="bullet">
/// <item>Argo CD's in-cluster address <c>https://kubernetes.default.svc</c>, or the name <c>in-cluster</c>, is the kubeconfig's
/// current context (or the <c>--context</c> given), which is the sandbox when Hawser runs with <c>--sandbox</c>;</item>
/// <item>a destination <c>name</c> is a kubeconfig context;</item>
/// <item>a destination <c>server</c> is the context whose cluster has that server URL (the <c>--context</c> given first).</item>
/// </list>
/// One connection per context is kept and shared; dispose the connector to close them.
/// </summary>
public sealed class ClusterConnector : IDisposable
{
    /// <summary>Argo CD's address for the cluster it runs in.</summary>
    public const string InClusterServer = "https://kubernetes.default.svc";

    /// <summary>Argo CD's name for the cluster it runs in.</summary>
    public const string InClusterName = "in-cluster";

    private readonly string? _kubeconfigPath;
    private readonly string? _context;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly KubernetesClientOptions? _clientOptions;
    private readonly ClusterCatalog _catalog;
    private readonly Dictionary<string, KubernetesConnection> _connections = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <param name="kubeconfigPath">The <c>--kubeconfig</c> file, or null for <c>KUBECONFIG</c> / <c>~/.kube/config</c>.</param>
    /// <param name="context">The <c>--context</c>, or null for the current context.</param>
    /// <param name="clientOptions">Transport tuning (rate limit, retries) for every connection; the client's defaults when null.</param>
    /// <param name="clusters">Cluster Secrets from the settings; none when null.</param>
    public ClusterConnector(string? kubeconfigPath, string? context, ILoggerFactory? loggerFactory = null, KubernetesClientOptions? clientOptions = null,
        ClusterCatalog? clusters = null)
    {
        _catalog = clusters ?? ClusterCatalog.Empty;
        _clientOptions = clientOptions;
        _kubeconfigPath = kubeconfigPath;
        _context = context;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The cluster Secrets this connector knows (what ApplicationSet <c>clusters</c> generators target).</summary>
    public ClusterCatalog Catalog => _catalog;

    /// <summary>The connection for <paramref name="destination"/>.</summary>
    /// <exception cref="KubeconfigException">No cluster Secret or kubeconfig context matches the destination, or its credentials do not load.</exception>
    public KubernetesConnection Connect(ApplicationDestination destination)
    {
        if (_catalog.Find(destination.Name, destination.Server) is { IsInCluster: false } cluster)
        {
            lock (_lock)
            {
                var key = "secret:" + cluster.SecretName;
                if (_connections.TryGetValue(key, out var existing)) return existing;
                var connection = ClusterSecretConnection.Connect(cluster, _catalog.ExecAllowed, _clientOptions, _loggerFactory);
                _connections[key] = connection;
                return connection;
            }
        }
        var context = ContextFor(destination);
        lock (_lock)
        {
            var key = context ?? "";
            if (_connections.TryGetValue(key, out var existing)) return existing;
            var connection = KubernetesClientFactory.FromKubeconfig(_kubeconfigPath, context, allowExec: true, _clientOptions, _loggerFactory);
            _connections[key] = connection;
            return connection;
        }
    }

    /// <summary>
    /// The destination cluster's version and API versions for manifest generation (<c>KUBE_VERSION</c>, <c>KUBE_API_VERSIONS</c>);
    /// <see cref="ServerCapabilities.Unknown"/> when the cluster cannot be reached, which the comparison then reports.
    /// </summary>
    public async Task<ServerCapabilities> CapabilitiesAsync(ApplicationDestination destination, CancellationToken cancellationToken)
    {
        try
        {
            return await Connect(destination).Client.GetCapabilitiesAsync(cancellationToken);
        }
        catch (Exception e) when (e is KubeconfigException or KubernetesApiException or HttpRequestException)
        {
            return ServerCapabilities.Unknown;
        }
    }

    /// <summary>
    /// The destination's cluster as Argo CD names it by URL (what <c>resource.exclusions</c> cluster globs match): the
    /// <c>server</c>, else the server of the cluster Secret the <c>name</c> refers to, else <c>https://kubernetes.default.svc</c>
    /// for <c>in-cluster</c>, else the name itself.
    /// </summary>
    public string ClusterServer(ApplicationDestination destination) =>
        destination.Server is { Length: > 0 } server ? server
        : _catalog.Find(destination.Name, null)?.Server ?? (destination.Name is null or InClusterName ? InClusterServer : destination.Name);

    /// <summary>
    /// The Application with its destination's server filled in from the cluster a <c>name</c> refers to (a cluster Secret, or
    /// <c>in-cluster</c>), as Argo CD resolves it before checking the project's destinations (so <c>server: '*'</c> allows
    /// a destination given by name). Unchanged when the server is set or the name is not a known cluster.
    /// </summary>
    public Application WithResolvedServer(Application app)
    {
        var destination = app.Spec.Destination;
        if (destination.Server is { Length: > 0 } || destination.Name is not { Length: > 0 } name) return app;
        var server = _catalog.Find(name, null)?.Server ?? (name == InClusterName ? InClusterServer : null);
        return server is null ? app : app with { Spec = app.Spec with { Destination = destination with { Server = server } } };
    }

    private string? ContextFor(ApplicationDestination destination)
    {
        if (destination.Name is { Length: > 0 } name)
            return name == InClusterName || _catalog.Find(name, null) is { IsInCluster: true } ? _context : name;
        var server = destination.Server ?? InClusterServer;
        if (SameServer(server, InClusterServer)) return _context;

        var contexts = KubernetesClientFactory.ListContexts(_kubeconfigPath);
        var matching = contexts.Where(c => SameServer(c.Server, server)).ToList();
        return (matching.FirstOrDefault(c => c.Name == _context) ?? matching.FirstOrDefault(c => c.IsCurrent) ?? matching.FirstOrDefault())?.Name
            ?? throw new KubeconfigException($"destination server {server} matches no cluster of the kubeconfig (known servers: {string.Join(", ", contexts.Select(c => c.Server).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal))})");
    }

    private static bool SameServer(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var connection in _connections.Values) connection.Dispose();
            _connections.Clear();
        }
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Kubernetes;

/// <summary>
/// The entry point to a cluster. The Kubernetes stage in one page:
/// <list type="bullet">
/// <item><b>Configuration</b>: kubeconfig files are found and merged as kubectl does (<c>--kubeconfig</c>, else every file of
/// <c>KUBECONFIG</c>, else <c>~/.kube/config</c>; first definition of a name wins), a context is chosen (<c>--context</c> or
/// <c>current-context</c>) and resolved: server, CA (file or data), <c>insecure-skip-tls-verify</c>, <c>tls-server-name</c>,
/// <c>proxy-url</c>, client certificate and key (RSA, EC, PKCS#8), token, <c>tokenFile</c>, basic auth, or an exec credential
/// plugin (cached until its expiry). Kubeconfigs that did not come from the user are loaded with
/// <see cref="KubeconfigLoadOptions.Untrusted"/>: no exec plugins, no local files (Flux CVE-2022-24817).</item>
/// <item><b>Transport</b>: one pooled HTTP/2-capable connection set per cluster, gzip, QPS/burst limit, timeouts, and
/// retries with jittered exponential backoff (429 with <c>Retry-After</c>, 5xx and broken connections; never a blind
/// re-send of a create).</item>
/// <item><b>Discovery</b>: aggregated discovery with legacy fallback, cached, refreshed on a miss.</item>
/// <item><b>Operations</b>: <see cref="IKubernetesClient"/> (get, list, create, update, status, server-side apply, patch,
/// delete, watch) and <see cref="Informers"/> (list + watch cache). Failures are <see cref="KubernetesApiException"/>s
/// naming the object as <c>Kind/namespace/name</c>.</item>
/// </list>
/// </summary>
public static class KubernetesClientFactory
{
    /// <summary>
    /// Connects with a kubeconfig the user gave, as kubectl would with the same <c>--kubeconfig</c> and <c>--context</c>.
    /// </summary>
    /// <param name="path">The <c>--kubeconfig</c> file, or null for <c>KUBECONFIG</c> / <c>~/.kube/config</c>.</param>
    /// <param name="context">The <c>--context</c>, or null for <c>current-context</c>.</param>
    /// <param name="allowExec">Whether exec credential plugins may run; true for the user's own kubeconfig.</param>
    /// <exception cref="KubeconfigException">No kubeconfig, unknown context, unreadable certificate, refused plugin.</exception>
    public static KubernetesConnection FromKubeconfig(
        string? path = null,
        string? context = null,
        bool allowExec = true,
        KubernetesClientOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null)
    {
        var file = KubeconfigLoader.LoadMerged(path, Environment.GetEnvironmentVariable("KUBECONFIG"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        var settings = KubeconfigLoader.Resolve(file, context, new KubeconfigLoadOptions(AllowExec: allowExec), time ?? TimeProvider.System);
        return Connect(settings, options, loggerFactory, time);
    }

    /// <summary>
    /// Connects with kubeconfig text that came from somewhere else (a cluster Secret, Git, an API request).
    /// By default it is untrusted: exec plugins, auth providers and local file references are refused.
    /// </summary>
    public static KubernetesConnection FromKubeconfigText(
        string kubeconfig,
        string? context = null,
        KubeconfigLoadOptions? trust = null,
        KubernetesClientOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null)
    {
        var file = KubeconfigParser.Parse(kubeconfig, null);
        var settings = KubeconfigLoader.Resolve(file, context, trust ?? KubeconfigLoadOptions.Untrusted, time ?? TimeProvider.System);
        return Connect(settings, options, loggerFactory, time);
    }

    /// <summary>
    /// The contexts of the kubeconfig kubectl would read (same lookup and merge rules as <see cref="FromKubeconfig"/>),
    /// ordered by name, e.g. to find the context whose cluster has a given server URL. Nothing is connected or run.
    /// </summary>
    public static IReadOnlyList<KubeconfigContextInfo> ListContexts(string? path = null)
    {
        var file = KubeconfigLoader.LoadMerged(path, Environment.GetEnvironmentVariable("KUBECONFIG"), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        return file.Contexts
            .Select(c => new KubeconfigContextInfo(
                c.Name,
                c.Cluster,
                file.Clusters.FirstOrDefault(k => k.Name == c.Cluster)?.Server ?? "",
                string.IsNullOrEmpty(c.Namespace) ? "default" : c.Namespace,
                c.Name == file.CurrentContext))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Connects with the pod's service account (client-go's <c>InClusterConfig</c>).</summary>
    public static KubernetesConnection InCluster(KubernetesClientOptions? options = null, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        var settings = InClusterConfig.Load(Environment.GetEnvironmentVariable, time ?? TimeProvider.System);
        return Connect(settings, options, loggerFactory, time);
    }

    /// <summary>Whether <see cref="InCluster"/> can work here (a service-account token and the service environment).</summary>
    public static bool IsInCluster => InClusterConfig.IsAvailable(Environment.GetEnvironmentVariable);

    internal static KubernetesConnection Connect(ClusterSettings settings, KubernetesClientOptions? options, ILoggerFactory? loggerFactory, TimeProvider? time)
    {
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Hawser.Kubernetes");
        var client = new KubernetesClient(settings, options ?? KubernetesClientOptions.Default, time ?? TimeProvider.System, logger);
        return new KubernetesConnection(client, settings.Namespace, settings.Server, settings.ContextName);
    }
}

/// <summary>
/// A client for one cluster with what the kubeconfig context said about it. Dispose it to close its connections;
/// create one per cluster and share it (it is thread-safe and pools connections).
/// </summary>
/// <param name="Client">The client.</param>
/// <param name="Namespace">The context's namespace (<c>default</c> when it names none); objects without a namespace go there.</param>
/// <param name="Server">The API server URL.</param>
/// <param name="Context">The context name (<c>in-cluster</c> for the service account).</param>
public sealed record KubernetesConnection(IKubernetesClient Client, string Namespace, Uri Server, string Context) : IDisposable
{
    public void Dispose() => (Client as IDisposable)?.Dispose();
}

/// <summary>One kubeconfig context as <see cref="KubernetesClientFactory.ListContexts"/> reports it.</summary>
/// <param name="Name">The context name.</param>
/// <param name="Cluster">The cluster entry it names.</param>
/// <param name="Server">That cluster's server URL, as written (empty when the cluster is missing).</param>
/// <param name="Namespace">The context's namespace, <c>default</c> when it names none.</param>
/// <param name="IsCurrent">Whether it is the <c>current-context</c>.</param>
public sealed record KubeconfigContextInfo(string Name, string Cluster, string Server, string Namespace, bool IsCurrent);

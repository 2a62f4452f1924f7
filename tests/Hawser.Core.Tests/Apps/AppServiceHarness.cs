using Hawser.Apps;
using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Rendering;
using Hawser.Sandbox;
using Hawser.Sources;
using Hawser.State;
using Hawser.Sync;
using Hawser.Testing;

namespace Hawser.Core.Tests.Apps;

/// <summary>
/// The whole standalone pipeline on real parts: a Git repository (file remote), the git CLI, the sandbox API server over
/// HTTPS, the Kubernetes client, a SQLite state store.
/// </summary>
internal sealed class AppServiceHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly SandboxServer _sandbox;
    private readonly ClusterConnector _clusters;

    private AppServiceHarness(TempDirectory dir, SandboxServer sandbox, ClusterConnector clusters, IStateStore store, AppService service, GitTestRepository repo, KubernetesConnection connection)
    {
        _dir = dir;
        _sandbox = sandbox;
        _clusters = clusters;
        Store = store;
        Service = service;
        Repo = repo;
        Connection = connection;
    }

    public IStateStore Store { get; }
    public AppService Service { get; }
    public GitTestRepository Repo { get; }
    public KubernetesConnection Connection { get; }
    public IKubernetesClient Client => Connection.Client;

    public static async Task<AppServiceHarness> StartAsync(CancellationToken cancellationToken, Func<IStateStore, AppProjects>? projects = null)
    {
        var dir = new TempDirectory("hawser-apps");
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Simulation = new Sandbox.Simulation.SimulationOptions { Delay = TimeSpan.FromMilliseconds(100) } }, cancellationToken);
        var repo = await GitTestRepository.InitAsync(Path.Combine(dir.Path, "config"), cancellationToken);
        var store = await StateStores.OpenSqliteAsync(Path.Combine(dir.Path, "data"), TimeProvider.System, cancellationToken);
        var git = new GitSource(new GitSourceOptions(Path.Combine(dir.Path, "cache", "git")));
        var renderer = new AppRenderer(new AppRendererOptions(Path.Combine(dir.Path, "scratch")) { RevisionCacheDuration = TimeSpan.Zero }, git, cache: new RenderCache());
        var clusters = new ClusterConnector(sandbox.KubeconfigPath, null);
        var service = new AppService(renderer, clusters, store, HealthAssessor.Create(), engineSettings: new SyncEngineSettings(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30)), projects: projects?.Invoke(store));
        var connection = clusters.Connect(new ApplicationDestination(ClusterConnector.InClusterServer, null, ""));
        return new AppServiceHarness(dir, sandbox, clusters, store, service, repo, connection);
    }

    /// <summary>An Application of the test repository, as a definition.</summary>
    public AppDefinition App(string name, string path, string ns, string extraSpec = "", string metadata = "", string project = "default")
    {
        var yaml = $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: {name}
              namespace: argocd
            {metadata}
            spec:
              project: {project}
              source:
                repoURL: {Repo.Path}
                path: {path}
                targetRevision: main
              destination:
                server: https://kubernetes.default.svc
                namespace: {ns}
            {extraSpec}
            """;
        return AppDefinition.Read(yaml, $"{name}.yaml").Apps.Single();
    }

    /// <summary>A ConfigMap manifest.</summary>
    public static string ConfigMap(string name, string value) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n  value: \"{value}\"\n";

    public async Task<KubeObject?> GetAsync(string apiVersion, string kind, string ns, string name, CancellationToken cancellationToken) =>
        await Client.GetAsync(GroupVersionKind.From(apiVersion, kind), ns, name, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _clusters.Dispose();
        await Store.DisposeAsync();
        await _sandbox.DisposeAsync();
        _dir.Dispose();
    }
}

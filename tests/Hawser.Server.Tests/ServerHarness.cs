using Hawser.Controller;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Sandbox;
using Hawser.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Server.Tests;

/// <summary>
/// A real setting for the controller: the sandbox over HTTPS, a Git repository the test commits to (its <c>apps/</c>
/// directory is the server's root: <c>--repo PATH --path apps</c>), and <c>hawser server</c> in process, polling the
/// repository every second.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private static readonly GroupVersionKind ConfigMapKind = new("", "v1", "ConfigMap");
    private readonly TempDirectory _dir = new("hawser-server");
    private KubernetesConnection? _cluster;

    private ServerHarness(SandboxServer sandbox) => Sandbox = sandbox;

    public SandboxServer Sandbox { get; }

    public GitTestRepository Repo { get; private set; } = null!;

    public HawserServer? Server { get; private set; }

    /// <summary>The repository's URL (file://, so it is fetched with git rather than read as a plain directory).</summary>
    public string RepoUrl => "file://" + Repo.Path;

    public AppController Controller => Server!.Controller;

    public string DataDirectory => Path.Combine(_dir.Path, "data");

    /// <summary>A client of the sandbox, as a user with kubectl would have.</summary>
    public IKubernetesClient Cluster => (_cluster ??= KubernetesClientFactory.FromKubeconfig(Sandbox.KubeconfigPath, null)).Client;

    public static async Task<ServerHarness> CreateAsync(TimeSpan? simulationDelay = null)
    {
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Simulation = new Sandbox.Simulation.SimulationOptions { Delay = simulationDelay ?? TimeSpan.FromMilliseconds(100) } }, CancellationToken.None);
        var harness = new ServerHarness(sandbox);
        harness.Repo = await GitTestRepository.InitAsync(Path.Combine(harness._dir.Path, "config"), CancellationToken.None);
        return harness;
    }

    /// <summary>Starts (or restarts) the server on the same data directory.</summary>
    public async Task StartServerAsync(Func<ServerOptions, ServerOptions>? configure = null)
    {
        var controller = ControllerOptions.Default with
        {
            ReconcileInterval = TimeSpan.FromMinutes(5),
            ReconcileJitter = TimeSpan.Zero,
            RepoPollInterval = TimeSpan.FromSeconds(1),
            SelfHealBackoff = TimeSpan.FromMilliseconds(500),
        };
        var options = new ServerOptions("127.0.0.1:0", DataDirectory, [new RootSource.Repository(RepoUrl, "apps", "main")], Sandbox.KubeconfigPath, null, controller)
        {
            HealthTimeout = TimeSpan.FromSeconds(20),
        };
        Server = await HawserServer.StartAsync(configure?.Invoke(options) ?? options, Logging, CancellationToken.None);
    }

    public async Task StopServerAsync()
    {
        if (Server is not null) await Server.DisposeAsync();
        Server = null;
    }

    /// <summary>An automated Application of this repository's <paramref name="path"/> into namespace <paramref name="ns"/>.</summary>
    public string Application(string name, string path, string ns, string syncPolicy = "automated: {prune: true, selfHeal: true}", string annotations = "", string extra = "") => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: {name}
          annotations: {(annotations.Length == 0 ? "{}" : annotations)}
        spec:
          project: default
          source: {"{"}repoURL: {RepoUrl}, targetRevision: main, path: {path}{"}"}
          destination: {"{"}server: https://kubernetes.default.svc, namespace: {ns}{"}"}
          syncPolicy:
            {syncPolicy}
            syncOptions: [CreateNamespace=true]
        {extra}
        """;

    public static string ConfigMap(string name, string value) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {"{"}name: {name}{"}"}
        data: {"{"}value: "{value}"{"}"}
        """;

    /// <summary>The live value of a ConfigMap written by <see cref="ConfigMap"/>, or null when it does not exist.</summary>
    public async Task<string?> ConfigMapValueAsync(string ns, string name)
    {
        var live = await Cluster.GetAsync(ConfigMapKind, ns, name, CancellationToken.None);
        return live?.Body["data"]?["value"]?.GetValue<string>();
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) Assert.Fail($"timed out waiting for: {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>Polls <paramref name="condition"/>; on timeout the failure lists every app's status and conditions.</summary>
    public async Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline) Assert.Fail($"timed out waiting for: {what}\n{DescribeApps()}");
            await Task.Delay(100);
        }
    }

    private string DescribeApps() => Server is null ? "(no server)" : string.Join("\n", Controller.Catalog.Entries.Keys.Order(StringComparer.Ordinal).Select(name =>
        Controller.StatusOf(name) is { } s
            ? $"  {name}: {s.Sync}, {s.Health.Status} {s.Health.Message}; " + string.Join("; ", s.Conditions.Select(c => $"{c.Type}: {c.Message}"))
            : $"  {name}: not refreshed"));

    /// <summary>True when the app's last refresh found it Synced and Healthy.</summary>
    public bool SyncedAndHealthy(string app) => Controller.StatusOf(app) is { IsSyncedAndHealthy: true };

    // HAWSER_TEST_LOG=1 shows the server's log on the console (for debugging a test).
    private static readonly Microsoft.Extensions.Logging.ILoggerFactory Logging = Environment.GetEnvironmentVariable("HAWSER_TEST_LOG") == "1"
        ? Microsoft.Extensions.Logging.LoggerFactory.Create(b => Microsoft.Extensions.Logging.ConsoleLoggerExtensions.AddConsole(b))
        : NullLoggerFactory.Instance;

    public async ValueTask DisposeAsync()
    {
        await StopServerAsync();
        _cluster?.Dispose();
        await Sandbox.DisposeAsync();
        _dir.Dispose();
    }
}

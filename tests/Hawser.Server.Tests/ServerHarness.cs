using Hawser.Controller;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Sandbox;
using Hawser.Testing;

namespace Hawser.Server.Tests;

/// <summary>
/// A real setting for the controller: the sandbox over HTTPS, a Git repository the test commits to (its <c>apps/</c>
/// directory is the server's root: <c>--repo PATH --path apps</c>), and <c>hawser server</c> in process, polling the
/// repository every second. Every log line the server writes is kept (<see cref="Logs"/>); on dispose the log, the state files
/// of the data directory and the API responses a test recorded are scanned for every Secret value in the sandbox and every
/// value the test forbade (<see cref="ForbidInOutput"/>): a leak fails the test.
/// </summary>
internal sealed class ServerHarness : IAsyncDisposable
{
    private static readonly GroupVersionKind ConfigMapKind = new("", "v1", "ConfigMap");
    private static readonly GroupVersionKind SecretKind = new("", "v1", "Secret");
    private readonly TempDirectory _dir = new("hawser-server");
    private readonly List<string> _forbidden = [];
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _apiResponses = new();
    private KubernetesConnection? _cluster;

    private ServerHarness(SandboxServer sandbox) => Sandbox = sandbox;

    public SandboxServer Sandbox { get; }

    public GitTestRepository Repo { get; private set; } = null!;

    public HawserServer? Server { get; private set; }

    /// <summary>The repository's URL (file://, so it is fetched with git rather than read as a plain directory).</summary>
    public string RepoUrl => "file://" + Repo.Path;

    public AppController Controller => Server!.Controller;

    public string DataDirectory => Path.Combine(_dir.Path, "data");

    /// <summary>Every line the server logged, at every level.</summary>
    public ServerLogCapture Logs { get; } = new();

    /// <summary>A credential or secret value that must never appear in a log line, a state file or a recorded API response.</summary>
    public void ForbidInOutput(string value) => _forbidden.Add(value);

    /// <summary>Keeps an API response body for the leak scan on dispose.</summary>
    public void RecordApiResponse(string body) => _apiResponses.Enqueue(body);

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
        Server = await HawserServer.StartAsync(configure?.Invoke(options) ?? options, Logs.Factory, CancellationToken.None);
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

    /// <summary>Polls <paramref name="condition"/>; on timeout the failure lists every app's status and conditions and the server's last log lines.</summary>
    public async Task EventuallyAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline) Assert.Fail($"timed out waiting for: {what}\n{DescribeApps()}\nthe server's last log lines:\n{string.Join("\n", Logs.Lines.TakeLast(80))}");
            await Task.Delay(100);
        }
    }

    private string DescribeApps() => Server is null ? "(no server)" : string.Join("\n", Controller.Catalog.Entries.Keys.Order(StringComparer.Ordinal).Select(name =>
        Controller.StatusOf(name) is { } s
            ? $"  {name}: {s.Sync}, {s.Health.Status} {s.Health.Message}; " + string.Join("; ", s.Conditions.Select(c => $"{c.Type}: {c.Message}"))
            : $"  {name}: not refreshed"));

    /// <summary>True when the app's last refresh found it Synced and Healthy.</summary>
    public bool SyncedAndHealthy(string app) => Controller.StatusOf(app) is { IsSyncedAndHealthy: true };

    public async ValueTask DisposeAsync()
    {
        List<string> leaks;
        try
        {
            await StopServerAsync();
            leaks = FindLeaks([.. _forbidden, .. await SecretValuesAsync()]);
        }
        finally
        {
            _cluster?.Dispose();
            await Sandbox.DisposeAsync();
            Logs.Factory.Dispose();
            _dir.Dispose();
        }
        Assert.True(leaks.Count == 0, "secret values leaked:\n" + string.Join("\n", leaks));
    }

    // Every value of every Secret in the sandbox long enough not to match by chance.
    private async Task<List<string>> SecretValuesAsync()
    {
        var values = new List<string>();
        foreach (var secret in (await Cluster.ListAsync(SecretKind, new ListOptions(""), CancellationToken.None)).Items)
        {
            if (secret.Body["data"] is not System.Text.Json.Nodes.JsonObject data) continue;
            foreach (var (_, value) in data)
            {
                var text = value?.GetValue<string>() is { } encoded ? System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded)) : "";
                if (text.Length >= 8) values.Add(text);
            }
        }
        return values;
    }

    // Where each value shows up: a log line, a state file (the data directory without its caches and scratch space), an API response.
    private List<string> FindLeaks(IReadOnlyList<string> values)
    {
        var leaks = new List<string>();
        if (values.Count == 0) return leaks;
        foreach (var line in Logs.Lines)
            leaks.AddRange(values.Where(v => line.Contains(v, StringComparison.Ordinal)).Select(v => $"log line: {line.Replace(v, "<secret>", StringComparison.Ordinal)}"));
        if (Directory.Exists(DataDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(DataDirectory, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(DataDirectory, file);
                if (relative.StartsWith("cache" + Path.DirectorySeparatorChar, StringComparison.Ordinal) || relative.StartsWith("scratch" + Path.DirectorySeparatorChar, StringComparison.Ordinal)) continue;
                var text = System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(file));
                leaks.AddRange(values.Where(v => text.Contains(v, StringComparison.Ordinal)).Select(_ => $"state file: {relative}"));
            }
        }
        foreach (var body in _apiResponses)
            leaks.AddRange(values.Where(v => body.Contains(v, StringComparison.Ordinal)).Select(_ => $"API response: {body[..Math.Min(body.Length, 200)]}"));
        return leaks.Distinct().ToList();
    }
}

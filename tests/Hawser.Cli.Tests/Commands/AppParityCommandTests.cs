using Hawser.Sandbox;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary>The <c>app</c> verbs on the defects of issue 10: dry-run wording, history IDs, health after a sync, unserved kinds.</summary>
public sealed class AppParityCommandTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _dir = new("hawser-cli-parity");
    private SandboxServer _sandbox = null!;
    private GitTestRepository _repo = null!;

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { Simulation = new Sandbox.Simulation.SimulationOptions { Delay = TimeSpan.FromMilliseconds(100) } }, Ct);
        _repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "config"), Ct);
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Dry_run_says_what_the_sync_would_do_and_get_shows_the_history_id_rollback_takes()
    {
        await _repo.Write("web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {value: one}\n").CommitAsync("one", Ct);
        var app = WriteApp("web");

        var dryRun = await RunAsync("app", "sync", "-f", app, "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.StandardOutput + dryRun.StandardError);
        Assert.Contains("WOULD", dryRun.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"ConfigMap/web/settings\s+create", dryRun.StandardOutput);
        Assert.DoesNotContain("Missing", dryRun.StandardOutput, StringComparison.Ordinal);

        Assert.Equal(0, (await RunAsync("app", "sync", "-f", app)).ExitCode);
        await _repo.Write("web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {value: two}\n").CommitAsync("two", Ct);
        var configure = await RunAsync("app", "sync", "-f", app, "--dry-run");
        Assert.Matches(@"ConfigMap/web/settings\s+configure", configure.StandardOutput);

        var sync = await RunAsync("app", "sync", "-f", app);
        Assert.Contains("app web: sync 1 Succeeded", sync.StandardOutput, StringComparison.Ordinal);
        var get = await RunAsync("app", "get", "-f", app);
        Assert.Contains("Last Sync:   Succeeded (history ID 1, ", get.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_succeeds_while_the_app_progresses_and_exits_3_unless_it_becomes_healthy()
    {
        await _repo.Write("web/deploy.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, annotations: {sandbox.hawser.io/simulate: pending}}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: nginx}]}
            """).CommitAsync("pending", Ct);
        var app = WriteApp("web");

        var noWait = await RunAsync("app", "sync", "-f", app, "--no-wait-health");
        Assert.True(noWait.ExitCode == 3, noWait.StandardOutput + noWait.StandardError);
        Assert.Contains("sync 0 Succeeded", noWait.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("health: Progressing", noWait.StandardOutput, StringComparison.Ordinal);

        var waited = await RunAsync("app", "sync", "-f", app, "--timeout", "00:00:01");
        Assert.Equal(3, waited.ExitCode);
        Assert.Contains("health: Progressing", waited.StandardOutput, StringComparison.Ordinal);

        var help = await RunAsync("app", "sync", "--help");
        Assert.Contains("--no-wait-health", help.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("waits until the app is healthy", help.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_of_an_app_with_unserved_kinds_lists_them_missing_and_names_every_kind()
    {
        await _repo.Write("web/all.yaml", """
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: tls}
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata: {name: web}
            """).CommitAsync("crs", Ct);
        var get = await RunAsync("app", "get", "-f", WriteApp("web"));
        Assert.True(get.ExitCode == 3, get.StandardOutput + get.StandardError);
        Assert.Matches(@"cert-manager.io\s+Certificate\s+web\s+tls\s+Missing", get.StandardOutput);
        Assert.Matches(@"monitoring.coreos.com\s+ServiceMonitor\s+web\s+web\s+Missing", get.StandardOutput);
        Assert.Contains("cert-manager.io/v1 Certificate, monitoring.coreos.com/v1 ServiceMonitor", get.StandardError, StringComparison.Ordinal);
    }

    private Task<Hawser.Processes.ProcessResult> RunAsync(params string[] arguments) =>
        HawserProcess.RunAsync(Path.Combine(_dir.Path, "data"), [.. arguments, .. (arguments.Length > 2 ? new[] { "--kubeconfig", _sandbox.KubeconfigPath } : [])]);

    private string WriteApp(string name) => _dir.Write($"{name}.yaml", $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {"{"}name: {name}, namespace: argocd{"}"}
        spec:
          project: default
          source: {"{"}repoURL: {_repo.Path}, path: {name}, targetRevision: main{"}"}
          destination: {"{"}server: https://kubernetes.default.svc, namespace: {name}{"}"}
          syncPolicy: {"{"}syncOptions: [CreateNamespace=true]{"}"}
        """);
}

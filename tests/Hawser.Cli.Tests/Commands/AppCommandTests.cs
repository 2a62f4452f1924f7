using System.Text.Json.Nodes;
using Hawser.Sandbox;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary>The <c>app</c> verbs as a user runs them: the real command, a real Git repository, the sandbox over HTTPS.</summary>
public sealed class AppCommandTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _dir = new("hawser-cli-app");
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
    public async Task Diff_sync_get_history_rollback_and_delete_use_the_documented_exit_codes()
    {
        var first = await _repo.Write("web/cm.yaml", ConfigMap("one")).CommitAsync("one", Ct);
        var app = WriteApp("web", "web", "");

        var diff = await RunAsync("app", "diff", "-f", app);
        Assert.Equal(3, diff.ExitCode);
        Assert.Contains("+  value: one", diff.StandardOutput, StringComparison.Ordinal);

        var sync = await RunAsync("app", "sync", "-f", app);
        Assert.True(sync.ExitCode == 0, sync.StandardOutput + sync.StandardError);
        Assert.Contains("Succeeded", sync.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ConfigMap/web/settings", sync.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("app", "diff", "-f", app)).ExitCode);

        var get = await RunAsync("app", "get", "-f", app, "-o", "json");
        Assert.Equal(0, get.ExitCode);
        var status = JsonNode.Parse(get.StandardOutput)!;
        Assert.Equal("Synced", status["sync"]!["status"]!.GetValue<string>());
        Assert.Equal("settings", status["resources"]![0]!["name"]!.GetValue<string>());

        await _repo.Write("web/cm.yaml", ConfigMap("two")).CommitAsync("two", Ct);
        Assert.Equal(0, (await RunAsync("app", "sync", "-f", app)).ExitCode);
        var history = await RunAsync("app", "history", "web");
        Assert.Equal(0, history.ExitCode);
        Assert.Contains(first[..10], history.StandardOutput, StringComparison.Ordinal);

        var rollback = await RunAsync("app", "rollback", "web", "0");
        Assert.True(rollback.ExitCode == 0, rollback.StandardOutput + rollback.StandardError);
        Assert.Contains(first[..10], rollback.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("one", await LiveValueAsync());

        var delete = await RunAsync("app", "delete", "-f", app);
        Assert.Equal(0, delete.ExitCode);
        Assert.Contains("deleted ConfigMap/web/settings", delete.StandardOutput, StringComparison.Ordinal);
        Assert.Null(await LiveValueAsync());
    }

    [Fact]
    public async Task A_failing_workload_makes_sync_exit_3_and_a_missing_target_is_a_usage_error()
    {
        await _repo.Write("bad/deploy.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: broken
              annotations:
                sandbox.hawser.io/simulate: fail
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: broken
              template:
                metadata:
                  labels:
                    app: broken
                spec:
                  containers:
                  - name: main
                    image: nginx:1.27
            """).CommitAsync("bad", Ct);
        var app = WriteApp("bad", "bad", "");

        var sync = await RunAsync("app", "sync", "-f", app, "--timeout", "00:00:20");
        Assert.True(sync.ExitCode == 3, sync.StandardOutput + sync.StandardError);
        Assert.Contains("Degraded", sync.StandardOutput, StringComparison.Ordinal);

        var usage = await RunAsync("app", "sync");
        Assert.Equal(2, usage.ExitCode);
        Assert.Contains("-f FILE", usage.StandardError, StringComparison.Ordinal);

        var unknown = await RunAsync("app", "get", "-f", Path.Combine(_dir.Path, "nope.yaml"));
        Assert.Equal(2, unknown.ExitCode);
    }

    [Fact]
    public async Task Verbose_logs_go_to_stderr_and_json_output_stays_parseable()
    {
        await _repo.Write("quiet/cm.yaml", ConfigMap("one")).CommitAsync("quiet", Ct);
        var app = WriteApp("quiet", "quiet", "");
        Assert.Equal(0, (await RunAsync("app", "sync", "-f", app)).ExitCode);

        var get = await RunAsync("app", "get", "-f", app, "-o", "json", "-v");

        Assert.Equal(0, get.ExitCode);
        Assert.Equal("Synced", JsonNode.Parse(get.StandardOutput)!["sync"]!["status"]!.GetValue<string>());
        Assert.Contains("Hawser.", get.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_and_selectors_are_named_clearly()
    {
        await _repo.Write("picky/cm.yaml", ConfigMap("one")).CommitAsync("picky", Ct);
        var app = WriteApp("picky", "picky", "");

        var timeout = await RunAsync("app", "sync", "-f", app, "--timeout", "soon");
        Assert.Equal(2, timeout.ExitCode);
        Assert.Contains("error: --timeout: 'soon' is not a duration as hh:mm:ss", timeout.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", timeout.StandardError, StringComparison.Ordinal);

        var selector = await RunAsync("app", "sync", "-f", app, "--resource", ":ConfigMap:picky/typo");
        Assert.Equal(1, selector.ExitCode);
        Assert.Contains("no object of the app matches :ConfigMap:picky/typo", selector.StandardOutput + selector.StandardError, StringComparison.Ordinal);

        var file = _dir.Write("not-a-dir", "x");
        var outputDir = await HawserProcess.RunAsync(_dir.Path, "render", "--repo", Path.Combine(_repo.Path, "picky"), "--output-dir", file);
        Assert.Equal(2, outputDir.ExitCode);
        Assert.Contains($"--output-dir: {file} is a file, not a directory", outputDir.StandardError, StringComparison.Ordinal);
        var dataDir = await HawserProcess.RunAsync(_dir.Path, "render", "--repo", Path.Combine(_repo.Path, "picky"), "--data-dir", file);
        Assert.Equal(2, dataDir.ExitCode);
        Assert.Contains($"--data-dir: {file} is a file, not a directory", dataDir.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", outputDir.StandardError + dataDir.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_application_is_an_error_naming_the_file_and_field()
    {
        var file = _dir.Write("broken.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: broken}\nspec:\n  project: default\n  source: {repoURL: x, path: y}\n");
        var result = await RunAsync("app", "diff", "-f", file);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("broken.yaml", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("spec.destination", result.StandardError, StringComparison.Ordinal);
    }

    private async Task<string?> LiveValueAsync()
    {
        using var connection = Hawser.Kubernetes.KubernetesClientFactory.FromKubeconfig(_sandbox.KubeconfigPath);
        var live = await connection.Client.GetAsync(new Hawser.Manifests.GroupVersionKind("", "v1", "ConfigMap"), "web", "settings", Ct);
        return live?.Body["data"]?["value"]?.GetValue<string>();
    }

    private Task<Hawser.Processes.ProcessResult> RunAsync(params string[] arguments) =>
        HawserProcess.RunAsync(Path.Combine(_dir.Path, "data"), [.. arguments, .. (arguments.Length > 2 ? new[] { "--kubeconfig", _sandbox.KubeconfigPath } : [])]);

    private string WriteApp(string name, string path, string extra) => _dir.Write($"{name}.yaml", $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: {name}
          namespace: argocd
        spec:
          project: default
          source:
            repoURL: {_repo.Path}
            path: {path}
            targetRevision: main
          destination:
            server: https://kubernetes.default.svc
            namespace: {name}
          syncPolicy:
            syncOptions:
            - CreateNamespace=true
        {extra}
        """);

    private static string ConfigMap(string value) => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  value: {value}\n";
}

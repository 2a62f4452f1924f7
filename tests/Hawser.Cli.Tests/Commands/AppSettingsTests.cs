using System.Text;
using System.Text.Json.Nodes;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Processes;
using Hawser.Sandbox;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary>
/// The <c>app</c> verbs with <c>--settings DIR</c> as a user runs them: the kubeconfig points at one sandbox, a cluster
/// Secret (bearer token, the sandbox's CA as caData) at a second one, a credential template authenticates to the
/// smart-HTTP Git server, and argocd-cm sets build options, a Lua health check, an ignoreDifferences rule and an exclusion.
/// </summary>
public sealed class AppSettingsTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly GroupVersionKind ConfigMaps = new("", "v1", "ConfigMap");
    private static readonly GroupVersionKind Jobs = new("batch", "v1", "Job");
    private readonly TempDirectory _dir = new("hawser-cli-settings");
    private SandboxServer _local = null!;
    private SandboxServer _remote = null!;
    private GitHttpServer _git = null!;

    public async Task InitializeAsync()
    {
        _local = await SandboxServer.StartAsync(new SandboxOptions(), Ct);
        _remote = await SandboxServer.StartAsync(new SandboxOptions { Simulation = new Sandbox.Simulation.SimulationOptions { Delay = TimeSpan.FromMilliseconds(100) } }, Ct);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        _git = await GitHttpServer.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _git.DisposeAsync();
        await _local.DisposeAsync();
        await _remote.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Sync_get_and_diff_follow_argocd_cm_cluster_and_repository_secrets_and_no_secret_reaches_output_or_state()
    {
        var repo = await _git.CreateRepositoryAsync("config", Ct);
        await repo.Write(new Dictionary<string, string>
        {
            ["shared/cm.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {value: one, mutable: a}\n",
            ["web/kustomization.yaml"] = "resources:\n- ../shared/cm.yaml\n- job.yaml\n",
            ["web/job.yaml"] = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: m, image: busybox}]\n",
        }).CommitAsync("web", Ct);
        var settings = WriteSettings();
        var app = _dir.Write("web.yaml", $"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {"{"}name: web, namespace: argocd{"}"}
            spec:
              project: default
              source: {"{"}repoURL: {_git.UrlOf("config")}, path: web, targetRevision: main{"}"}
              destination: {"{"}name: remote, namespace: web{"}"}
              syncPolicy: {"{"}syncOptions: [CreateNamespace=true]{"}"}
            """);
        var outputs = new List<ProcessResult>();

        var sync = await RunAsync(outputs, "app", "sync", "-f", app, "--settings", settings, "--verbose");
        Assert.True(sync.ExitCode == 0, sync.StandardOutput + sync.StandardError);
        Assert.Contains("ConfigMap/web/settings", sync.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Job/migrate: excluded by resource.exclusions", sync.StandardError, StringComparison.Ordinal);

        using var remote = KubernetesClientFactory.FromKubeconfig(_remote.KubeconfigPath);
        using var local = KubernetesClientFactory.FromKubeconfig(_local.KubeconfigPath);
        Assert.NotNull(await remote.Client.GetAsync(ConfigMaps, "web", "settings", Ct));
        Assert.Null(await remote.Client.GetAsync(Jobs, "web", "migrate", Ct));
        Assert.Null(await local.Client.GetAsync(ConfigMaps, "web", "settings", Ct));

        var get = await RunAsync(outputs, "app", "get", "-f", app, "--settings", settings, "-o", "json");
        Assert.True(get.ExitCode == 0, get.StandardOutput + get.StandardError);
        var resource = JsonNode.Parse(get.StandardOutput)!["resources"]![0]!;
        Assert.Equal("checked by a Lua script from argocd-cm", resource["message"]!.GetValue<string>());

        await remote.Client.PatchAsync(ConfigMaps, "web", "settings", PatchType.Merge, """{"data":{"mutable":"changed"}}""", new WriteOptions(FieldManager: "kubectl-edit"), Ct);
        Assert.Equal(0, (await RunAsync(outputs, "app", "diff", "-f", app, "--settings", settings)).ExitCode);
        await remote.Client.PatchAsync(ConfigMaps, "web", "settings", PatchType.Merge, """{"data":{"value":"changed"}}""", new WriteOptions(FieldManager: "kubectl-edit"), Ct);
        Assert.Equal(3, (await RunAsync(outputs, "app", "diff", "-f", app, "--settings", settings)).ExitCode);

        var secrets = new[] { _git.Password, _remote.Token, "signing-key-that-must-stay-private" };
        foreach (var output in outputs)
        {
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, output.StandardOutput, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, output.StandardError, StringComparison.Ordinal);
            }
        }
        foreach (var file in Directory.EnumerateFiles(Path.Combine(_dir.Path, "data"), "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file, Ct);
            foreach (var secret in secrets)
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"{file} holds a secret value");
        }
    }

    private string WriteSettings()
    {
        var ca = Convert.ToBase64String(Encoding.UTF8.GetBytes(_remote.CaCertificatePem));
        _dir.Write("settings/argocd-cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cm, namespace: argocd}
            data:
              kustomize.buildOptions: --load-restrictor LoadRestrictionsNone
              resource.customizations.health.ConfigMap: |
                return {status = "Healthy", message = "checked by a Lua script from argocd-cm"}
              resource.customizations.ignoreDifferences.ConfigMap: |
                jsonPointers:
                - /data/mutable
              resource.exclusions: |
                - apiGroups: [batch]
                  kinds: [Job]
            """);
        _dir.Write("settings/argocd-secret.yaml", """
            apiVersion: v1
            kind: Secret
            metadata: {name: argocd-secret, namespace: argocd}
            stringData:
              server.secretkey: signing-key-that-must-stay-private
            """);
        _dir.Write("settings/clusters.yaml", $$$"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: cluster-remote
              namespace: argocd
              labels: {argocd.argoproj.io/secret-type: cluster}
            stringData:
              name: remote
              server: {{{_remote.BaseAddress.ToString().TrimEnd('/')}}}
              config: |
                {"bearerToken": "{{{_remote.Token}}}", "tlsClientConfig": {"caData": "{{{ca}}}"}}
            """);
        _dir.Write("settings/repositories.yaml", $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: local-git
              namespace: argocd
              labels: {"{"}argocd.argoproj.io/secret-type: repo-creds{"}"}
            data:
              url: {Convert.ToBase64String(Encoding.UTF8.GetBytes(_git.BaseUrl))}
              username: {Convert.ToBase64String(Encoding.UTF8.GetBytes(_git.Username))}
              password: {Convert.ToBase64String(Encoding.UTF8.GetBytes(_git.Password))}
            """);
        return Path.Combine(_dir.Path, "settings");
    }

    private async Task<ProcessResult> RunAsync(List<ProcessResult> outputs, params string[] arguments)
    {
        var result = await HawserProcess.RunAsync(Path.Combine(_dir.Path, "data"), [.. arguments, "--kubeconfig", _local.KubeconfigPath]);
        outputs.Add(result);
        return result;
    }
}

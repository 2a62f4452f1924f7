using Hawser.Manifests;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary><c>hawser render</c> with <c>--settings</c> and <c>--kustomize-build-options</c>, and kustomize's errors as the user sees them.</summary>
public sealed class RenderSettingsTests : IDisposable
{
    private const string RepoUrl = "https://git.example.com/config.git";
    private readonly TempDirectory _dir = new("hawser-cli-settings");

    public void Dispose() => _dir.Dispose();

    private string App(string path) => _dir.Write($"{path}.yaml", $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {"{"}name: {path}{"}"}
        spec:
          project: default
          source: {"{"}repoURL: {RepoUrl}, path: {path}, targetRevision: main{"}"}
          destination: {"{"}server: https://kubernetes.default.svc, namespace: web{"}"}
        """);

    private Task<Processes.ProcessResult> RenderAsync(params string[] arguments) =>
        HawserProcess.RunAsync(Path.Combine(_dir.Path, "data"), ["render", .. arguments, "--repo-override", $"{RepoUrl}={Path.Combine(_dir.Path, "repo")}", "--no-cache"]);

    [Fact]
    public async Task A_load_restrictor_error_names_the_setting_and_the_setting_or_the_flag_fixes_it_for_an_application_file()
    {
        _dir.Write("repo/shared/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\ndata: {a: b}\n");
        _dir.Write("repo/outside/kustomization.yaml", "resources:\n- ../shared/cm.yaml\n");
        var app = App("outside");
        _dir.Write("settings/argocd-cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cm}
            data:
              kustomize.buildOptions: --load-restrictor LoadRestrictionsNone
            """);

        var failed = await RenderAsync("-f", app);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("is not in or below", failed.StandardError, StringComparison.Ordinal);
        Assert.Contains("'kustomize.buildOptions: --load-restrictor LoadRestrictionsNone' in argocd-cm", failed.StandardError, StringComparison.Ordinal);

        var withSettings = await RenderAsync("-f", app, "--settings", Path.Combine(_dir.Path, "settings"));
        Assert.True(withSettings.ExitCode == 0, withSettings.StandardError);
        Assert.Equal(["ConfigMap/shared"], ManifestReader.Read(withSettings.StandardOutput, "stdout").Select(o => o.Key.ToString()));

        var withFlag = await RenderAsync("-f", app, "--kustomize-build-options", "--load-restrictor LoadRestrictionsNone");
        Assert.True(withFlag.ExitCode == 0, withFlag.StandardError);
        Assert.Equal(["ConfigMap/shared"], ManifestReader.Read(withFlag.StandardOutput, "stdout").Select(o => o.Key.ToString()));
    }

    [Fact]
    public async Task A_helm_chart_without_enable_helm_names_the_setting()
    {
        _dir.Write("repo/charts/kustomization.yaml", "helmCharts:\n- name: podinfo\n  repo: https://charts.example.invalid\n  version: 1.0.0\n");

        var failed = await RenderAsync("-f", App("charts"));

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("'kustomize.buildOptions: --enable-helm' in argocd-cm", failed.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kustomize_deprecation_warnings_do_not_hide_the_error_line()
    {
        _dir.Write("repo/old/kustomization.yaml", "commonLabels: {team: a}\nresources:\n- missing.yaml\n");

        var failed = await RenderAsync("-f", App("old"));

        Assert.Equal(1, failed.ExitCode);
        var errorLine = failed.StandardError.Split('\n').First(l => l.Contains("failed (exit", StringComparison.Ordinal));
        Assert.Contains("missing.yaml", errorLine, StringComparison.Ordinal);
        Assert.Contains("deprecation warning from kustomize, first: Warning: 'commonLabels' is deprecated", failed.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_settings_fail_with_every_problem_named()
    {
        _dir.Write("repo/plain/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\n");
        _dir.Write("settings/argocd-cm.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cm}
            data:
              timeout.reconciliation: later
              kustomize.buildOptions: --enable-exec
            """);

        var failed = await RenderAsync("-f", App("plain"), "--settings", Path.Combine(_dir.Path, "settings"));

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("2 problems in the settings", failed.StandardError, StringComparison.Ordinal);
        Assert.Contains("timeout.reconciliation: 'later' is not a duration", failed.StandardError, StringComparison.Ordinal);
        Assert.Contains("kustomize.buildOptions: kustomize build option '--enable-exec' is not allowed", failed.StandardError, StringComparison.Ordinal);
    }
}

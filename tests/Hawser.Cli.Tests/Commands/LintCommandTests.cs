using System.Text.Json.Nodes;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary>
/// <c>hawser lint</c> end to end on config repos the tests create (real git, helm, kustomize): a clean repo passes, each broken
/// app is found with its rule, file and app, the helmCharts conventions run on a Kustomize-with-helmCharts layout, and the
/// SARIF output is valid SARIF 2.1.0.
/// </summary>
public sealed class LintCommandTests : IDisposable
{
    private const string RepoUrl = "https://git.example.com/acme/config.git";
    private readonly TempDirectory _dir = new("hawser-cli-lint");

    public void Dispose() => _dir.Dispose();

    private async Task<GitTestRepository> RepoAsync()
    {
        _ = Tools.Helm;
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "repo"), CancellationToken.None);
        await repo.GitAsync(["remote", "add", "origin", RepoUrl], CancellationToken.None);
        repo.Write("apps/web.yaml", App("web", "web"));
        repo.Write("web/kustomization.yaml", "resources: [deployment.yaml]\n");
        repo.Write("web/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web, enabled: \"yes\"}}\n    spec: {containers: [{name: web, image: nginx:1.27}]}\n");
        repo.Write("charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 1.0.0\n");
        repo.Write("charts/api/values.yaml", "replicas: 1\n");
        repo.Write("charts/api/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api\ndata:\n  replicas: {{ .Values.replicas | quote }}\n");
        repo.Write("apps/api.yaml", App("api", "charts/api"));
        return repo;
    }

    private static string App(string name, string path, string ns = "") => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {"{"}name: {name}{"}"}
        spec:
          project: default
          source: {"{"}repoURL: {RepoUrl}, targetRevision: main, path: {path}{"}"}
          destination: {"{"}server: https://kubernetes.default.svc, namespace: {(ns.Length == 0 ? name : ns)}{"}"}

        """;

    private Task<Processes.ProcessResult> LintAsync(params string[] arguments) =>
        HawserProcess.RunAsync(Path.Combine(_dir.Path, "data"), ["lint", Path.Combine(_dir.Path, "repo"), .. arguments]);

    private static List<(string Rule, string? File, string? App)> Findings(Processes.ProcessResult result) =>
        JsonNode.Parse(result.StandardOutput)!["findings"]!.AsArray()
            .Select(f => (f!["rule"]!.GetValue<string>(), f["file"]?.GetValue<string>(), f["app"]?.GetValue<string>())).ToList();

    [Fact]
    public async Task A_clean_repo_passes_at_a_commit_and_as_its_work_tree()
    {
        var repo = await RepoAsync();
        await repo.CommitAsync("clean", CancellationToken.None);

        var atHead = await LintAsync("--revision", "HEAD", "-o", "json");
        var workTree = await LintAsync();

        Assert.True(atHead.ExitCode == 0, atHead.StandardOutput + atHead.StandardError);
        Assert.Empty(Findings(atHead));
        Assert.True(workTree.ExitCode == 0, workTree.StandardOutput + workTree.StandardError);
        Assert.Contains("2 apps in", workTree.StandardOutput);
        Assert.Contains("0 error(s), 0 warning(s)", workTree.StandardOutput);
    }

    [Fact]
    public async Task Broken_apps_and_an_ownership_conflict_between_two_apps_are_found_without_a_cluster_and_fail_the_lint()
    {
        var repo = await RepoAsync();
        repo.Write("apps/copy.yaml", App("copy", "copy", ns: "web"));
        repo.Write("copy/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx:1.27}]}\n");
        repo.Write("apps/broken.yaml", App("broken", "charts/broken"));
        repo.Write("charts/broken/Chart.yaml", "apiVersion: v2\nname: broken\nversion: 1.0.0\n");
        repo.Write("charts/broken/templates/cm.yaml", "{{ fail \"the chart refuses\" }}\n");
        repo.Write("apps/old.yaml", App("old", "old"));
        repo.Write("old/cronjob.yaml", "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: old}\nspec:\n  schedule: '0 * * * *'\n  jobTemplate: {spec: {template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}}}\n");
        repo.Write("charts/api/values.yaml", "replicas: 1\nreplicas: 2\ndebug: off\n");
        await repo.CommitAsync("broken", CancellationToken.None);

        var result = await LintAsync("--revision", "main", "--kube-version", "1.25", "-o", "json");

        Assert.True(result.ExitCode == 1, result.StandardOutput + result.StandardError);
        var findings = Findings(result);
        Assert.Contains(("ownership-conflict", "web/deployment.yaml", "web"), findings);
        Assert.Contains("Deployment/web/web is declared by apps", result.StandardOutput);
        Assert.Contains(("render-failed", "apps/broken.yaml", "broken"), findings);
        Assert.Contains(("removed-api", "old/cronjob.yaml", "old"), findings);
        Assert.Contains(("duplicate-key", "charts/api/values.yaml", "api"), findings);
        Assert.Contains(("yaml-boolean", "charts/api/values.yaml", "api"), findings);
        Assert.Contains("the chart refuses", result.StandardOutput);
    }

    [Fact]
    public async Task The_team_conventions_run_on_a_kustomize_layout_with_helm_charts_when_the_configuration_turns_them_on()
    {
        var repo = await RepoAsync();
        repo.Write("apps/infra.yaml", App("infra", "infra"));
        repo.Write("infra/charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 1.0.0\n");
        repo.Write("infra/charts/api/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api-{{ .Release.Name }}}\ndata: {a: b}\n");
        repo.Write("infra/values/api-1.0.0.yaml", "a: 1\n");
        repo.Write("infra/values/api.yaml", "a: 2\n");
        repo.Write("infra/kustomization.yaml", """
            helmCharts:
            - name: api
              releaseName: good
              namespace: infra
              includeCRDs: true
              valuesFile: values/api-1.0.0.yaml
            - name: api
              version: 1.0.0
              namespace: other
              valuesFile: values/api.yaml
            """);
        repo.Write("settings/argocd-cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cm}\ndata:\n  kustomize.buildOptions: --enable-helm\n");
        var settings = Path.Combine(repo.Path, "settings");

        var defaults = await LintAsync("--settings", settings, "-o", "json");
        Assert.True(defaults.ExitCode == 0, defaults.StandardOutput + defaults.StandardError);
        Assert.Empty(Findings(defaults));

        repo.Write(".hawser-lint.yaml", "rules:\n  helmcharts-repo-version: on\n  helmcharts-release-name: on\n  helmcharts-namespace: on\n  helmcharts-include-crds: on\n  helmcharts-values-file: warning\n");
        var result = await LintAsync("--settings", settings, "-o", "json");

        Assert.True(result.ExitCode == 1, result.StandardOutput + result.StandardError);
        Assert.Equal(
            ["helmcharts-include-crds", "helmcharts-namespace", "helmcharts-release-name", "helmcharts-repo-version", "helmcharts-values-file"],
            Findings(result).Select(f => f.Rule).Order(StringComparer.Ordinal));
        Assert.All(Findings(result), f => Assert.Equal(("infra/kustomization.yaml", "infra"), (f.File, f.App)));
    }

    [Fact]
    public async Task The_sarif_output_is_valid_sarif_2_1_0()
    {
        var schemaPath = Path.Combine(RepositoryPaths.Root, "tests", "Hawser.Cli.Tests", "schemas", "sarif-schema-2.1.0.json");
        Assert.True(File.Exists(schemaPath), $"{schemaPath} is missing: run scripts/setup.sh (it fetches the SARIF schema from npm)");
        var repo = await RepoAsync();
        repo.Write("web/extra.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: extra, namespace: web}\ndata:\n  mode: 0755\n  a: 1\n  a: 2\n");
        repo.Write("web/kustomization.yaml", "resources: [deployment.yaml]\n");

        var result = await LintAsync("-o", "sarif");

        Assert.True(result.ExitCode == 1, result.StandardOutput + result.StandardError);
        var schema = await NJsonSchema.JsonSchema.FromFileAsync(schemaPath);
        var errors = schema.Validate(result.StandardOutput);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Path}: {e.Kind}")));
        var results = JsonNode.Parse(result.StandardOutput)!["runs"]![0]!["results"]!.AsArray();
        Assert.Contains(results, r => r!["ruleId"]!.GetValue<string>() == "duplicate-key"
            && r["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"]!.GetValue<string>() == "web/extra.yaml"
            && r["locations"]![0]!["physicalLocation"]!["region"]!["startLine"]!.GetValue<int>() == 7);
    }
}

using System.Text.Json.Nodes;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary><c>hawser preview</c> between two commits of a real Git config repo, rendered with the real helm and kustomize.</summary>
public sealed class PreviewCommandTests
{
    private const string RepoUrl = "https://git.example.com/acme/config.git";
    private const string Password = "s3cret-before";
    private const string NewPassword = "s3cret-after";

    private static string App(string name, string path, string extra = "") => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: {{name}}}
        spec:
          project: default
          source: {repoURL: {{RepoUrl}}, targetRevision: main, path: {{path}}{{extra}}}
          destination: {server: https://kubernetes.default.svc, namespace: {{name}}}
        """;

    private static string ConfigMap(string name, string value) =>
        $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata: {{value: \"{value}\"}}\n";

    private static string Secret(string password) =>
        $"apiVersion: v1\nkind: Secret\nmetadata: {{name: db}}\nstringData: {{password: {password}, user: app}}\n";

    /// <summary>
    /// A config repo with a Helm app, a Kustomize overlay of a shared base, plain directories, an app-of-apps whose child holds a
    /// Secret, and an ApplicationSet generating one app per <c>services/*</c> folder; then a commit that changes the chart's
    /// values and the Secret, deletes one Application, adds a service folder and touches a README.
    /// </summary>
    private static async Task<(GitTestRepository Repo, string Base, string Head)> ConfigRepoAsync(TempDirectory dir)
    {
        var repo = await GitTestRepository.InitAsync(dir.Path, CancellationToken.None);
        repo.Write("apps/web.yaml", App("web", "charts/web"))
            .Write("charts/web/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n")
            .Write("charts/web/values.yaml", "replicas: 1\n")
            .Write("charts/web/templates/deployment.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: {{ .Release.Name }}}
                spec:
                  replicas: {{ .Values.replicas }}
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec: {containers: [{name: web, image: "nginx:1.27"}]}
                """)
            .Write("charts/web/templates/service.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec: {ports: [{port: 80}]}\n")
            .Write("apps/shop.yaml", App("shop", "shop/overlays/prod"))
            .Write("shop/base/kustomization.yaml", "resources: [cm.yaml]\n")
            .Write("shop/base/cm.yaml", ConfigMap("shop", "small"))
            .Write("shop/overlays/prod/kustomization.yaml", "resources: [../../base]\nnamePrefix: prod-\n")
            .Write("apps/plain.yaml", App("plain", "plain"))
            .Write("plain/cm.yaml", ConfigMap("plain", "1"))
            .Write("apps/old.yaml", App("old", "old"))
            .Write("old/cm.yaml", ConfigMap("old", "1") + "---\n" + ConfigMap("old-2", "1"))
            .Write("apps/root.yaml", App("root", "children"))
            .Write("children/db.yaml", App("db", "db"))
            .Write("db/secret.yaml", Secret(Password))
            .Write("apps/services.yaml", $$$"""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: services}
                spec:
                  generators:
                  - git: {repoURL: {{{RepoUrl}}}, revision: main, directories: [{path: "services/*"}]}
                  template:
                    metadata: {name: "{{path.basename}}"}
                    spec:
                      project: default
                      source: {repoURL: {{{RepoUrl}}}, targetRevision: main, path: "{{path}}"}
                      destination: {server: https://kubernetes.default.svc, namespace: "{{path.basename}}"}
                """)
            .Write("services/api/cm.yaml", ConfigMap("api", "1"))
            .Write("README.md", "config\n");
        var first = await repo.CommitAsync("base", CancellationToken.None);
        repo.Write("charts/web/values.yaml", "replicas: 3\n")
            .Write("db/secret.yaml", Secret(NewPassword))
            .Delete("apps/old.yaml")
            .Write("services/billing/cm.yaml", ConfigMap("billing", "1"))
            .Write("README.md", "config, edited\n");
        var second = await repo.CommitAsync("head", CancellationToken.None);
        await repo.GitAsync(["remote", "add", "origin", RepoUrl], CancellationToken.None);
        return (repo, first, second);
    }

    [Fact]
    public async Task Preview_lists_exactly_the_apps_and_objects_a_commit_changes_and_renders_unchanged_apps_once()
    {
        using var dir = new TempDirectory("hawser-config");
        using var data = new TempDirectory();
        var (repo, first, second) = await ConfigRepoAsync(dir);

        var result = await HawserProcess.RunAsync(data.Path, "preview", repo.Path, "--base", first, "--head", second, "-o", "json");

        Assert.True(result.ExitCode == 3, $"exit {result.ExitCode}: {result.StandardError}{result.StandardOutput}");
        var report = JsonNode.Parse(result.StandardOutput)!.AsObject();
        Assert.Equal(first, report["base"]!.GetValue<string>());
        Assert.Equal(second, report["head"]!.GetValue<string>());
        var apps = report["apps"]!.AsArray().Select(a => a!).ToList();
        Assert.Equal(["billing:added", "db:changed", "old:removed", "web:changed"], apps.Select(a => $"{a["name"]}:{a["change"]}"));
        string[] Objects(int i) => [.. apps[i]["objects"]!.AsArray().Select(o => $"{o!["kind"]}/{o["name"]}:{o["change"]}")];
        Assert.Equal(["ConfigMap/billing:added"], Objects(0));
        Assert.Equal(["Secret/db:changed"], Objects(1));
        Assert.Equal(["ConfigMap/old:removed", "ConfigMap/old-2:removed"], Objects(2));
        Assert.Equal(["Deployment/web:changed"], Objects(3));
        Assert.Contains("-  replicas: 1\n+  replicas: 3\n", apps[3]["objects"]![0]!["diff"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(report["errors"]!.AsArray());

        // Secret values are masked: neither password shows, in clear or in base64; the changed one has another mask.
        var secretDiff = apps[1]["objects"]![0]!["diff"]!.GetValue<string>();
        foreach (var value in new[] { Password, NewPassword, "app" })
        {
            Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value)), result.StandardOutput, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("s3cret", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"\n-  password: \++\n\+  password: \++\n", secretDiff);

        // Unchanged apps (shop, plain, root, api) were rendered at the base only: the head's renders of them were cache hits.
        var summary = report["summary"]!;
        Assert.Equal(4, summary["unchanged"]!.GetValue<int>());
        Assert.Equal(4, summary["cached"]!.GetValue<int>());
        Assert.Equal(7 + 3, summary["rendered"]!.GetValue<int>());
        Assert.Equal(10, Directory.EnumerateFiles(Path.Combine(data.Path, "render-cache"), "*.json", SearchOption.AllDirectories).Count());

        // A second preview of the same change renders nothing at all.
        var again = await HawserProcess.RunAsync(data.Path, "preview", repo.Path, "--base", first, "--head", second, "-o", "json");
        Assert.Equal(3, again.ExitCode);
        Assert.Equal(0, JsonNode.Parse(again.StandardOutput)!["summary"]!["rendered"]!.GetValue<int>());
        Assert.Equal(14, JsonNode.Parse(again.StandardOutput)!["summary"]!["cached"]!.GetValue<int>());
    }

    [Fact]
    public async Task Preview_as_markdown_is_one_collapsible_section_per_changed_app()
    {
        using var dir = new TempDirectory("hawser-config");
        using var data = new TempDirectory();
        var (repo, first, second) = await ConfigRepoAsync(dir);

        var result = await HawserProcess.RunAsync(data.Path, "preview", repo.Path, "--base", first, "--head", second, "-o", "markdown");

        Assert.True(result.ExitCode == 3, $"exit {result.ExitCode}: {result.StandardError}");
        var markdown = result.StandardOutput;
        Assert.StartsWith($"## Hawser preview\n\n`{first[..12]}` → `{second[..12]}`: **4 apps differ**: 1 added, 1 removed, 2 changed; 4 unchanged.\n", markdown, StringComparison.Ordinal);
        Assert.Equal(4, markdown.Split("<details>").Length - 1);
        Assert.Contains("<summary><b>old</b>: removed (2 removed)</summary>", markdown, StringComparison.Ordinal);
        Assert.Contains("<summary><b>web</b>: changed (1 changed)</summary>", markdown, StringComparison.Ordinal);
        Assert.Contains("| `Secret/db` | changed |", markdown, StringComparison.Ordinal);
        Assert.Contains("```diff\n--- base/Deployment/web\n+++ head/Deployment/web\n", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("shop", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("plain", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_exits_0_without_a_change_and_1_when_the_head_fails_to_render()
    {
        using var dir = new TempDirectory("hawser-config");
        using var data = new TempDirectory();
        var (repo, _, second) = await ConfigRepoAsync(dir);

        var same = await HawserProcess.RunAsync(data.Path, "preview", repo.Path, "--base", second, "--head", "HEAD");
        Assert.True(same.ExitCode == 0, same.StandardError + same.StandardOutput);
        Assert.Contains("no app differs, 7 unchanged", same.StandardOutput, StringComparison.Ordinal);

        repo.Write("charts/web/templates/deployment.yaml", "{{ .Values.replicas | broken }}\n");
        var broken = await repo.CommitAsync("break the chart", CancellationToken.None);
        var failed = await HawserProcess.RunAsync(data.Path, "preview", repo.Path, "--base", second, "--head", broken);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("error: app web at head: ", failed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("broken", failed.StandardOutput, StringComparison.Ordinal);
    }
}

using Hawser.Manifests;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

public sealed class RenderCommandTests
{
    private const string ConfigRepoUrl = "https://github.com/hawser-dev/config-repo.git";

    [Fact]
    public async Task Render_recursive_renders_every_app_of_the_example_config_repo()
    {
        using var data = new TempDirectory();
        var result = await HawserProcess.RunAsync(data.Path, "render", "-f", "examples/config-repo/apps/root.yaml", "--recursive", "--summary",
            "--repo-override", $"{ConfigRepoUrl}=examples/config-repo", "--kustomize-build-options", "--load-restrictor LoadRestrictionsNone");
        Assert.True(result.ExitCode == 0, result.StandardError);
        var lines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["APP", "root", "guestbook", "shop", "plain", "waves", "widgets"], lines[..^1].Select(l => l.Split(' ')[0]));
        Assert.StartsWith("6 of 6 apps rendered, 24 objects", lines[^1], StringComparison.Ordinal);
        Assert.Contains("widgets    widgets                   3  1 CustomResourceDefinition, 2 Widget", lines);
    }

    [Fact]
    public async Task Render_of_an_application_file_prints_multi_document_yaml()
    {
        using var data = new TempDirectory();
        using var dir = new TempDirectory();
        var app = dir.Write("guestbook.yaml", $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: guestbook}
            spec:
              project: default
              source:
                repoURL: {{ConfigRepoUrl}}
                path: charts/guestbook
                helm: {valueFiles: [values.yaml, values.prod.yaml], parameters: [{name: image.tag, value: "1.28"}]}
              destination: {server: https://kubernetes.default.svc, namespace: web}
            """);
        var result = await HawserProcess.RunAsync(data.Path, "render", "-f", app, "--repo-override", $"{ConfigRepoUrl}=examples/config-repo");
        Assert.True(result.ExitCode == 0, result.StandardError);
        var objects = ManifestReader.Read(result.StandardOutput, "stdout");
        Assert.Equal(["ConfigMap/guestbook-ui", "Service/guestbook", "Deployment/guestbook"], objects.Select(o => o.Key.ToString()));
        var deployment = objects[2];
        Assert.Equal(3, deployment.Body["spec"]!["replicas"]!.GetValue<long>());
        Assert.Equal("nginx:1.28", deployment.Body["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task Render_of_a_local_directory_with_values_and_set_prints_a_json_list()
    {
        using var data = new TempDirectory();
        var result = await HawserProcess.RunAsync(data.Path, "render", "--repo", "examples/config-repo", "--path", "charts/guestbook",
            "--values", "values.prod.yaml", "--set", "replicaCount=5", "--release", "gb", "--namespace", "web", "-o", "json");
        Assert.True(result.ExitCode == 0, result.StandardError);
        var objects = ManifestReader.Read(result.StandardOutput, "stdout");
        Assert.Equal(["ConfigMap/gb-ui", "Service/gb", "Deployment/gb"], objects.Select(o => o.Key.ToString()));
        Assert.Equal(5, objects[2].Body["spec"]!["replicas"]!.GetValue<long>());
        Assert.StartsWith("{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"List\"", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Output_dir_writes_one_file_per_object_named_by_group_kind_namespace_and_name()
    {
        using var data = new TempDirectory();
        using var output = new TempDirectory();
        var result = await HawserProcess.RunAsync(data.Path, "render", "--repo", "examples/config-repo", "--path", "widgets", "--output-dir", output.Path);
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(
            ["apiextensions.k8s.io_customresourcedefinition__widgets.example.com.yaml", "example.com_widget__blue-widget.yaml", "example.com_widget__red-widget.yaml"],
            Directory.GetFiles(output.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var widget = Assert.Single(ManifestReader.Read(File.ReadAllText(Path.Combine(output.Path, "example.com_widget__red-widget.yaml")), "red"));
        Assert.Equal("red", widget.Body["spec"]!["color"]!.GetValue<string>());
    }

    [Fact]
    public async Task Render_from_a_git_repository_uses_the_requested_revision()
    {
        using var data = new TempDirectory();
        using var dir = new TempDirectory();
        var repo = await GitTestRepository.InitAsync(dir.Path, CancellationToken.None);
        await repo.Write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {version: one}\n").CommitAsync("one", CancellationToken.None);
        await repo.TagAsync("v1", null, CancellationToken.None);
        await repo.Write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {version: two}\n").CommitAsync("two", CancellationToken.None);

        var v1 = await HawserProcess.RunAsync(data.Path, "render", "--repo", repo.Path, "--path", "app", "--revision", "v1");
        var main = await HawserProcess.RunAsync(data.Path, "render", "--repo", repo.Path, "--path", "app", "--revision", "main");
        Assert.True(v1.ExitCode == 0, v1.StandardError);
        Assert.True(main.ExitCode == 0, main.StandardError);
        Assert.Contains("version: one", v1.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("version: two", main.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_value_file_outside_the_repository_fails_with_exit_code_1_and_a_clear_message()
    {
        using var data = new TempDirectory();
        var result = await HawserProcess.RunAsync(data.Path, "render", "--repo", "examples/config-repo", "--path", "charts/guestbook", "--values", "../../../../etc/passwd");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("error: guestbook: helm valueFiles[0] \"../../../../etc/passwd\": the path leaves the repository", result.StandardError.Trim());
        Assert.Equal("", result.StandardOutput);
    }

    [Fact]
    public async Task An_invalid_application_file_reports_every_error_with_exit_code_1()
    {
        using var data = new TempDirectory();
        using var dir = new TempDirectory();
        var app = dir.Write("bad.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: bad}
            spec:
              source: {repoURL: https://x, path: a, directory: {recurse: true, frob: 1}}
              destination: {namespace: a}
            """);
        var result = await HawserProcess.RunAsync(data.Path, "render", "-f", app);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"warning: {app} (document 0, line 5): Application \"bad\": spec.source.directory.frob: unknown field, ignored", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("error: 2 errors in Argo CD objects:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{app} (document 0, line 4): Application \"bad\": spec.project: is required", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{app} (document 0, line 6): Application \"bad\": spec.destination: one of server or name is required", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("render")]
    [InlineData("render", "--repo", "examples/config-repo", "-o", "xml")]
    [InlineData("render", "--repo", "examples/config-repo", "--set", "novalue")]
    [InlineData("render", "-f", "a.yaml", "--repo", "examples/config-repo")]
    public async Task Usage_errors_exit_with_code_2(params string[] arguments)
    {
        using var data = new TempDirectory();
        var result = await HawserProcess.RunAsync(data.Path, arguments);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.StandardError, StringComparison.Ordinal);
    }
}

/// <summary><c>hawser render --plugins</c>: config management plugins declared by the operator.</summary>
public sealed class RenderPluginsCommandTests
{
    private static string App(TempDirectory dir, string repo, string plugin) => dir.Write("app.yaml", $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: web}
        spec:
          project: default
          source: {repoURL: {{repo}}, path: app, plugin: {{plugin}}}
          destination: {server: https://kubernetes.default.svc, namespace: web}
        """);

    [Fact]
    public async Task Render_runs_the_plugin_an_app_names_and_fails_the_app_naming_an_undeclared_one()
    {
        using var data = new TempDirectory();
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 0.1.0\n");
        using var dir = new TempDirectory();
        var plugins = dir.Write("plugins/plugin.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: ConfigManagementPlugin
            metadata: {name: echo}
            spec:
              generate: {command: [sh, -c, 'echo "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"$ARGOCD_APP_NAME-$ARGOCD_ENV_TIER\"}}"']}
            """);

        var ok = await HawserProcess.RunAsync(data.Path, "render", "-f", App(dir, repo.Path, "{name: echo, env: [{name: TIER, value: front}]}"), "--plugins", Path.GetDirectoryName(plugins)!);
        Assert.True(ok.ExitCode == 0, ok.StandardError);
        Assert.Equal("web-front", Assert.Single(ManifestReader.Read(ok.StandardOutput, "stdout")).Name);

        var missing = await HawserProcess.RunAsync(data.Path, "render", "-f", App(dir, repo.Path, "{name: cmp}"), "--plugins", plugins);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("spec.source.plugin.name \"cmp\": no config management plugin of that name (declared: echo;", missing.StandardError, StringComparison.Ordinal);
        Assert.Equal("", missing.StandardOutput.Trim());
    }

    [Fact]
    public async Task Invalid_plugin_definitions_stop_render_with_exit_code_1()
    {
        using var data = new TempDirectory();
        using var dir = new TempDirectory();
        var plugins = dir.Write("plugin.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: ConfigManagementPlugin\nmetadata: {name: x}\nspec: {}\n");
        var result = await HawserProcess.RunAsync(data.Path, "render", "-f", App(dir, dir.Path, "{}"), "--plugins", plugins);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: invalid config management plugins:\n  {plugins} (document 0, line 4): ConfigManagementPlugin \"x\": spec.generate: is required", result.StandardError, StringComparison.Ordinal);
    }
}

/// <summary><c>hawser render --recursive --summary</c> keeps what the children say.</summary>
public sealed class RenderRecursiveSummaryTests
{
    [Fact]
    public async Task Child_warnings_are_kept_and_application_sets_that_generate_nothing_are_named()
    {
        using var data = new TempDirectory();
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("apps/children.yaml", $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: child}
            spec:
              project: default
              source: {repoURL: {{repo.Path}}, path: child, directory: {recurse: true, frob: 1 } }
              destination: {server: https://kubernetes.default.svc, namespace: child}
            ---
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: clusters}
            spec:
              generators: [ {list: {elements: []} } ]
              template: {metadata: {name: x}, spec: {project: default} }
            """);
        repo.Write("child/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        using var dir = new TempDirectory();
        var root = dir.Write("root.yaml", $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: root}
            spec:
              project: default
              source: {repoURL: {{repo.Path}}, path: apps}
              destination: {server: https://kubernetes.default.svc, namespace: argocd}
            """);

        var result = await HawserProcess.RunAsync(data.Path, "render", "-f", root, "--recursive", "--summary");
        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("warning: root: ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Application \"child\": spec.source.directory.frob: unknown field, ignored", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("warning: root: ApplicationSet \"clusters\" generated no Applications", result.StandardError, StringComparison.Ordinal);
        Assert.EndsWith("2 of 2 apps rendered, 3 objects, 2 warning(s) on stderr", result.StandardOutput.Trim(), StringComparison.Ordinal);
    }
}

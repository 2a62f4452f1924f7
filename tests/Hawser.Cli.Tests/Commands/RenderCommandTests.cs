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
        Assert.Equal("6 of 6 apps rendered, 24 objects", lines[^1]);
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
              source: {repoURL: https://x, path: a, plugin: {name: cmp}}
              destination: {namespace: a}
            """);
        var result = await HawserProcess.RunAsync(data.Path, "render", "-f", app);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"warning: {app} (document 0, line 1): Application \"bad\": spec.source.plugin: not supported by Hawser yet", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("error: 2 errors in Argo CD objects:", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{app} (document 0, line 1): Application \"bad\": spec.project: is required", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{app} (document 0, line 1): Application \"bad\": spec.destination: one of server or name is required", result.StandardError, StringComparison.Ordinal);
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

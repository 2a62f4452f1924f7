using Hawser.Rendering;
using Hawser.Testing;
using static Hawser.Core.Tests.Rendering.RenderFixtures;

namespace Hawser.Core.Tests.Rendering;

/// <summary>One regression test per Argo CD advisory class of path escapes (value-file traversal, symlink escape, chart file leak).</summary>
public sealed class PathSafetyTests
{
    [Theory]
    [InlineData("../../../etc/passwd", "helm valueFiles[0] \"../../../etc/passwd\": the path leaves the repository")]
    [InlineData("/etc/passwd", "helm valueFiles[0] \"/etc/passwd\": absolute paths are not allowed; use a path relative to the repository")]
    [InlineData("$values/../../etc/passwd", "no source with ref \"values\" in spec.sources")]
    public async Task Helm_value_files_cannot_leave_the_repository(string valueFile, string expected)
    {
        using var repo = new TempDirectory("hawser-repo");
        HelmFixtures.WriteWebChart(repo);
        using var scratch = new TempDirectory();
        var app = App("web", repo.Path, "charts/web", $"helm: {{valueFiles: ['{valueFile}']}}");
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(app, CancellationToken.None));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Helm_file_parameters_cannot_leave_the_repository()
    {
        using var repo = new TempDirectory("hawser-repo");
        HelmFixtures.WriteWebChart(repo);
        using var scratch = new TempDirectory();
        var app = App("web", repo.Path, "charts/web", "helm: {fileParameters: [{name: motd, path: ../../../../etc/hostname}]}");
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(app, CancellationToken.None));
        Assert.Equal("helm fileParameters[0] (motd) \"../../../../etc/hostname\": the path leaves the repository", e.Message);
    }

    [Fact]
    public async Task A_symlinked_values_file_pointing_outside_the_repository_is_refused()
    {
        using var outside = new TempDirectory("hawser-outside");
        var secret = outside.Write("secret.yaml", "greeting: TOP-SECRET-VALUE\n");
        using var repo = new TempDirectory("hawser-repo");
        HelmFixtures.WriteWebChart(repo);
        File.CreateSymbolicLink(Path.Combine(repo.Path, "charts/web/values.evil.yaml"), secret);
        using var scratch = new TempDirectory();
        var app = App("web", repo.Path, "charts/web", "helm: {valueFiles: [values.evil.yaml]}");
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(app, CancellationToken.None));
        Assert.StartsWith("symbolic link \"charts/web/values.evil.yaml\" points outside the repository", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TOP-SECRET-VALUE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symlinked_manifest_pointing_outside_the_repository_is_refused()
    {
        using var outside = new TempDirectory("hawser-outside");
        var target = outside.Write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stolen}\n");
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "app/stolen.yaml"), target);
        using var scratch = new TempDirectory();
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(App("web", repo.Path, "app"), CancellationToken.None));
        Assert.StartsWith("symbolic link \"app/stolen.yaml\" points outside the repository", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Symlinks_that_stay_inside_the_repository_are_followed()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("shared/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared}\n");
        Directory.CreateDirectory(Path.Combine(repo.Path, "app"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, "app/cm.yaml"), "../shared/cm.yaml");
        using var scratch = new TempDirectory();
        var result = await Renderer(scratch).RenderAsync(App("web", repo.Path, "app"), CancellationToken.None);
        Assert.Equal("shared", Assert.Single(result.Objects).Name);
    }

    [Fact]
    public async Task A_chart_cannot_read_a_host_file_through_a_symlink_with_Files_Get()
    {
        using var outside = new TempDirectory("hawser-outside");
        var secret = outside.Write("id_rsa", "TOP-SECRET-KEY");
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("leak/Chart.yaml", "apiVersion: v2\nname: leak\nversion: 0.1.0\n");
        repo.Write("leak/templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: leak}\ndata: {key: {{ .Files.Get \"key.txt\" | quote }}}\n");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "leak/key.txt"), secret);

        // Helm on its own follows the link and leaks the file: the advisory this guards against.
        using var oracle = new TempDirectory("hawser-oracle");
        var leaked = await RunOracleAsync(Tools.Helm, ["template", "leak", Path.Combine(repo.Path, "leak")], repo.Path, HelmHome(oracle));
        Assert.Equal("TOP-SECRET-KEY", leaked[0].Body["data"]!["key"]!.GetValue<string>());

        using var scratch = new TempDirectory();
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(App("leak", repo.Path, "leak"), CancellationToken.None));
        Assert.StartsWith("symbolic link \"leak/key.txt\" points outside the repository", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TOP-SECRET-KEY", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_app_path_outside_the_repository_is_refused()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        using var scratch = new TempDirectory();
        var app = App("web", repo.Path, "app");
        var escaped = app with { Spec = app.Spec with { Sources = [app.Spec.Sources[0] with { Path = "../.." }] } };
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(escaped, CancellationToken.None));
        Assert.Equal("spec.source.path \"../..\": the path leaves the repository", e.Message);
    }

    [Fact]
    public void Path_guard_follows_every_link_on_the_way_before_deciding()
    {
        using var outside = new TempDirectory("hawser-outside");
        outside.Write("values.yaml", "a: 1\n");
        using var repo = new TempDirectory("hawser-repo");
        Directory.CreateDirectory(Path.Combine(repo.Path, "charts"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, "charts/linked"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(repo.Path, "inside"), "charts");

        var e = Assert.Throws<RenderException>(() => PathGuard.Resolve(repo.Path, repo.Path, "inside/linked/values.yaml", "value file"));
        Assert.Equal("value file \"inside/linked/values.yaml\": a symbolic link on the path points outside the repository", e.Message);
        Assert.Equal(Path.Combine(repo.Path, "inside/x.yaml"), PathGuard.Resolve(repo.Path, repo.Path, "inside/x.yaml", "value file"));
    }
}

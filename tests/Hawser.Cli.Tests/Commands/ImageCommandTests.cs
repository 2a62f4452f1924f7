using System.Text;
using Hawser.Processes;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary><c>hawser image copy|set</c> as a CI job runs them: real registries, a smart-HTTP Git server with credentials.</summary>
public sealed class ImageCommandTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));

    private CancellationToken Ct => _timeout.Token;

    [Fact]
    public async Task Image_copy_uses_docker_config_json_credentials_and_keeps_the_digest()
    {
        await using var source = await OciRegistry.StartAsync(Ct);
        await using var target = await OciRegistry.StartAsync(Ct, OciRegistryAuthScheme.Basic);
        using var images = new TestImages(source);
        var pushed = await images.PushIndexAsync("team/api", "1.2.0", DateTimeOffset.UtcNow, ["linux/amd64", "linux/arm64"], Ct);
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{target.Username}:{target.Password}"));
        _data.Write("docker/config.json", $$$"""{"auths": {"{{{target.Host}}}": {"auth": "{{{auth}}}"} } }""");

        var result = await HawserProcess.RunWithEnvironmentAsync(_data.Path, new Dictionary<string, string?> { ["DOCKER_CONFIG"] = Path.Combine(_data.Path, "docker") },
            "image", "copy", $"{source.Host}/team/api:1.2.0", $"{target.Host}/mirror/api", "--all-platforms");
        var denied = await HawserProcess.RunAsync(_data.Path, "image", "copy", $"{source.Host}/team/api:1.2.0", $"{target.Host}/mirror/other", "--docker-config", "/nonexistent/config.json");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains($"({pushed.Digest})", result.StandardOutput, StringComparison.Ordinal);
        using var check = new TestImages(target);
        Assert.Equal(pushed.Digest, TestImages.DigestOf(await check.GetAsync("mirror/api", "1.2.0", Ct)));
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("authentication failed", denied.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_set_with_bad_arguments_is_a_usage_error()
    {
        var noApp = await HawserProcess.RunAsync(_data.Path, "image", "set", "--repo", "/tmp/x", "nginx:1");
        var noVersion = await HawserProcess.RunAsync(_data.Path, "image", "set", "--repo", "/tmp/x", "--path", "a", "nginx");

        Assert.Equal(2, noApp.ExitCode);
        Assert.Equal(2, noVersion.ExitCode);
        Assert.Contains("IMAGE:TAG", noVersion.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Image_set_pushes_to_an_authenticated_server_and_concurrent_runs_both_land()
    {
        await using var server = await GitHttpServer.StartAsync(Ct);
        var repo = await server.CreateRepositoryAsync("config", Ct);
        await repo.Write(new Dictionary<string, string>
        {
            ["web/kustomization.yaml"] = "resources: [deploy.yaml]\nimages:\n- name: ghcr.io/acme/web # CI sets this\n  newTag: v1\n",
            ["web/deploy.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n",
            ["api/values.yaml"] = "image:\n  repository: ghcr.io/acme/api\n  tag: v1 # CI sets this\n",
            ["api/Chart.yaml"] = "apiVersion: v2\nname: api\nversion: 0.1.0\n",
        }).CommitAsync("initial", Ct);
        var credentials = new Dictionary<string, string?> { ["HAWSER_GIT_USERNAME"] = server.Username, ["HAWSER_GIT_PASSWORD"] = server.Password };
        var url = server.UrlOf("config");

        var dry = await HawserProcess.RunWithEnvironmentAsync(_data.Path, credentials, "image", "set", "--repo", url, "--path", "web", "ghcr.io/acme/web:v2", "--dry-run");
        var runs = await Task.WhenAll(
            HawserProcess.RunWithEnvironmentAsync(_data.Path, credentials, "image", "set", "--repo", url, "--path", "web", "ghcr.io/acme/web:v2"),
            HawserProcess.RunWithEnvironmentAsync(_data.Path, credentials, "image", "set", "--repo", url, "--path", "api", "ghcr.io/acme/api:v3"));
        var wrong = await HawserProcess.RunWithEnvironmentAsync(_data.Path, new Dictionary<string, string?> { ["HAWSER_GIT_USERNAME"] = server.Username, ["HAWSER_GIT_PASSWORD"] = "Wrong-pw-123" },
            "image", "set", "--repo", url, "--path", "web", "ghcr.io/acme/web:v9");

        Assert.True(dry.ExitCode == 0, dry.StandardError);
        Assert.Contains("+  newTag: v2", dry.StandardOutput, StringComparison.Ordinal);
        foreach (var run in runs) Assert.True(run.ExitCode == 0, run.StandardError);
        using var clone = new TempDirectory();
        var authenticated = url.Replace("http://", $"http://{server.Username}:{server.Password}@", StringComparison.Ordinal);
        await ProcessRunner.RunCheckedAsync(new ProcessSpec(Tools.Git, ["-c", "credential.helper=", "clone", "--quiet", authenticated, clone.Path + "/c"], Timeout: TimeSpan.FromMinutes(1)), Ct);
        Assert.Equal("resources: [deploy.yaml]\nimages:\n- name: ghcr.io/acme/web # CI sets this\n  newTag: v2\n", await File.ReadAllTextAsync(clone.Path + "/c/web/kustomization.yaml", Ct));
        Assert.Equal("image:\n  repository: ghcr.io/acme/api\n  tag: v3 # CI sets this\n", await File.ReadAllTextAsync(clone.Path + "/c/api/values.yaml", Ct));
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("authentication failed", wrong.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Wrong-pw-123", wrong.StandardError, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _timeout.Dispose();
        _data.Dispose();
    }
}

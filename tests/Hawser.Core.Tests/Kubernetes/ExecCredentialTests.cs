using Hawser.Kubernetes;
using Hawser.Testing;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>Exec credential plugins configured with the real kubectl and run as real processes.</summary>
public sealed class ExecCredentialTests : IDisposable
{
    private const string Plugin = """
        #!/bin/sh
        count=$(cat "$COUNTER" 2>/dev/null || echo 0)
        count=$((count+1))
        echo "$count" > "$COUNTER"
        printf '%s' "$KUBERNETES_EXEC_INFO" > "$COUNTER.info"
        printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s-%s-%s","expirationTimestamp":"%s"}}' "$ANSWER_VERSION" "$PREFIX" "$1" "$count" "$EXPIRY"
        """;

    private readonly TempDirectory _dir = new("hawser-exec");
    private readonly ManualTimeProvider _time = new();

    public void Dispose() => _dir.Dispose();

    private async Task<ClusterSettings> ConfigureAsync(string apiVersion, string expiry = "2026-01-01T00:10:00Z", string? answerVersion = null, string command = "bin/plugin.sh")
    {
        var plugin = _dir.Write("bin/plugin.sh", Plugin.Replace("\r", "", StringComparison.Ordinal));
        MakeExecutable(plugin);
        // kubectl rewrites the command relative to the kubeconfig's folder ("bin/plugin.sh"); without a slash it would be looked up on PATH.
        var config = await new KubectlConfig(Path.Combine(_dir.Path, "config"), _dir.Path)
            .RunAsync("set-cluster", "dev", "--server=https://127.0.0.1:6443", "--insecure-skip-tls-verify=true");
        await config.RunAsync("set-credentials", "cloud", $"--exec-command={(command.StartsWith('/') ? command : Path.Combine(_dir.Path, command))}", $"--exec-api-version={apiVersion}", "--exec-arg=arg1",
            $"--exec-env=COUNTER={Path.Combine(_dir.Path, "count")}", "--exec-env=PREFIX=tok", $"--exec-env=EXPIRY={expiry}",
            $"--exec-env=ANSWER_VERSION={answerVersion ?? apiVersion}", "--exec-interactive-mode=Never");
        await config.RunAsync("set-context", "dev", "--cluster=dev", "--user=cloud");
        // kubectl has no flag for installHint or provideClusterInfo: edit the fields kubectl wrote.
        var text = File.ReadAllText(config.Path).Replace("provideClusterInfo: false", "provideClusterInfo: true", StringComparison.Ordinal);
        var at = text.IndexOf("interactiveMode: Never", StringComparison.Ordinal);
        var indent = at - text.LastIndexOf('\n', at) - 1;
        File.WriteAllText(config.Path, text.Insert(at, "installHint: 'install it with: apt-get install cloud-auth'\n" + new string(' ', indent)));
        // The kubectl dispatcher on this machine runs the plugin itself while writing the context: start counting afresh.
        File.Delete(Path.Combine(_dir.Path, "count"));
        return KubeconfigLoader.Resolve(KubeconfigLoader.LoadMerged(config.Path, null, null), "dev", KubeconfigLoadOptions.UserProvided, _time);
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private int Runs => int.Parse(File.ReadAllText(Path.Combine(_dir.Path, "count")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("client.authentication.k8s.io/v1")]
    [InlineData("client.authentication.k8s.io/v1beta1")]
    public async Task The_plugin_token_is_cached_until_it_expires(string apiVersion)
    {
        var settings = await ConfigureAsync(apiVersion);

        var first = await settings.Credentials.GetAsync(TestTimeout.Token());
        var again = await settings.Credentials.GetAsync(TestTimeout.Token());
        _time.Advance(TimeSpan.FromMinutes(11));
        var renewed = await settings.Credentials.GetAsync(TestTimeout.Token());

        Assert.Equal("Bearer tok-arg1-1", first.Authorization);
        Assert.Same(first, again);
        Assert.Equal("Bearer tok-arg1-2", renewed.Authorization);
        Assert.Equal(2, Runs);
    }

    [Fact]
    public async Task Concurrent_requests_share_one_plugin_run_and_a_401_forces_a_new_one()
    {
        var settings = await ConfigureAsync("client.authentication.k8s.io/v1", expiry: "");

        var all = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => settings.Credentials.GetAsync(TestTimeout.Token()).AsTask()));
        Assert.All(all, c => Assert.Equal("Bearer tok-arg1-1", c.Authorization));
        Assert.Equal(1, Runs);

        Assert.True(settings.Credentials.Invalidate());
        Assert.Equal("Bearer tok-arg1-2", (await settings.Credentials.GetAsync(TestTimeout.Token())).Authorization);
    }

    [Fact]
    public async Task The_plugin_receives_KUBERNETES_EXEC_INFO_with_the_cluster_when_asked()
    {
        var settings = await ConfigureAsync("client.authentication.k8s.io/v1");

        await settings.Credentials.GetAsync(TestTimeout.Token());

        var info = File.ReadAllText(Path.Combine(_dir.Path, "count.info"));
        Assert.Contains("\"kind\":\"ExecCredential\"", info, StringComparison.Ordinal);
        Assert.Contains("\"interactive\":false", info, StringComparison.Ordinal);
        Assert.Contains("\"server\":\"https://127.0.0.1:6443\"", info, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_plugin_is_a_clear_error_with_the_install_hint()
    {
        var settings = await ConfigureAsync("client.authentication.k8s.io/v1", command: "/nonexistent/cloud-auth-plugin");

        var error = await Assert.ThrowsAsync<KubeconfigException>(async () => await settings.Credentials.GetAsync(TestTimeout.Token()));

        Assert.Contains("/nonexistent/cloud-auth-plugin", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install cloud-auth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_with_another_apiVersion_is_refused()
    {
        var settings = await ConfigureAsync("client.authentication.k8s.io/v1", answerVersion: "client.authentication.k8s.io/v1beta1");

        var error = await Assert.ThrowsAsync<KubeconfigException>(async () => await settings.Credentials.GetAsync(TestTimeout.Token()));

        Assert.Contains("expected 'client.authentication.k8s.io/v1'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-arg1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_plugin_is_reported_with_its_error_output_and_never_its_standard_output()
    {
        var plugin = _dir.Write("bin/failing.sh", "#!/bin/sh\necho 'LEAKED-TOKEN'\necho 'session expired: run cloud login' >&2\nexit 3\n");
        MakeExecutable(plugin);
        var settings = await ConfigureAsync("client.authentication.k8s.io/v1", command: "bin/failing.sh");

        var error = await Assert.ThrowsAsync<KubeconfigException>(async () => await settings.Credentials.GetAsync(TestTimeout.Token()));

        Assert.Contains("session expired: run cloud login", error.Message, StringComparison.Ordinal);
        Assert.Contains("exit 3", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LEAKED-TOKEN", error.Message, StringComparison.Ordinal);
    }
}

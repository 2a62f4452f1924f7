using Hawser.Kubernetes;
using Hawser.Testing;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>Kubeconfigs written by kubectl (CA by path, token, exec plugin, merged files) connect to the sandbox over HTTPS.</summary>
public sealed class SandboxKubeconfigTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IDisposable
{
    private readonly TempDirectory _dir = new("hawser-sandbox-kubeconfig");

    public void Dispose() => _dir.Dispose();

    private async Task<KubectlConfig> ClusterAsync(string file)
    {
        _dir.Write("pki/ca.crt", sandbox.Server.CaCertificatePem);
        return await new KubectlConfig(Path.Combine(_dir.Path, file), _dir.Path)
            .RunAsync("set-cluster", "sandbox", $"--server={sandbox.Server.BaseAddress}", "--certificate-authority=pki/ca.crt");
    }

    private static async Task<int> CountNamespacesAsync(KubernetesConnection connection) =>
        (await connection.Client.ListAsync(Objects.Namespaces, new ListOptions(), TestTimeout.Token())).Items.Count;

    [Fact]
    public async Task A_CA_file_and_a_token_written_by_kubectl_connect()
    {
        var config = await ClusterAsync("config");
        await config.RunAsync("set-credentials", "dev", $"--token={sandbox.Server.Token}");
        await config.RunAsync("set-context", "sandbox", "--cluster=sandbox", "--user=dev", "--namespace=kube-system");
        await config.RunAsync("use-context", "sandbox");

        using var connection = KubernetesClientFactory.FromKubeconfig(config.Path);

        Assert.Equal("kube-system", connection.Namespace);
        Assert.True(await CountNamespacesAsync(connection) >= 4);
    }

    [Fact]
    public async Task A_wrong_token_is_refused_as_unauthorized()
    {
        var config = await ClusterAsync("config");
        await config.RunAsync("set-credentials", "dev", "--token=not-the-token");
        await config.RunAsync("set-context", "sandbox", "--cluster=sandbox", "--user=dev");

        using var connection = KubernetesClientFactory.FromKubeconfig(config.Path, "sandbox");

        var error = await Assert.ThrowsAsync<UnauthorizedException>(() => CountNamespacesAsync(connection));
        Assert.DoesNotContain("not-the-token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_exec_plugin_supplies_the_token()
    {
        var plugin = _dir.Write("bin/sandbox-auth", $$$"""
            #!/bin/sh
            echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"{{{sandbox.Server.Token}}}"}}'
            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var config = await ClusterAsync("config");
        await config.RunAsync("set-credentials", "exec", $"--exec-command={plugin}", "--exec-api-version=client.authentication.k8s.io/v1beta1");
        await config.RunAsync("set-context", "sandbox", "--cluster=sandbox", "--user=exec");

        using var connection = KubernetesClientFactory.FromKubeconfig(config.Path, "sandbox");

        Assert.True(await CountNamespacesAsync(connection) >= 4);
    }

    [Fact]
    public async Task Merged_KUBECONFIG_files_connect_with_the_context_of_the_first_file()
    {
        var clusters = await ClusterAsync("clusters");
        var users = new KubectlConfig(Path.Combine(_dir.Path, "users"), _dir.Path);
        await users.RunAsync("set-credentials", "dev", $"--token={sandbox.Server.Token}");
        await users.RunAsync("set-context", "merged", "--cluster=sandbox", "--user=dev", "--namespace=team");
        await users.RunAsync("use-context", "merged");

        var file = KubeconfigLoader.LoadMerged(null, $"{users.Path}:{clusters.Path}", null);
        using var connection = KubernetesClientFactory.Connect(KubeconfigLoader.Resolve(file, null, KubeconfigLoadOptions.UserProvided, TimeProvider.System), null, null, null);

        Assert.Equal("merged", connection.Context);
        Assert.Equal("team", connection.Namespace);
        Assert.True(await CountNamespacesAsync(connection) >= 4);
    }
}

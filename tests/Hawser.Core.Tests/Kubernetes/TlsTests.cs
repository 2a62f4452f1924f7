using System.Net;
using Hawser.Kubernetes;
using Hawser.Testing;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>HTTPS as a kubeconfig written by kubectl describes it: CA trust, skip-verify, tls-server-name and client certificates.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly TempDirectory _dir = new("hawser-tls");
    private readonly TestCertificates _certificates = new();

    public void Dispose()
    {
        _certificates.Dispose();
        _dir.Dispose();
    }

    private static Task Version(Microsoft.AspNetCore.Http.HttpContext context) =>
        Answers.Json(context, 200, $$"""{"major":"1","minor":"33","client":"{{context.Connection.ClientCertificate?.Subject}}","protocol":"{{context.Request.Protocol}}"}""");

    private async Task<KubernetesConnection> ConnectAsync(Uri server, string caPem, Action<List<string>>? cluster = null, string[]? user = null)
    {
        _dir.Write("ca.crt", caPem);
        var config = new KubectlConfig(Path.Combine(_dir.Path, "config"), _dir.Path);
        var clusterArgs = new List<string> { "set-cluster", "stub", $"--server={server}", "--certificate-authority=ca.crt", "--embed-certs=true" };
        cluster?.Invoke(clusterArgs);
        await config.RunAsync([.. clusterArgs]);
        await config.RunAsync(["set-credentials", "u", .. user ?? ["--token=tls-token"]]);
        await config.RunAsync("set-context", "stub", "--cluster=stub", "--user=u");
        return KubernetesClientFactory.FromKubeconfig(config.Path, "stub", options: new KubernetesClientOptions(MaxRetries: 1, RetryBaseDelay: TimeSpan.FromMilliseconds(5)));
    }

    private static async Task<string> GetVersionAsync(KubernetesConnection connection)
    {
        var transport = ((KubernetesClient)connection.Client).Transport;
        using var response = await transport.SendAsync(new ApiRequest(HttpMethod.Get, "/version", RetryMode.Idempotent, ""), TestTimeout.Token());
        return await response!.Content.ReadAsStringAsync(TestTimeout.Token());
    }

    [Fact]
    public async Task The_embedded_CA_is_trusted_and_HTTP2_is_used_when_offered()
    {
        using var serverCertificate = _certificates.IssueServer(["localhost"]);
        await using var stub = await StubApiServer.StartAsync(Version, serverCertificate);
        using var connection = await ConnectAsync(stub.BaseAddress, _certificates.AuthorityPem);

        var version = await GetVersionAsync(connection);

        Assert.Contains("\"minor\":\"33\"", version, StringComparison.Ordinal);
        Assert.Contains("HTTP/2", version, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_is_refused_without_retrying()
    {
        using var other = new TestCertificates("other-ca");
        using var serverCertificate = other.IssueServer(["localhost"]);
        await using var stub = await StubApiServer.StartAsync(Version, serverCertificate);
        using var connection = await ConnectAsync(stub.BaseAddress, _certificates.AuthorityPem);

        await Assert.ThrowsAsync<KubernetesConnectionException>(() => GetVersionAsync(connection));

        Assert.Equal(0, ((KubernetesClient)connection.Client).Transport.Retries);
        Assert.DoesNotContain(stub.Requests, r => r.PathAndQuery == "/version");
    }

    [Fact]
    public async Task Insecure_skip_tls_verify_accepts_any_server_certificate()
    {
        using var other = new TestCertificates("other-ca");
        using var serverCertificate = other.IssueServer(["localhost"]);
        await using var stub = await StubApiServer.StartAsync(Version, serverCertificate);
        _dir.Write("ca.crt", _certificates.AuthorityPem);
        var config = new KubectlConfig(Path.Combine(_dir.Path, "config"), _dir.Path);
        await config.RunAsync("set-cluster", "stub", $"--server={stub.BaseAddress}", "--insecure-skip-tls-verify=true");
        await config.RunAsync("set-credentials", "u", "--token=t");
        await config.RunAsync("set-context", "stub", "--cluster=stub", "--user=u");
        using var connection = KubernetesClientFactory.FromKubeconfig(config.Path, "stub");

        Assert.Contains("\"minor\":\"33\"", await GetVersionAsync(connection), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_server_name_is_the_name_checked_when_the_certificate_does_not_name_the_address()
    {
        using var serverCertificate = _certificates.IssueServer(["kube.internal"], withLoopbackIp: false);
        await using var stub = await StubApiServer.StartAsync(Version, serverCertificate);
        using (var plain = await ConnectAsync(stub.BaseAddress, _certificates.AuthorityPem))
        {
            await Assert.ThrowsAsync<KubernetesConnectionException>(() => GetVersionAsync(plain));
        }

        using var named = await ConnectAsync(stub.BaseAddress, _certificates.AuthorityPem, args => args.Add("--tls-server-name=kube.internal"));

        Assert.Contains("\"minor\":\"33\"", await GetVersionAsync(named), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_certificate_with_an_RSA_or_EC_key_authenticates_over_mutual_TLS(bool ec)
    {
        using var serverCertificate = _certificates.IssueServer(["localhost"]);
        await using var stub = await StubApiServer.StartAsync(Version, serverCertificate, requireClientCertificate: true);
        var (cert, key) = _certificates.IssueClient(ec ? "ec-admin" : "rsa-admin", ec);
        _dir.Write("client.crt", cert);
        _dir.Write("client.key", key);
        using var connection = await ConnectAsync(stub.BaseAddress, _certificates.AuthorityPem, user: ["--client-certificate=client.crt", "--client-key=client.key", "--embed-certs=true"]);

        var version = await GetVersionAsync(connection);

        Assert.Contains(ec ? "CN=ec-admin" : "CN=rsa-admin", version, StringComparison.Ordinal);
        // The kubectl dispatcher probes /version?timeout=5s while writing the config: only our request counts.
        var ours = Assert.Single(stub.Requests, r => r.PathAndQuery == "/version");
        Assert.Equal(ec ? "CN=ec-admin" : "CN=rsa-admin", ours.ClientCertificateSubject);
        Assert.False(ours.Headers.ContainsKey("Authorization"));
    }
}

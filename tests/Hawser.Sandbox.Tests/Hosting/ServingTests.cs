using System.Net;
using Hawser.Sandbox.Tests.Support;

namespace Hawser.Sandbox.Tests.Hosting;

public sealed class ServingTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Version_reports_a_minor_the_kubectl_dispatcher_maps_to_a_real_binary()
    {
        var reply = await sandbox.Client.GetAsync("/version");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("1", reply.Str("major"));
        Assert.Contains(reply.Str("minor"), new[] { "32", "33" });
        Assert.StartsWith("application/json", reply.ContentType);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    [InlineData("/livez")]
    public async Task Health_endpoints_answer_ok_without_a_token(string path)
    {
        using var anonymous = new SandboxClient(sandbox.Server, token: "wrong");
        var reply = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("ok", reply.Text);
    }

    [Fact]
    public async Task Api_requests_without_the_token_are_unauthorized_with_a_status()
    {
        using var anonymous = new SandboxClient(sandbox.Server, token: "not-the-token");
        var reply = await anonymous.GetAsync("/api/v1/namespaces");
        Assert.Equal(HttpStatusCode.Unauthorized, reply.Status);
        Assert.Equal("Status", reply.Str("kind"));
        Assert.Equal("Unauthorized", reply.Str("reason"));
    }

    [Fact]
    public void Kubeconfig_embeds_the_ca_and_token_under_the_hawser_sandbox_context()
    {
        var text = File.ReadAllText(sandbox.Server.KubeconfigPath);
        Assert.Contains("current-context: hawser-sandbox", text);
        Assert.Contains($"server: https://127.0.0.1:{sandbox.Server.Port}", text);
        Assert.Contains($"token: {sandbox.Server.Token}", text);
        Assert.Contains(Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(sandbox.Server.CaCertificatePem)), text);
        Assert.Equal(sandbox.Server.Port, sandbox.Server.BaseAddress.Port);
        Assert.Equal("127.0.0.1", sandbox.Server.BaseAddress.Host);
    }

    [Fact]
    public async Task System_namespaces_exist_from_the_start()
    {
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            var reply = await sandbox.Client.GetAsync($"/api/v1/namespaces/{name}");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            Assert.Equal("Active", reply.Str("status.phase"));
        }
    }

    [Fact]
    public async Task Unknown_paths_are_not_found_statuses()
    {
        var reply = await sandbox.Client.GetAsync("/apis/nope.example.com/v1/widgets");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("Status", reply.Str("kind"));
        Assert.Equal("v1", reply.Str("apiVersion"));
    }
}

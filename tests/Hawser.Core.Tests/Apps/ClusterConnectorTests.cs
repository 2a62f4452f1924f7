using Hawser.Apps;
using Hawser.Kubernetes;
using Hawser.Testing;

namespace Hawser.Core.Tests.Apps;

public sealed class ClusterConnectorTests
{
    private const string Kubeconfig = """
        apiVersion: v1
        kind: Config
        current-context: dev
        clusters:
        - name: dev-cluster
          cluster: {server: "https://dev.example:6443", insecure-skip-tls-verify: true}
        - name: prod-cluster
          cluster: {server: "https://prod.example:6443/", insecure-skip-tls-verify: true}
        users:
        - name: u
          user: {token: not-a-real-token}
        contexts:
        - name: dev
          context: {cluster: dev-cluster, user: u, namespace: team-a}
        - name: prod
          context: {cluster: prod-cluster, user: u}
        """;

    [Theory]
    [InlineData("https://kubernetes.default.svc", null, null, "dev")]
    [InlineData(null, "in-cluster", null, "dev")]
    [InlineData("https://kubernetes.default.svc", null, "prod", "prod")]
    [InlineData(null, "prod", null, "prod")]
    [InlineData("https://prod.example:6443", null, null, "prod")]
    [InlineData("https://dev.example:6443/", null, "prod", "dev")]
    public void A_destination_maps_to_a_kubeconfig_context(string? server, string? name, string? contextFlag, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("kubeconfig", Kubeconfig);
        using var connector = new ClusterConnector(path, contextFlag);

        var connection = connector.Connect(new ApplicationDestination(server, name, ""));

        Assert.Equal(expected, connection.Context);
        Assert.Same(connection, connector.Connect(new ApplicationDestination(server, name, "")));
    }

    [Fact]
    public void An_unknown_server_is_an_error_listing_the_known_ones()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("kubeconfig", Kubeconfig);
        using var connector = new ClusterConnector(path, null);

        var e = Assert.Throws<KubeconfigException>(() => connector.Connect(new ApplicationDestination("https://other.example", null, "")));

        Assert.Contains("https://other.example", e.Message, StringComparison.Ordinal);
        Assert.Contains("https://dev.example:6443", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-real-token", e.Message, StringComparison.Ordinal);
    }
}

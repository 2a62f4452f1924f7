using Hawser.Kubernetes;
using Hawser.Manifests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>Discovery against a server that only speaks legacy discovery (APIVersions, APIGroupList, APIResourceList).</summary>
public sealed class LegacyDiscoveryTests
{
    private static Task Legacy(HttpContext context) => context.Request.Path.Value switch
    {
        "/api" => Answers.Json(context, 200, """{"kind":"APIVersions","versions":["v1"]}"""),
        "/apis" => Answers.Json(context, 200, """
            {"kind":"APIGroupList","apiVersion":"v1","groups":[
              {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},
              {"name":"metrics.k8s.io","versions":[{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}],"preferredVersion":{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}}]}
            """),
        "/api/v1" => Answers.Json(context, 200, """
            {"kind":"APIResourceList","groupVersion":"v1","resources":[
              {"name":"configmaps","namespaced":true,"kind":"ConfigMap","verbs":["create","delete","get","list","patch","update","watch"]},
              {"name":"namespaces","namespaced":false,"kind":"Namespace","verbs":["create","delete","get","list","watch"]},
              {"name":"namespaces/status","namespaced":false,"kind":"Namespace","verbs":["get","patch","update"]}]}
            """),
        "/apis/apps/v1" => Answers.Json(context, 200, """
            {"kind":"APIResourceList","groupVersion":"apps/v1","resources":[
              {"name":"deployments","namespaced":true,"kind":"Deployment","verbs":["get","list","patch"]},
              {"name":"deployments/status","namespaced":true,"kind":"Deployment","verbs":["get","patch","update"]},
              {"name":"deployments/scale","namespaced":true,"group":"autoscaling","version":"v1","kind":"Scale","verbs":["get","patch","update"]}]}
            """),
        _ => Answers.Status(context, 503, "ServiceUnavailable", "the aggregated API is unavailable"),
    };

    [Fact]
    public async Task Legacy_discovery_maps_every_group_version_and_skips_one_that_fails()
    {
        await using var stub = await StubApiServer.StartAsync(Legacy);
        using var transport = TransportTests.Transport(stub.BaseAddress, new KubernetesClientOptions(MaxRetries: 0));
        var mapper = new RestMapper(new ApiDiscovery(transport, NullLogger.Instance), NullLogger.Instance);

        var deployments = await mapper.GetAsync(new GroupVersionKind("apps", "v1", "Deployment"), TestTimeout.Token());
        var namespaces = await mapper.GetAsync(new GroupVersionKind("", "v1", "Namespace"), TestTimeout.Token());
        var configMaps = await mapper.GetAsync(new GroupVersionKind("", "v1", "ConfigMap"), TestTimeout.Token());

        Assert.Equal(("deployments", true, true), (deployments.Resource, deployments.Namespaced, deployments.HasStatusSubresource));
        Assert.Equal(("namespaces", false, true), (namespaces.Resource, namespaces.Namespaced, namespaces.HasStatusSubresource));
        Assert.False(configMaps.HasStatusSubresource);
        Assert.Contains(stub.Requests, r => r.PathAndQuery == "/apis/metrics.k8s.io/v1beta1");
        Assert.Contains("as=APIGroupDiscoveryList", stub.Requests.First(r => r.PathAndQuery == "/api").Headers["Accept"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_miss_refreshes_discovery_once_and_a_hit_never_does()
    {
        await using var stub = await StubApiServer.StartAsync(Legacy);
        using var transport = TransportTests.Transport(stub.BaseAddress, new KubernetesClientOptions(MaxRetries: 0));
        var mapper = new RestMapper(new ApiDiscovery(transport, NullLogger.Instance), NullLogger.Instance);

        for (var i = 0; i < 5; i++) await mapper.GetAsync(new GroupVersionKind("apps", "v1", "Deployment"), TestTimeout.Token());
        Assert.Equal(1, stub.Count("GET", "/apis/apps/v1"));

        await Assert.ThrowsAsync<UnknownKindException>(() => mapper.GetAsync(new GroupVersionKind("example.com", "v1", "Widget"), TestTimeout.Token()));
        Assert.Equal(2, stub.Count("GET", "/apis/apps/v1"));

        mapper.Invalidate();
        await mapper.GetAsync(new GroupVersionKind("apps", "v1", "Deployment"), TestTimeout.Token());
        Assert.Equal(3, stub.Count("GET", "/apis/apps/v1"));
    }
}

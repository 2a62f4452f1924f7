using System.Net;
using Hawser.Sandbox.Tests.Support;

namespace Hawser.Sandbox.Tests.Http;

public sealed class ScaleTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Aggregated = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private SandboxClient Client => sandbox.Client;

    private async Task<string> DeploymentAsync(string ns)
    {
        var reply = await Client.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments",
            """{"metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["b","a"]}]},"template":{"metadata":{"labels":{"app":"web","tier":"a"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}}}""");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return $"/apis/apps/v1/namespaces/{ns}/deployments/web";
    }

    [Fact]
    public async Task Get_scale_shows_desired_and_observed_replicas_and_the_selector()
    {
        var path = await DeploymentAsync(await Client.CreateNamespaceAsync(sandbox.NextName("scale-get")));
        var scale = await Client.GetAsync($"{path}/scale");
        Assert.Equal(HttpStatusCode.OK, scale.Status);
        Assert.Equal("Scale", scale.Str("kind"));
        Assert.Equal("autoscaling/v1", scale.Str("apiVersion"));
        Assert.Equal("web", scale.Str("metadata.name"));
        Assert.Equal("2", scale.Str("spec.replicas"));
        Assert.Equal("0", scale.Str("status.replicas"));
        Assert.Equal("app=web,tier in (a,b)", scale.Str("status.selector"));
    }

    [Fact]
    public async Task Patch_and_put_on_scale_change_only_the_replicas_and_bump_the_generation()
    {
        var path = await DeploymentAsync(await Client.CreateNamespaceAsync(sandbox.NextName("scale-write")));
        var patched = await Client.PatchAsync($"{path}/scale?fieldManager=scaler", """{"spec":{"replicas":5}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("5", patched.Str("spec.replicas"));
        var deployment = await Client.GetAsync(path);
        Assert.Equal("5", deployment.Str("spec.replicas"));
        Assert.Equal("2", deployment.Str("metadata.generation"));
        Assert.Contains(deployment.Json!["metadata"]!["managedFields"]!.AsArray(), e => e!["manager"]!.ToString() == "scaler");

        var put = await Client.PutAsync($"{path}/scale", """{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web"},"spec":{"replicas":1}}""");
        Assert.Equal("1", put.Str("spec.replicas"));
        var json = await Client.PatchAsync($"{path}/scale", """[{"op":"replace","path":"/spec/replicas","value":4}]""", "application/json-patch+json");
        Assert.Equal("4", json.Str("spec.replicas"));
        Assert.Equal("4", (await Client.GetAsync(path)).Str("spec.replicas"));
    }

    [Fact]
    public async Task Scale_refuses_negative_replicas_and_a_stale_resource_version()
    {
        var path = await DeploymentAsync(await Client.CreateNamespaceAsync(sandbox.NextName("scale-bad")));
        var negative = await Client.PatchAsync($"{path}/scale", """{"spec":{"replicas":-1}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, negative.Status);
        Assert.Equal("Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", negative.Str("message"));
        var stale = await Client.PutAsync($"{path}/scale", """{"metadata":{"name":"web","resourceVersion":"1"},"spec":{"replicas":3}}""");
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal("2", (await Client.GetAsync(path)).Str("spec.replicas"));
    }

    [Fact]
    public async Task Kinds_without_scale_answer_not_found_and_discovery_lists_scale_where_it_exists()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("scale-none"));
        await Client.CreateConfigMapAsync(ns, "cm");
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/cm/scale")).Status);

        var discovery = await Client.GetAsync("/apis", Aggregated);
        var apps = discovery.Json!["items"]!.AsArray().Single(i => i!["metadata"]!["name"]!.ToString() == "apps")!;
        var deployments = apps["versions"]![0]!["resources"]!.AsArray().Single(r => r!["resource"]!.ToString() == "deployments")!;
        var scale = deployments["subresources"]!.AsArray().Single(s => s!["subresource"]!.ToString() == "scale")!;
        Assert.Equal("Scale", scale["responseKind"]!["kind"]!.ToString());
        Assert.Equal("autoscaling", scale["responseKind"]!["group"]!.ToString());
        var legacy = await Client.GetAsync("/apis/apps/v1");
        Assert.Contains(legacy.Json!["resources"]!.AsArray(), r => r!["name"]!.ToString() == "statefulsets/scale" && r["kind"]!.ToString() == "Scale");
    }

    [Fact]
    public async Task A_custom_resource_scales_through_the_paths_its_crd_declares()
    {
        var group = $"{sandbox.NextName("scalecr")}.example.com";
        var crd = $$$$"""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"pools.{{{{group}}}}"},
             "spec":{"group":"{{{{group}}}}","scope":"Namespaced","names":{"plural":"pools","singular":"pool","kind":"Pool"},
              "versions":[{"name":"v1","served":true,"storage":true,
                "subresources":{"status":{},"scale":{"specReplicasPath":".spec.size","statusReplicasPath":".status.size","labelSelectorPath":".status.selector"}},
                "schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
            """;
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", crd)).Status);
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("scalecr-ns"));
        var path = $"/apis/{group}/v1/namespaces/{ns}/pools/p1";
        await Client.PostAsync($"/apis/{group}/v1/namespaces/{ns}/pools", $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Pool","metadata":{"name":"p1"},"spec":{"size":1}}""");
        await Client.PatchAsync($"{path}/status", """{"status":{"size":1,"selector":"pool=p1"}}""", "application/merge-patch+json");

        var scale = await Client.GetAsync($"{path}/scale");
        Assert.Equal("1", scale.Str("spec.replicas"));
        Assert.Equal("1", scale.Str("status.replicas"));
        Assert.Equal("pool=p1", scale.Str("status.selector"));
        var patched = await Client.PatchAsync($"{path}/scale", """{"spec":{"replicas":3}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal("3", (await Client.GetAsync(path)).Str("spec.size"));
    }
}

using System.Net;
using Hawser.Sandbox.Tests.Support;

namespace Hawser.Sandbox.Tests.Api;

public sealed class CrdTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Aggregated = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private SandboxClient Client => sandbox.Client;

    private static string Crd(string group, string scope = "Namespaced", string versions = """[{"name":"v1","served":true,"storage":true,"subresources":{"status":{}},"additionalPrinterColumns":[{"name":"Size","type":"integer","jsonPath":".spec.size"}],"schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object","properties":{"size":{"type":"integer"},"items":{"type":"array","x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],"items":{"type":"object"}}}},"status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]""") =>
        $$$"""{"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.{{{group}}}"},"spec":{"group":"{{{group}}}","scope":"{{{scope}}}","names":{"plural":"widgets","singular":"widget","kind":"Widget","shortNames":["wd"]},"versions":{{{versions}}}}}""";

    [Fact]
    public async Task A_crd_appears_in_discovery_and_openapi_at_once_and_disappears_on_delete()
    {
        var group = $"{sandbox.NextName("disc")}.example.com";
        Assert.Equal(HttpStatusCode.Created, (await Client.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd(group))).Status);

        var discovery = await Client.GetAsync("/apis", Aggregated);
        var item = discovery.Json!["items"]!.AsArray().Single(i => i!["metadata"]!["name"]!.ToString() == group)!;
        var widgets = item["versions"]![0]!["resources"]![0]!;
        Assert.Equal("widgets", widgets["resource"]!.ToString());
        Assert.Equal("Widget", widgets["responseKind"]!["kind"]!.ToString());
        Assert.Equal("wd", widgets["shortNames"]![0]!.ToString());
        var openapi = await Client.GetAsync("/openapi/v3");
        Assert.NotNull(openapi.Json!["paths"]![$"apis/{group}/v1"]);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/apis/{group}/v1")).Status);

        await Client.DeleteAsync($"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.{group}");
        var after = await Client.GetAsync("/apis", Aggregated);
        Assert.DoesNotContain(after.Json!["items"]!.AsArray(), i => i!["metadata"]!["name"]!.ToString() == group);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/apis/{group}/v1/widgets")).Status);
    }

    [Fact]
    public async Task Custom_resources_are_served_with_status_subresource_and_printer_columns()
    {
        var group = $"{sandbox.NextName("cr")}.example.com";
        await Client.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd(group));
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("crns"));
        var path = $"/apis/{group}/v1/namespaces/{ns}/widgets";
        var created = await Client.PostAsync(path, $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Widget","metadata":{"name":"w1"},"spec":{"size":3},"status":{"ready":true}}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("1", created.Str("metadata.generation"));
        Assert.Equal("", created.Str("status.ready"));

        var status = await Client.PatchAsync($"{path}/w1/status", """{"status":{"ready":true}}""", "application/merge-patch+json");
        Assert.Equal("true", status.Str("status.ready"));
        Assert.Equal("1", status.Str("metadata.generation"));
        var spec = await Client.PatchAsync($"{path}/w1", """{"spec":{"size":5}}""", "application/merge-patch+json");
        Assert.Equal("2", spec.Str("metadata.generation"));

        var table = await Client.GetAsync(path, "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        Assert.Equal(["Name", "Size", "Age"], table.Json!["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.ToString()));
        Assert.Equal("5", table.Str("rows.0.cells.1"));

        var smp = await Client.PatchAsync($"{path}/w1", """{"spec":{"size":6}}""", "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, smp.Status);
        Assert.Equal("UnsupportedMediaType", smp.Str("reason"));
    }

    [Fact]
    public async Task Cluster_scoped_crds_serve_without_namespaces()
    {
        var group = $"{sandbox.NextName("cluster")}.example.com";
        await Client.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd(group, "Cluster"));
        var created = await Client.PostAsync($"/apis/{group}/v1/widgets", $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Widget","metadata":{"name":"global"}}""");
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("", created.Str("metadata.namespace"));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/apis/{group}/v1/namespaces/default/widgets")).Status);
    }

    [Fact]
    public async Task The_storage_version_is_listed_first_and_every_served_version_works()
    {
        var group = $"{sandbox.NextName("multi")}.example.com";
        var versions = """[{"name":"v1alpha1","served":true,"storage":false},{"name":"v1","served":true,"storage":true},{"name":"v0","served":false,"storage":false}]""";
        await Client.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd(group, versions: versions));
        var discovery = await Client.GetAsync("/apis", Aggregated);
        var item = discovery.Json!["items"]!.AsArray().Single(i => i!["metadata"]!["name"]!.ToString() == group)!;
        Assert.Equal(["v1", "v1alpha1"], item["versions"]!.AsArray().Select(v => v!["version"]!.ToString()));

        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("multins"));
        await Client.PostAsync($"/apis/{group}/v1alpha1/namespaces/{ns}/widgets", $$$"""{"apiVersion":"{{{group}}}/v1alpha1","kind":"Widget","metadata":{"name":"old"}}""");
        var asV1 = await Client.GetAsync($"/apis/{group}/v1/namespaces/{ns}/widgets/old");
        Assert.Equal($"{group}/v1", asV1.Str("apiVersion"));
        var asAlpha = await Client.GetAsync($"/apis/{group}/v1alpha1/namespaces/{ns}/widgets");
        Assert.Equal($"{group}/v1alpha1", asAlpha.Str("items.0.apiVersion"));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/apis/{group}/v0/namespaces/{ns}/widgets")).Status);
    }

    [Fact]
    public async Task Crds_become_established_and_deleting_one_removes_its_resources()
    {
        var group = $"{sandbox.NextName("est")}.example.com";
        await Client.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd(group));
        var crdPath = $"/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.{group}";
        await Eventually.TrueAsync(async () => (await Client.GetAsync(crdPath)).Str("status.conditions.1.type") == "Established", "the CRD is established", timeoutMs: 30_000);
        Assert.Equal("Widget", (await Client.GetAsync(crdPath)).Str("status.acceptedNames.kind"));

        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("estns"));
        await Client.PostAsync($"/apis/{group}/v1/namespaces/{ns}/widgets", $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Widget","metadata":{"name":"w"}}""");
        await Client.DeleteAsync(crdPath);
        await Eventually.TrueAsync(() => Task.FromResult(sandbox.Server.Store.List(new("" + group, "widgets"), null).Items.Count == 0), "the widgets are gone");
    }

    [Fact]
    public async Task Undefined_kinds_and_malformed_crds_are_rejected()
    {
        var undefined = await Client.PostAsync("/apis/nothing.example.com/v1/namespaces/default/widgets", """{"apiVersion":"nothing.example.com/v1","kind":"Widget","metadata":{"name":"w"}}""");
        Assert.Equal(HttpStatusCode.NotFound, undefined.Status);
        var wrongName = Crd("good.example.com").Replace("\"name\":\"widgets.good.example.com\"", "\"name\":\"gadgets.good.example.com\"");
        var reply = await Client.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", wrongName);
        Assert.Equal((HttpStatusCode)422, reply.Status);
        Assert.Contains("spec.names.plural", reply.Str("message"));
    }

    [Fact]
    public async Task Server_side_apply_merges_crd_list_map_items_by_key()
    {
        var group = $"{sandbox.NextName("ssa")}.example.com";
        await Client.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd(group));
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("ssans"));
        var path = $"/apis/{group}/v1/namespaces/{ns}/widgets/w";
        var first = await Client.PatchAsync($"{path}?fieldManager=a", $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"items":[{"name":"x","v":1}]}}""", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Created, first.Status);
        var second = await Client.PatchAsync($"{path}?fieldManager=b", $$$"""{"apiVersion":"{{{group}}}/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"items":[{"name":"y","v":2}]}}""", "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Equal(["x", "y"], second.Json!["spec"]!["items"]!.AsArray().Select(i => i!["name"]!.ToString()).Order());
    }
}

using System.Net;
using Hawser.Sandbox.Tests.Support;

namespace Hawser.Sandbox.Tests.Http;

public sealed class PatchTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private const string Apply = "application/apply-patch+yaml";
    private SandboxClient Client => sandbox.Client;

    [Fact]
    public async Task Server_side_apply_creates_a_missing_object_then_updates_it()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("ssa"));
        var path = $"/api/v1/namespaces/{ns}/configmaps/foo?fieldManager=kubectl&fieldValidation=Strict&force=false";
        var created = await Client.PatchAsync(path, $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"foo","namespace":"{{{ns}}}"},"data":{"a":"1"}}""", Apply);
        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("kubectl", created.Str("metadata.managedFields.0.manager"));
        Assert.Equal("Apply", created.Str("metadata.managedFields.0.operation"));
        var updated = await Client.PatchAsync(path, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"foo"},"data":{"a":"2"}}""", Apply);
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal("2", updated.Str("data.a"));
    }

    [Fact]
    public async Task Fields_a_manager_stops_applying_are_removed()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("ssa-remove"));
        var path = $"/api/v1/namespaces/{ns}/configmaps/foo?fieldManager=hawser";
        await Client.PatchAsync(path, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"foo"},"data":{"a":"1","b":"2"}}""", Apply);
        var reapplied = await Client.PatchAsync(path, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"foo"},"data":{"a":"1"}}""", Apply);
        Assert.Equal("", reapplied.Str("data.b"));
        Assert.Equal("1", reapplied.Str("data.a"));
    }

    [Fact]
    public async Task Apply_conflicts_are_409_with_a_cause_per_field_unless_forced()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("ssa-conflict"));
        await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps?fieldManager=kubectl-create", """{"metadata":{"name":"foo"},"data":{"a":"1"}}""");
        var path = $"/api/v1/namespaces/{ns}/configmaps/foo?fieldManager=kubectl&force=false";
        var conflict = await Client.PatchAsync(path, """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"foo"},"data":{"a":"2"}}""", Apply);
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("Conflict", conflict.Str("reason"));
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-create\" using v1: .data.a", conflict.Str("message"));
        Assert.Equal("FieldManagerConflict", conflict.Str("details.causes.0.reason"));
        Assert.Equal(".data.a", conflict.Str("details.causes.0.field"));

        var forced = await Client.PatchAsync(path.Replace("force=false", "force=true"), """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"foo"},"data":{"a":"2"}}""", Apply);
        Assert.Equal(HttpStatusCode.OK, forced.Status);
        Assert.Equal("2", forced.Str("data.a"));
    }

    [Fact]
    public async Task Dry_run_apply_returns_the_would_be_object_without_storing_it()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("ssa-dry"));
        var before = sandbox.Server.Store.ResourceVersion;
        var reply = await Client.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/foo?fieldManager=kubectl&dryRun=All",
            """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"foo"},"data":{"a":"1"}}""", Apply);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("1", reply.Str("data.a"));
        Assert.Equal(before, sandbox.Server.Store.ResourceVersion);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/foo")).Status);
    }

    [Fact]
    public async Task Reapplying_the_same_manifest_does_not_bump_the_resource_version()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("ssa-same"));
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments/web?fieldManager=hawser&force=true";
        var body = """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27","ports":[{"containerPort":80}]}]}}}}""";
        var first = await Client.PatchAsync(path, body, Apply);
        var second = await Client.PatchAsync(path, body, Apply);
        Assert.Equal(first.Str("metadata.resourceVersion"), second.Str("metadata.resourceVersion"));
        Assert.Equal("1", second.Str("metadata.generation"));
    }

    [Fact]
    public async Task Merge_json_and_strategic_patches_work_on_built_in_kinds()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("patch"));
        await Client.CreateConfigMapAsync(ns, "foo");
        var path = $"/api/v1/namespaces/{ns}/configmaps/foo";
        Assert.Equal("2", (await Client.PatchAsync(path, """{"data":{"a":"2"}}""", "application/merge-patch+json")).Str("data.a"));
        Assert.Equal("3", (await Client.PatchAsync(path, """[{"op":"replace","path":"/data/a","value":"3"}]""", "application/json-patch+json")).Str("data.a"));
        Assert.Equal("4", (await Client.PatchAsync(path, """{"data":{"a":"4"}}""", "application/strategic-merge-patch+json")).Str("data.a"));
        var invalid = await Client.PatchAsync(path, """[{"op":"replace","path":"/data/missing/x","value":"3"}]""", "application/json-patch+json");
        Assert.Equal((HttpStatusCode)422, invalid.Status);
    }

    [Fact]
    public async Task A_resource_version_inside_a_patch_is_a_precondition()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("patch-rv"));
        await Client.CreateConfigMapAsync(ns, "foo");
        var stale = await Client.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/foo", """{"data":{"a":"9"},"metadata":{"resourceVersion":"1"}}""", "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
    }

    [Fact]
    public async Task Patching_a_missing_object_is_not_found()
    {
        var reply = await Client.PatchAsync("/api/v1/namespaces/default/configmaps/none", """{"data":{"a":"2"}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
    }
}

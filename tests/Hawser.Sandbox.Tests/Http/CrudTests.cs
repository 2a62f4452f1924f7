using System.Net;
using Hawser.Sandbox.Tests.Support;

namespace Hawser.Sandbox.Tests.Http;

public sealed class CrudTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => sandbox.Client;

    [Fact]
    public async Task Created_objects_get_uid_creation_timestamp_and_resource_version()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("crud"));
        var created = await Client.CreateConfigMapAsync(ns, "foo");
        Assert.Matches("^[0-9a-f-]{36}$", created.Str("metadata.uid"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", created.Str("metadata.creationTimestamp"));
        Assert.True(long.Parse(created.Str("metadata.resourceVersion")) > 0);
        var read = await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/foo");
        Assert.Equal(created.Str("metadata.uid"), read.Str("metadata.uid"));
        Assert.Equal("1", read.Str("data.a"));
    }

    [Fact]
    public async Task Resource_versions_increase_globally_across_kinds()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("rv"));
        var first = long.Parse((await Client.CreateConfigMapAsync(ns, "a")).Str("metadata.resourceVersion"));
        var secret = await Client.PostAsync($"/api/v1/namespaces/{ns}/secrets", """{"metadata":{"name":"s"},"stringData":{"k":"v"}}""");
        var second = long.Parse(secret.Str("metadata.resourceVersion"));
        Assert.True(second > first);
        Assert.Equal("dg==", secret.Str("data.k"));
        Assert.Equal("Opaque", secret.Str("type"));
    }

    [Fact]
    public async Task Missing_object_is_a_not_found_status_kubectl_can_print()
    {
        var reply = await Client.GetAsync("/api/v1/namespaces/default/configmaps/nope");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("Status", reply.Str("kind"));
        Assert.Equal("v1", reply.Str("apiVersion"));
        Assert.Equal("Failure", reply.Str("status"));
        Assert.Equal("NotFound", reply.Str("reason"));
        Assert.Equal("configmaps \"nope\" not found", reply.Str("message"));
        Assert.Equal("nope", reply.Str("details.name"));
        Assert.Equal("404", reply.Str("code"));
        var grouped = await Client.GetAsync("/apis/apps/v1/namespaces/default/deployments/web");
        Assert.Equal("deployments.apps \"web\" not found", grouped.Str("message"));
    }

    [Fact]
    public async Task Creating_a_taken_name_is_already_exists()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("dup"));
        await Client.CreateConfigMapAsync(ns, "bar");
        var reply = await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"bar"}}""");
        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
        Assert.Equal("AlreadyExists", reply.Str("reason"));
        Assert.Equal("configmaps \"bar\" already exists", reply.Str("message"));
    }

    [Fact]
    public async Task Names_that_are_not_dns_1123_are_invalid_with_causes()
    {
        var reply = await Client.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"BadName"}}""");
        Assert.Equal((HttpStatusCode)422, reply.Status);
        Assert.Equal("Invalid", reply.Str("reason"));
        Assert.StartsWith("ConfigMap \"BadName\" is invalid: metadata.name: Invalid value: \"BadName\": a lowercase RFC 1123 subdomain", reply.Str("message"));
        Assert.Equal("ConfigMap", reply.Str("details.kind"));
        Assert.Equal("metadata.name", reply.Str("details.causes.0.field"));
        Assert.Equal("FieldValueInvalid", reply.Str("details.causes.0.reason"));

        var label = await Client.PostAsync("/api/v1/namespaces", """{"metadata":{"name":"has.dot"}}""");
        Assert.Equal((HttpStatusCode)422, label.Status);
        Assert.Contains("RFC 1123 label", label.Str("message"));
        var none = await Client.PostAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{}}""");
        Assert.Equal("FieldValueRequired", none.Str("details.causes.0.reason"));
    }

    [Fact]
    public async Task Generate_name_appends_five_random_characters()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("gen"));
        var reply = await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"generateName":"job-"}}""");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Matches("^job-[bcdfghjklmnpqrstvwxz2456789]{5}$", reply.Str("metadata.name"));
    }

    [Fact]
    public async Task Namespaced_objects_need_an_existing_namespace()
    {
        var reply = await Client.PostAsync("/api/v1/namespaces/nope/configmaps", """{"metadata":{"name":"a"}}""");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("namespaces \"nope\" not found", reply.Str("message"));
        var list = await Client.GetAsync("/api/v1/namespaces/nosuchns/configmaps");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Empty(list.Json!["items"]!.AsArray());
    }

    [Fact]
    public async Task Namespace_in_the_body_must_match_the_url()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("mismatch"));
        var reply = await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"a","namespace":"other"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }

    [Fact]
    public async Task Stale_resource_version_is_a_conflict()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("occ"));
        var created = await Client.CreateConfigMapAsync(ns, "bar");
        var rv = created.Str("metadata.resourceVersion");
        var first = await Client.PutAsync($"/api/v1/namespaces/{ns}/configmaps/bar", $$$"""{"metadata":{"name":"bar","resourceVersion":"{{{rv}}}"},"data":{"a":"2"}}""");
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.NotEqual(rv, first.Str("metadata.resourceVersion"));
        var stale = await Client.PutAsync($"/api/v1/namespaces/{ns}/configmaps/bar", $$$"""{"metadata":{"name":"bar","resourceVersion":"{{{rv}}}"},"data":{"a":"3"}}""");
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal("Conflict", stale.Str("reason"));
        Assert.Equal("Operation cannot be fulfilled on configmaps \"bar\": the object has been modified; please apply your changes to the latest version and try again", stale.Str("message"));
        Assert.Equal("2", (await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/bar")).Str("data.a"));
    }

    [Fact]
    public async Task An_update_that_changes_nothing_keeps_the_resource_version()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("noop"));
        var created = await Client.CreateConfigMapAsync(ns, "same");
        var again = await Client.PutAsync($"/api/v1/namespaces/{ns}/configmaps/same", """{"metadata":{"name":"same"},"data":{"a":"1"}}""");
        Assert.Equal(created.Str("metadata.resourceVersion"), again.Str("metadata.resourceVersion"));
    }

    [Fact]
    public async Task Generation_is_bumped_on_spec_changes_only_and_status_goes_through_the_subresource()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("gen"));
        var path = $"/apis/apps/v1/namespaces/{ns}/deployments";
        var created = await Client.PostAsync(path, """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}}}},"status":{"readyReplicas":5}}""");
        Assert.Equal("1", created.Str("metadata.generation"));
        Assert.Equal("", created.Str("status.readyReplicas"));

        var labelled = await Client.PutAsync($"{path}/web", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"a":"b"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}}}},"status":{"readyReplicas":3}}""");
        Assert.Equal("1", labelled.Str("metadata.generation"));
        Assert.Equal("", labelled.Str("status.readyReplicas"));

        var scaled = await Client.PutAsync($"{path}/web", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}}}}}""");
        Assert.Equal("2", scaled.Str("metadata.generation"));

        var status = await Client.PutAsync($"{path}/web/status", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":9,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}}}},"status":{"readyReplicas":2}}""");
        Assert.Equal("2", status.Str("status.readyReplicas"));
        Assert.Equal("2", status.Str("spec.replicas"));
        Assert.Equal("2", status.Str("metadata.generation"));
        Assert.Equal("2", (await Client.GetAsync($"{path}/web/status")).Str("status.readyReplicas"));
    }

    [Fact]
    public async Task Dry_run_writes_never_persist_nor_bump_the_resource_version()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("dry"));
        await Client.CreateConfigMapAsync(ns, "kept");
        var before = sandbox.Server.Store.ResourceVersion;

        var create = await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps?dryRun=All", """{"metadata":{"name":"ghost"}}""");
        Assert.Equal(HttpStatusCode.Created, create.Status);
        var update = await Client.PutAsync($"/api/v1/namespaces/{ns}/configmaps/kept?dryRun=All", """{"metadata":{"name":"kept"},"data":{"a":"9"}}""");
        Assert.Equal("9", update.Str("data.a"));
        var delete = await Client.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps/kept?dryRun=All");
        Assert.Equal(HttpStatusCode.OK, delete.Status);

        Assert.Equal(before, sandbox.Server.Store.ResourceVersion);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/ghost")).Status);
        Assert.Equal("1", (await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/kept")).Str("data.a"));
    }

    [Fact]
    public async Task Strict_field_validation_rejects_unknown_top_level_and_metadata_fields()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("strict"));
        var reply = await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict", """{"metadata":{"name":"a","lables":{}},"dta":{"a":"1"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("ConfigMap in version \"v1\" cannot be handled as a ConfigMap: strict decoding error: unknown field \"dta\", unknown field \"metadata.lables\"", reply.Str("message"));

        var warned = await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Warn", """{"metadata":{"name":"b"},"dta":{"a":"1"}}""");
        Assert.Equal(HttpStatusCode.Created, warned.Status);
        Assert.Contains("unknown field", string.Join(" ", warned.Headers.GetValues("Warning")));
    }

    [Fact]
    public async Task Yaml_bodies_are_accepted()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("yaml"));
        var reply = await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yml\ndata:\n  num: \"1\"\n", "application/yaml");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("1", reply.Str("data.num"));
    }

    [Fact]
    public async Task A_kind_that_does_not_match_the_url_is_a_bad_request()
    {
        var reply = await Client.PostAsync("/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"x"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
    }
}

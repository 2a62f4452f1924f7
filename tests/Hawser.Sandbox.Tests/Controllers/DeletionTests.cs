using System.Net;
using Hawser.Sandbox.Tests.Support;

namespace Hawser.Sandbox.Tests.Controllers;

public sealed class DeletionTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => sandbox.Client;

    private async Task<string> CreateOwnedAsync(string ns, string name, string ownerName, string ownerUid, string finalizers = "[]")
    {
        var reply = await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps",
            $$$"""{"metadata":{"name":"{{{name}}}","finalizers":{{{finalizers}}},"ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"{{{ownerName}}}","uid":"{{{ownerUid}}}"}]}}""");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return reply.Str("metadata.uid");
    }

    private async Task<bool> GoneAsync(string ns, string name) =>
        (await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/{name}")).Status == HttpStatusCode.NotFound;

    [Fact]
    public async Task Deleting_an_object_answers_success_and_then_it_is_not_found()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("del"));
        await Client.CreateConfigMapAsync(ns, "foo");
        var reply = await Client.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps/foo", """{"propagationPolicy":"Background"}""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("Success", reply.Str("status"));
        Assert.True(await GoneAsync(ns, "foo"));
        Assert.Equal(HttpStatusCode.NotFound, (await Client.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps/foo")).Status);
    }

    [Fact]
    public async Task An_object_with_finalizers_stays_with_a_deletion_timestamp_until_they_are_removed()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("fin"));
        await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"held","finalizers":["example.com/hold"]}}""");
        var reply = await Client.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps/held");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var live = await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/held");
        Assert.NotEqual("", live.Str("metadata.deletionTimestamp"));

        var released = await Client.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/held", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, released.Status);
        Assert.True(await GoneAsync(ns, "held"));
    }

    [Fact]
    public async Task Background_deletion_collects_dependents_whose_owners_are_all_gone()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("gc"));
        var owner = await Client.CreateConfigMapAsync(ns, "owner");
        var childUid = await CreateOwnedAsync(ns, "child", "owner", owner.Str("metadata.uid"));
        await CreateOwnedAsync(ns, "grandchild", "child", childUid);
        await Client.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps/owner");
        await Eventually.TrueAsync(async () => await GoneAsync(ns, "child") && await GoneAsync(ns, "grandchild"), "dependents are collected");
    }

    [Fact]
    public async Task Orphan_deletion_keeps_dependents_and_strips_their_owner_reference()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("orphan"));
        var owner = await Client.CreateConfigMapAsync(ns, "owner");
        await CreateOwnedAsync(ns, "child", "owner", owner.Str("metadata.uid"));
        await Client.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps/owner", """{"propagationPolicy":"Orphan"}""");
        await Task.Delay(300);
        var child = await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/child");
        Assert.Equal(HttpStatusCode.OK, child.Status);
        Assert.Equal("", child.Str("metadata.ownerReferences"));
    }

    [Fact]
    public async Task Foreground_deletion_removes_dependents_before_the_owner()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("fg"));
        var owner = await Client.CreateConfigMapAsync(ns, "owner");
        await CreateOwnedAsync(ns, "child", "owner", owner.Str("metadata.uid"), """["example.com/slow"]""");
        await Client.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps/owner", """{"propagationPolicy":"Foreground"}""");

        await Eventually.TrueAsync(async () => (await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/child")).Str("metadata.deletionTimestamp") != "", "the child is being deleted");
        var held = await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps/owner");
        Assert.Contains("foregroundDeletion", held.Text);
        Assert.NotEqual("", held.Str("metadata.deletionTimestamp"));

        await Client.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/child", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        await Eventually.TrueAsync(async () => await GoneAsync(ns, "owner"), "the owner goes after its dependent");
    }

    [Fact]
    public async Task Deleting_a_namespace_terminates_it_and_removes_everything_in_it()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("term"));
        await Client.CreateConfigMapAsync(ns, "a");
        await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"held","finalizers":["example.com/hold"]}}""");
        await Client.PostAsync($"/apis/apps/v1/namespaces/{ns}/deployments", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{}}""");

        var reply = await Client.DeleteAsync($"/api/v1/namespaces/{ns}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        await Eventually.TrueAsync(async () => await GoneAsync(ns, "a"), "the namespace contents are deleted");
        var terminating = await Client.GetAsync($"/api/v1/namespaces/{ns}");
        Assert.Equal("Terminating", terminating.Str("status.phase"));
        var refused = await Client.PostAsync($"/api/v1/namespaces/{ns}/configmaps", """{"metadata":{"name":"late"}}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/apis/apps/v1/namespaces/{ns}/deployments/web")).Status);

        await Client.PatchAsync($"/api/v1/namespaces/{ns}/configmaps/held", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");
        await Eventually.TrueAsync(async () => (await Client.GetAsync($"/api/v1/namespaces/{ns}")).Status == HttpStatusCode.NotFound, "the namespace is removed");
    }

    [Fact]
    public async Task System_namespaces_cannot_be_deleted()
    {
        var reply = await Client.DeleteAsync("/api/v1/namespaces/default");
        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
    }

    [Fact]
    public async Task A_stale_uid_precondition_is_a_conflict()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("pre"));
        await Client.CreateConfigMapAsync(ns, "foo");
        var reply = await Client.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps/foo", """{"preconditions":{"uid":"not-the-uid"}}""");
        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
        Assert.False(await GoneAsync(ns, "foo"));
    }
}

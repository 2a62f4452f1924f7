using System.Net;
using Hawser.Sandbox.Tests.Support;

namespace Hawser.Sandbox.Tests.Http;

public sealed class ListTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => sandbox.Client;

    private static List<string> Names(Reply reply) => reply.Json!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.ToString()).ToList();

    [Fact]
    public async Task Lists_are_ordered_by_name_and_carry_kind_and_resource_version()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("list"));
        foreach (var name in new[] { "c", "a", "b" }) await Client.CreateConfigMapAsync(ns, name);
        var reply = await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps?limit=500");
        Assert.Equal("ConfigMapList", reply.Str("kind"));
        Assert.Equal("v1", reply.Str("apiVersion"));
        Assert.Equal(["a", "b", "c"], Names(reply));
        Assert.Equal(sandbox.Server.Store.ResourceVersion.ToString(), reply.Str("metadata.resourceVersion"));
    }

    [Fact]
    public async Task Label_selectors_support_equality_sets_and_existence()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("labels"));
        await Client.CreateConfigMapAsync(ns, "web", """{"app":"web","tier":"front"}""");
        await Client.CreateConfigMapAsync(ns, "db", """{"app":"db"}""");
        await Client.CreateConfigMapAsync(ns, "plain");
        async Task<List<string>> Select(string selector) => Names(await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps?labelSelector={Uri.EscapeDataString(selector)}"));
        Assert.Equal(["web"], await Select("app=web"));
        Assert.Equal(["db", "plain"], await Select("app!=web"));
        Assert.Equal(["db", "web"], await Select("app in (web,db)"));
        Assert.Equal(["plain", "web"], await Select("app notin (db)"));
        Assert.Equal(["web"], await Select("tier"));
        Assert.Equal(["db", "plain"], await Select("!tier"));
        Assert.Equal(["web"], await Select("app=web,tier==front"));
    }

    [Fact]
    public async Task Field_selectors_filter_by_name_namespace_and_other_fields()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("fields"));
        await Client.CreateConfigMapAsync(ns, "one");
        await Client.CreateConfigMapAsync(ns, "two", data: """{"k":"x"}""");
        Assert.Equal(["one"], Names(await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps?fieldSelector=metadata.name%3Done")));
        Assert.Equal(["two"], Names(await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps?fieldSelector=metadata.name!%3Done")));
        Assert.Equal(["two"], Names(await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps?fieldSelector=data.k%3Dx")));
        var all = await Client.GetAsync($"/api/v1/configmaps?fieldSelector=metadata.namespace%3D{ns}");
        Assert.Equal(["one", "two"], Names(all));
    }

    [Fact]
    public async Task Cluster_wide_lists_of_namespaced_kinds_span_namespaces_in_order()
    {
        var first = await Client.CreateNamespaceAsync(sandbox.NextName("wide-a"));
        var second = await Client.CreateNamespaceAsync(sandbox.NextName("wide-b"));
        await Client.CreateConfigMapAsync(second, "x", """{"wide":"yes"}""");
        await Client.CreateConfigMapAsync(first, "y", """{"wide":"yes"}""");
        var reply = await Client.GetAsync("/api/v1/configmaps?labelSelector=wide%3Dyes");
        var namespaces = reply.Json!["items"]!.AsArray().Select(i => i!["metadata"]!["namespace"]!.ToString()).ToList();
        Assert.Equal([first, second], namespaces);
    }

    [Fact]
    public async Task Pagination_walks_every_item_once_with_continue_tokens()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("page"));
        for (var i = 0; i < 7; i++) await Client.CreateConfigMapAsync(ns, $"cm-{i}");
        var seen = new List<string>();
        var token = "";
        var pages = 0;
        do
        {
            var reply = await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps?limit=3&continue={Uri.EscapeDataString(token)}");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            var names = Names(reply);
            Assert.True(names.Count <= 3);
            seen.AddRange(names);
            token = reply.Str("metadata.continue");
            pages++;
        } while (token.Length > 0);
        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"cm-{i}"), seen);
    }

    [Fact]
    public async Task A_malformed_selector_is_a_bad_request()
    {
        var reply = await Client.GetAsync("/api/v1/configmaps?labelSelector=app%20in%20web");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("BadRequest", reply.Str("reason"));
    }
}

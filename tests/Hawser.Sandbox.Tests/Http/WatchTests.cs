using System.Net;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Tests.Support;

namespace Hawser.Sandbox.Tests.Http;

public sealed class WatchTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private SandboxClient Client => sandbox.Client;

    /// <summary>Reads watch events until <paramref name="count"/> arrived or the stream ends.</summary>
    private async Task<List<JsonObject>> ReadEventsAsync(string path, int count, Func<Task>? whileOpen = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await Client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType!.ToString());
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        if (whileOpen is not null) await whileOpen();
        var events = new List<JsonObject>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (events.Count < count)
        {
            var line = await reader.ReadLineAsync(timeout.Token);
            if (line is null) break;
            if (line.Length > 0) events.Add(JsonNode.Parse(line)!.AsObject());
        }
        return events;
    }

    private static string Type(JsonObject e) => e["type"]!.ToString();
    private static string Name(JsonObject e) => e["object"]!["metadata"]!["name"]?.ToString() ?? "";

    [Fact]
    public async Task Watch_from_a_list_version_delivers_only_later_changes_in_order()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("watch"));
        await Client.CreateConfigMapAsync(ns, "before");
        var list = await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps");
        var rv = list.Str("metadata.resourceVersion");
        var events = await ReadEventsAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}", 3, async () =>
        {
            await Client.CreateConfigMapAsync(ns, "after");
            await Client.PutAsync($"/api/v1/namespaces/{ns}/configmaps/after", """{"metadata":{"name":"after"},"data":{"a":"2"}}""");
            await Client.DeleteAsync($"/api/v1/namespaces/{ns}/configmaps/after");
        });
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(Type));
        Assert.All(events, e => Assert.Equal("after", Name(e)));
    }

    [Fact]
    public async Task Watch_resumes_from_an_older_resource_version_within_history()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("resume"));
        var first = await Client.CreateConfigMapAsync(ns, "one");
        await Client.CreateConfigMapAsync(ns, "two");
        await Client.CreateConfigMapAsync(ns, "three");
        var events = await ReadEventsAsync($"/api/v1/namespaces/{ns}/configmaps?watch=1&resourceVersion={first.Str("metadata.resourceVersion")}", 2);
        Assert.Equal(["two", "three"], events.Select(Name));
    }

    [Fact]
    public async Task Watch_without_a_resource_version_replays_current_objects_as_added()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("replay"));
        await Client.CreateConfigMapAsync(ns, "a");
        await Client.CreateConfigMapAsync(ns, "b");
        var events = await ReadEventsAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion=0", 2);
        Assert.Equal(["ADDED", "ADDED"], events.Select(Type));
        Assert.Equal(["a", "b"], events.Select(Name));
    }

    [Fact]
    public async Task Watch_filters_by_field_and_label_selector()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("wsel"));
        var rv = (await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps")).Str("metadata.resourceVersion");
        var events = await ReadEventsAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}&fieldSelector=metadata.name%3Dwanted&labelSelector=keep%3Dyes", 1, async () =>
        {
            await Client.CreateConfigMapAsync(ns, "other", """{"keep":"yes"}""");
            await Client.CreateConfigMapAsync(ns, "wanted", """{"keep":"no"}""");
            await Client.PutAsync($"/api/v1/namespaces/{ns}/configmaps/wanted", """{"metadata":{"name":"wanted","labels":{"keep":"yes"}}}""");
        });
        var only = Assert.Single(events);
        Assert.Equal("ADDED", Type(only));
        Assert.Equal("wanted", Name(only));
    }

    [Fact]
    public async Task An_object_leaving_a_watched_selection_is_seen_as_deleted()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("leave"));
        await Client.CreateConfigMapAsync(ns, "member", """{"team":"a"}""");
        var rv = (await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps")).Str("metadata.resourceVersion");
        var events = await ReadEventsAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}&labelSelector=team%3Da", 2, async () =>
        {
            await Client.PutAsync($"/api/v1/namespaces/{ns}/configmaps/member", """{"metadata":{"name":"member","labels":{"team":"a","x":"1"}}}""");
            await Client.PutAsync($"/api/v1/namespaces/{ns}/configmaps/member", """{"metadata":{"name":"member","labels":{"team":"b"}}}""");
        });
        Assert.Equal(["MODIFIED", "DELETED"], events.Select(Type));
    }

    [Fact]
    public async Task Watch_sends_bookmarks_when_asked_and_ends_at_timeout_seconds()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("bookmark"));
        var rv = (await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps")).Str("metadata.resourceVersion");
        var started = DateTime.UtcNow;
        var events = await ReadEventsAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}&allowWatchBookmarks=true&timeoutSeconds=1", 100);
        var elapsed = DateTime.UtcNow - started;
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal("BOOKMARK", Type(e)));
        Assert.Equal("ConfigMap", events[0]["object"]!["kind"]!.ToString());
        Assert.NotEqual("", events[0]["object"]!["metadata"]!["resourceVersion"]!.ToString());
        Assert.InRange(elapsed.TotalSeconds, 0.9, 10);
    }

    [Fact]
    public async Task Table_watches_stream_one_row_tables()
    {
        var ns = await Client.CreateNamespaceAsync(sandbox.NextName("wtable"));
        var rv = (await Client.GetAsync($"/api/v1/namespaces/{ns}/configmaps")).Str("metadata.resourceVersion");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={rv}");
        request.Headers.TryAddWithoutValidation("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        using var response = await Client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await Client.CreateConfigMapAsync(ns, "row");
        var line = await reader.ReadLineAsync();
        var e = JsonNode.Parse(line!)!;
        Assert.Equal("ADDED", e["type"]!.ToString());
        Assert.Equal("Table", e["object"]!["kind"]!.ToString());
        Assert.Equal("row", e["object"]!["rows"]![0]!["cells"]![0]!.ToString());
    }

    [Fact]
    public async Task Watch_from_a_compacted_resource_version_is_gone_expired()
    {
        await using var server = await SandboxServer.StartAsync(new SandboxOptions { WatchHistorySize = 3 }, CancellationToken.None);
        using var client = new SandboxClient(server);
        var ns = await client.CreateNamespaceAsync("old");
        var first = await client.CreateConfigMapAsync(ns, "a");
        for (var i = 0; i < 5; i++) await client.CreateConfigMapAsync(ns, $"more-{i}");
        var reply = await client.GetAsync($"/api/v1/namespaces/{ns}/configmaps?watch=true&resourceVersion={first.Str("metadata.resourceVersion")}");
        Assert.Equal(HttpStatusCode.Gone, reply.Status);
        Assert.Equal("Expired", reply.Str("reason"));
        Assert.Equal("Status", reply.Str("kind"));
    }
}

using Hawser.Kubernetes;
using Hawser.Manifests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Core.Tests.Kubernetes;

/// <summary>Client behaviour that needs answers a healthy server rarely gives: expired continue tokens, bookmarks, ERROR events.</summary>
public sealed class StubClientTests
{
    private const string Discovery = """
        {"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","items":[{"metadata":{"name":""},"versions":[{"version":"v1","resources":[
          {"resource":"configmaps","responseKind":{"group":"","version":"v1","kind":"ConfigMap"},"scope":"Namespaced","verbs":["get","list","watch"]}]}]}]}
        """;

    private static async Task<bool> ServeDiscoveryAsync(HttpContext context)
    {
        const string type = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
        switch (context.Request.Path.Value)
        {
            case "/api":
                await Answers.Json(context, 200, Discovery, type);
                return true;
            case "/apis":
                await Answers.Json(context, 200, """{"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","items":[]}""", type);
                return true;
            default:
                return false;
        }
    }

    private static KubernetesClient Client(StubApiServer stub, int maxRetries = 0) =>
        new(new ClusterSettings("stub", stub.BaseAddress, "default", [], false, null, null, StaticCredentialSource.Anonymous),
            new KubernetesClientOptions(MaxRetries: maxRetries, RetryBaseDelay: TimeSpan.FromMilliseconds(5)), TimeProvider.System, NullLogger.Instance);

    /// <summary>A server whose first create of <c>hook</c> is carried out but answered 500, as when a proxy loses the answer.</summary>
    private static Task<StubApiServer> LostCreateAnswerAsync(string liveLabels)
    {
        var posts = 0;
        return StubApiServer.StartAsync(async context =>
        {
            if (await ServeDiscoveryAsync(context)) return;
            if (context.Request.Method == "GET")
                await Answers.Json(context, 200, $$$"""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"hook","namespace":"ns","uid":"u1","labels":{{{liveLabels}}}}}""");
            else if (Interlocked.Increment(ref posts) == 1)
                await Answers.Status(context, 500, "InternalError", "etcd leader changed");
            else
                await Answers.Status(context, 409, "AlreadyExists", "configmaps hook already exists");
        });
    }

    private static KubeObject Hook() => ManifestReader.Read("""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: hook, namespace: ns, labels: {hawser.io/operation-id: "7"}}
        """, "hook.yaml")[0];

    [Fact]
    public async Task A_named_create_whose_answer_was_lost_is_sent_again_and_returns_the_object_the_first_attempt_made()
    {
        await using var stub = await LostCreateAnswerAsync("""{"hawser.io/operation-id":"7"}""");
        using var client = Client(stub, maxRetries: 3);

        var created = await client.CreateAsync(Hook(), new WriteOptions(), TestTimeout.Token());

        Assert.Equal("u1", created.Uid);
        Assert.Equal(2, stub.Count("POST", "/api/v1/namespaces/ns/configmaps"));
    }

    [Fact]
    public async Task A_retried_named_create_that_finds_someone_elses_object_still_fails_as_already_existing()
    {
        await using var stub = await LostCreateAnswerAsync("""{"hawser.io/operation-id":"6"}""");
        using var client = Client(stub, maxRetries: 3);

        var error = await Assert.ThrowsAsync<AlreadyExistsException>(() => client.CreateAsync(Hook(), new WriteOptions(), TestTimeout.Token()));

        Assert.True(error.EarlierAttemptMayHaveActed);
    }

    [Fact]
    public async Task A_generate_name_create_answered_500_is_never_sent_twice()
    {
        await using var stub = await StubApiServer.StartAsync(async context =>
        {
            if (await ServeDiscoveryAsync(context)) return;
            await Answers.Status(context, 500, "InternalError", "maybe created");
        });
        using var client = Client(stub, maxRetries: 3);
        var hook = ManifestReader.Read("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {generateName: hook-, namespace: ns}
            """, "hook.yaml")[0];

        await Assert.ThrowsAsync<KubernetesApiException>(() => client.CreateAsync(hook, new WriteOptions(), TestTimeout.Token()));

        Assert.Equal(1, stub.Count("POST", "/api/v1/namespaces/ns/configmaps"));
    }

    private static string Item(string name, string rv) => $$$"""{"metadata":{"name":"{{{name}}}","namespace":"ns","resourceVersion":"{{{rv}}}"}}""";

    [Fact]
    public async Task An_expired_continue_token_makes_the_list_start_again_in_one_request()
    {
        await using var stub = await StubApiServer.StartAsync(async context =>
        {
            if (await ServeDiscoveryAsync(context)) return;
            var query = context.Request.QueryString.Value ?? "";
            if (query.Contains("continue=", StringComparison.Ordinal))
                await Answers.Status(context, 410, "Expired", "The provided continue parameter is too old");
            else if (query.Contains("limit=", StringComparison.Ordinal))
                await Answers.Json(context, 200, $$$"""{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"5","continue":"page2"},"items":[{{{Item("a", "4")}}}]}""");
            else
                await Answers.Json(context, 200, $$$"""{"kind":"ConfigMapList","apiVersion":"v1","metadata":{"resourceVersion":"9"},"items":[{{{Item("a", "4")}}},{{{Item("b", "8")}}}]}""");
        });
        using var client = Client(stub);

        var list = await client.ListAsync(Objects.ConfigMap, new ListOptions("ns", PageSize: 1), TestTimeout.Token());

        Assert.Equal(["a", "b"], list.Items.Select(o => o.Name));
        Assert.Equal("9", list.ResourceVersion);
        Assert.Equal(3, stub.Count("GET", "/api/v1/namespaces/ns/configmaps"));
    }

    [Fact]
    public async Task A_watch_resumes_from_the_last_bookmark_and_an_ERROR_410_event_ends_it_with_Gone()
    {
        var watches = 0;
        await using var stub = await StubApiServer.StartAsync(async context =>
        {
            if (await ServeDiscoveryAsync(context)) return;
            context.Response.ContentType = "application/json";
            if (Interlocked.Increment(ref watches) == 1)
            {
                await context.Response.WriteAsync($"{{\"type\":\"ADDED\",\"object\":{Item("a", "5")}}}\n");
                await context.Response.WriteAsync("{\"type\":\"BOOKMARK\",\"object\":{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"resourceVersion\":\"9\"}}}\n");
                return;
            }
            await context.Response.WriteAsync("""{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 9 (12)","reason":"Expired","code":410}}""" + "\n");
        });
        using var client = Client(stub);
        var seen = new List<WatchEvent>();

        var error = await Assert.ThrowsAsync<GoneException>(async () =>
        {
            await foreach (var e in client.WatchAsync(Objects.ConfigMap, new WatchOptions("ns", "3"), TestTimeout.Token())) seen.Add(e);
        });

        Assert.Equal([WatchEventType.Added, WatchEventType.Bookmark], seen.Select(e => e.Type));
        Assert.Equal(new ResourceKey("", "ConfigMap", "ns", "a"), seen[0].Object.Key);
        var requests = stub.Requests.Where(r => r.PathAndQuery.StartsWith("/api/v1/namespaces/ns/configmaps", StringComparison.Ordinal)).Select(r => r.PathAndQuery).ToList();
        Assert.Contains("resourceVersion=3", requests[0], StringComparison.Ordinal);
        Assert.Contains("allowWatchBookmarks=true", requests[0], StringComparison.Ordinal);
        Assert.Contains("resourceVersion=9", requests[1], StringComparison.Ordinal);
        Assert.Contains("too old resource version", error.Message, StringComparison.Ordinal);
    }
}

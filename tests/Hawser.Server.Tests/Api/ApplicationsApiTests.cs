using System.Net;
using System.Text.Json.Nodes;
using Hawser.Kubernetes;
using Hawser.Manifests;

namespace Hawser.Server.Tests.Api;

/// <summary>
/// The applications endpoints the web UI calls, against a running server and the sandbox, on Argo CD's paths and shapes:
/// list filters and pages, the resource tree, managed resources with Secret values masked, sync options, rollback, commit
/// metadata, delete with cascade, and the event stream.
/// </summary>
public sealed class ApplicationsApiTests : IAsyncLifetime
{
    private const string SecretValue = "c3VwZXItc2VjcmV0";

    private ServerHarness _h = null!;
    private ApiClient _api = null!;

    private string Admin => _h.Server!.LocalToken;

    public async Task InitializeAsync()
    {
        _h = await ServerHarness.CreateAsync();
        await _h.Repo.Write("web/web.yaml", $"""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {"{"}name: web{"}"}
                spec:
                  replicas: 1
                  selector: {"{"}matchLabels: {"{"}app: web{"}}"}
                  template:
                    metadata: {"{"}labels: {"{"}app: web{"}}"}
                    spec:
                      containers: [{"{"}name: web, image: 'nginx:1.25'{"}"}]
                ---
                apiVersion: v1
                kind: Secret
                metadata: {"{"}name: creds{"}"}
                type: Opaque
                data: {"{"}password: {SecretValue}{"}"}
                """)
            .Write("manual/cm.yaml", ServerHarness.ConfigMap("settings", "v1"))
            .Write("doomed/cm.yaml", ServerHarness.ConfigMap("settings", "doomed"))
            .Write("platform/apps.yaml", string.Join("\n---\n",
                App("web", "web", "web", automated: true, labels: "{team: a}"),
                App("manual", "manual", "manual", automated: false),
                App("doomed", "doomed", "doomed", automated: true)))
            .Write("apps/platform.yaml", App("platform", "platform", "argocd", automated: false))
            .CommitAsync("v1 of everything", CancellationToken.None);
        await _h.StartServerAsync();
        _api = new ApiClient(_h.Server!.Url);
        // The repository's root registers the platform app, which syncs by hand: its children are registered by this sync.
        await _h.EventuallyAsync(() => _h.Controller.Catalog.Find("platform") is not null, "the root registered platform", TimeSpan.FromSeconds(60));
        await _api.JsonAsync(HttpMethod.Post, "api/v1/applications/platform/sync", Admin, new JsonObject());
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web") && _h.SyncedAndHealthy("doomed") && _h.Controller.StatusOf("manual") is not null,
            "the platform's children registered, web and doomed synced", TimeSpan.FromSeconds(60));
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        await _h.DisposeAsync();
    }

    private string App(string name, string path, string ns, bool automated, string labels = "{}") => $$"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: {{name}}, labels: {{labels}}}
        spec:
          project: default
          source: {repoURL: {{_h.RepoUrl}}, targetRevision: main, path: {{path}}}
          destination: {server: https://kubernetes.default.svc, namespace: {{ns}}}
          syncPolicy:
            {{(automated ? "automated: {prune: true, selfHeal: true}" : "")}}
            syncOptions: [CreateNamespace=true]
        """;

    private async Task<List<string>> ListAsync(string query) => ApiClient.Names(await _api.GetAsync("api/v1/applications" + query, Admin));

    [Fact]
    public async Task The_list_filters_by_labels_sync_health_namespace_and_search_and_pages_with_continue()
    {
        Assert.Equal(["doomed", "manual", "platform", "root", "web"], await ListAsync(""));
        Assert.Equal(["web"], await ListAsync("?selector=team%3Da"));
        Assert.Equal(["manual"], await ListAsync("?sync=OutOfSync&projects=default"));
        Assert.Equal(["doomed", "web"], await ListAsync("?health=Healthy&namespace=doomed,web&repo=" + Uri.EscapeDataString(_h.RepoUrl)));
        Assert.Equal(["doomed"], await ListAsync("?search=OOM"));
        Assert.Equal(["web"], await ListAsync("?cluster=https://kubernetes.default.svc&name=web"));

        var first = await _api.GetAsync("api/v1/applications?limit=3", Admin);
        Assert.Equal(["doomed", "manual", "platform"], ApiClient.Names(first));
        Assert.Equal(2, first["metadata"]!["remainingItemCount"]!.GetValue<int>());
        var next = await _api.GetAsync($"api/v1/applications?limit=3&continue={first["metadata"]!["continue"]!.GetValue<string>()}", Admin);
        Assert.Equal(["root", "web"], ApiClient.Names(next));
        Assert.Null(next["metadata"]!["continue"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.TryAsync(HttpMethod.Get, "api/v1/applications?limit=-1", Admin)).Status);
    }

    [Fact]
    public async Task The_list_and_the_stream_send_only_the_fields_asked_for()
    {
        var list = await _api.GetAsync("api/v1/applications?name=web&fields=items.metadata.name,items.status.sync,items.spec.destination.namespace,metadata.x,items.no.such", Admin);
        var web = list["items"]!.AsArray().Single()!.AsObject();
        Assert.Equal(["metadata", "status", "spec"], web.Select(p => p.Key));
        Assert.Equal(["name"], web["metadata"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["sync"], web["status"]!.AsObject().Select(p => p.Key));
        Assert.Equal("Synced", web["status"]!["sync"]!["status"]!.GetValue<string>());
        Assert.Equal("""{"destination":{"namespace":"web"}}""", web["spec"]!.ToJsonString());
        // Without fields, whole apps.
        Assert.NotNull((await _api.GetAsync("api/v1/applications?name=web", Admin))["items"]![0]!["status"]!["health"]);

        using var stream = await _api.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/stream/applications?name=web&fields=result.application.metadata.name,result.application.status.health")
        {
            Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Admin) },
        }, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string line;
        do line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the stream ended");
        while (!line.StartsWith("data: ", StringComparison.Ordinal));
        var result = JsonNode.Parse(line["data: ".Length..])!["result"]!;
        Assert.Equal("ADDED", result["type"]!.GetValue<string>());
        var app = result["application"]!.AsObject();
        Assert.Equal(["metadata", "status"], app.Select(p => p.Key));
        Assert.Equal("""{"name":"web"}""", app["metadata"]!.ToJsonString());
        Assert.Equal(["health"], app["status"]!.AsObject().Select(p => p.Key));
        Assert.Equal("Healthy", app["status"]!["health"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_resource_tree_links_owned_objects_to_their_owners_and_managed_resources_mask_secret_values()
    {
        var deployment = await _h.Cluster.GetAsync(new GroupVersionKind("apps", "v1", "Deployment"), "web", "web", CancellationToken.None);
        var replicaSet = await _h.Cluster.CreateAsync(Owned("apps/v1", "ReplicaSet", "web-6d4f", "Deployment", "apps/v1", deployment!,
            """{"replicas": 1, "selector": {"matchLabels": {"app": "web"}}, "template": {"metadata": {"labels": {"app": "web"}}, "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}}}"""),
            new WriteOptions(), CancellationToken.None);
        await _h.Cluster.CreateAsync(Owned("v1", "Pod", "web-6d4f-x2", "ReplicaSet", "apps/v1", replicaSet, """{"containers": [{"name": "web", "image": "nginx:1.25"}]}"""),
            new WriteOptions(), CancellationToken.None);

        var tree = await _api.GetAsync("api/v1/applications/web/resource-tree", Admin);
        var nodes = tree["nodes"]!.AsArray().Select(n => n!.AsObject()).ToList();
        var deploymentNode = nodes.Single(n => n["kind"]!.GetValue<string>() == "Deployment");
        Assert.Equal("Healthy", deploymentNode["health"]!["status"]!.GetValue<string>());
        Assert.Empty(deploymentNode["parentRefs"]!.AsArray());
        Assert.Equal(["nginx:1.25"], deploymentNode["images"]!.AsArray().Select(i => i!.GetValue<string>()));
        var rsNode = nodes.Single(n => n["kind"]!.GetValue<string>() == "ReplicaSet");
        Assert.Equal(deployment!.Uid, rsNode["parentRefs"]![0]!["uid"]!.GetValue<string>());
        Assert.Equal("Deployment", rsNode["parentRefs"]![0]!["kind"]!.GetValue<string>());
        var podNode = nodes.Single(n => n["kind"]!.GetValue<string>() == "Pod");
        Assert.Equal(replicaSet.Uid, podNode["parentRefs"]![0]!["uid"]!.GetValue<string>());
        Assert.Contains(nodes, n => n["kind"]!.GetValue<string>() == "Secret" && n["name"]!.GetValue<string>() == "creds");

        var managed = await _api.GetAsync("api/v1/applications/web/managed-resources", Admin);
        var secret = managed["items"]!.AsArray().Single(i => i!["kind"]!.GetValue<string>() == "Secret")!;
        Assert.False(secret["modified"]!.GetValue<bool>());
        var live = JsonNode.Parse(secret["liveState"]!.GetValue<string>())!;
        Assert.Equal("++++++++", live["data"]!["password"]!.GetValue<string>());
        Assert.DoesNotContain(SecretValue, managed.ToJsonString(), StringComparison.Ordinal);
        var onlyDeployment = await _api.GetAsync("api/v1/applications/web/managed-resources?kind=Deployment", Admin);
        Assert.Equal(["web"], ApiClient.Names(onlyDeployment));
        Assert.Equal("Deployment", JsonNode.Parse(onlyDeployment["items"]![0]!["targetState"]!.GetValue<string>())!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_manual_app_syncs_with_options_rolls_back_to_its_first_history_entry_and_shows_the_commit_of_each()
    {
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.TryAsync(HttpMethod.Post, "api/v1/applications/manual/sync", Admin, new JsonObject { ["syncOptions"] = new JsonObject { ["items"] = new JsonArray("Bogus=true") } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.TryAsync(HttpMethod.Post, "api/v1/applications/manual/sync", Admin, new JsonObject { ["prune"] = "yes" })).Status);

        await _api.JsonAsync(HttpMethod.Post, "api/v1/applications/manual/sync", Admin,
            new JsonObject { ["prune"] = true, ["syncOptions"] = new JsonObject { ["items"] = new JsonArray("Replace=true") }, ["strategy"] = new JsonObject { ["apply"] = new JsonObject { ["force"] = true } } });
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("manual", "settings") == "v1", "manual synced v1");
        await ServerHarness.EventuallyAsync(async () => (await HistoryAsync()).Count == 1, "one history entry");

        await _h.Repo.Write("manual/cm.yaml", ServerHarness.ConfigMap("settings", "v2")).CommitAsync("v2 of manual", CancellationToken.None);
        var refreshed = await _api.JsonAsync(HttpMethod.Put, "api/v1/applications/manual/refresh", Admin);
        Assert.Equal("OutOfSync", refreshed["status"]!["sync"]!["status"]!.GetValue<string>());
        await _api.JsonAsync(HttpMethod.Post, "api/v1/applications/manual/sync", Admin, new JsonObject());
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("manual", "settings") == "v2", "manual synced v2");
        await ServerHarness.EventuallyAsync(async () => (await HistoryAsync()).Count == 2, "two history entries");

        var firstId = (await HistoryAsync())[0]["id"]!.GetValue<long>();
        await _api.JsonAsync(HttpMethod.Post, "api/v1/applications/manual/rollback", Admin, new JsonObject { ["id"] = firstId });
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("manual", "settings") == "v1", "manual rolled back to v1");
        await ServerHarness.EventuallyAsync(async () => (await HistoryAsync()).Count == 3, "three history entries");
        var history = await HistoryAsync();
        Assert.Contains($"rollback to {firstId}", history[2]["initiatedBy"]!["username"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(history[0]["revision"]!.GetValue<string>(), history[2]["revision"]!.GetValue<string>());

        var first = await _api.GetAsync($"api/v1/applications/manual/revisions/{history[0]["revision"]!.GetValue<string>()}/metadata", Admin);
        Assert.Equal("Hawser Test <test@hawser.invalid>", first["author"]!.GetValue<string>());
        Assert.Equal("v1 of everything", first["message"]!.GetValue<string>());
        var second = await _api.GetAsync($"api/v1/applications/manual/revisions/{history[1]["revision"]!.GetValue<string>()}/metadata", Admin);
        Assert.Equal("v2 of manual", second["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await _api.TryAsync(HttpMethod.Get, $"api/v1/applications/manual/revisions/{new string('0', 40)}/metadata", Admin)).Status);

        var (status, error) = await _api.TryAsync(HttpMethod.Post, "api/v1/applications/web/rollback", Admin, new JsonObject { ["id"] = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("auto-sync", error!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task<List<JsonObject>> HistoryAsync()
    {
        var app = await _api.GetAsync("api/v1/applications/manual", Admin);
        return (app["status"]!["history"] as JsonArray ?? []).Select(h => h!.AsObject()).ToList();
    }

    [Fact]
    public async Task Deleting_a_child_app_with_cascade_removes_its_objects_and_the_stream_reports_each_change()
    {
        using var stream = await _api.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "api/v1/stream/applications")
        {
            Headers = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Admin) },
        }, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var added = new HashSet<string>(StringComparer.Ordinal);
        while (added.Count < 5)
        {
            var e = await NextEventAsync(reader);
            if (e.Type == "ADDED") added.Add(e.Name);
        }
        Assert.Equal(["doomed", "manual", "platform", "root", "web"], added.Order(StringComparer.Ordinal));

        var (rootStatus, rootError) = await _api.TryAsync(HttpMethod.Delete, "api/v1/applications/root", Admin);
        Assert.Equal(HttpStatusCode.BadRequest, rootStatus);
        Assert.Contains("root path", rootError!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        Assert.Equal("doomed", await _h.ConfigMapValueAsync("doomed", "settings"));
        await _api.JsonAsync(HttpMethod.Delete, "api/v1/applications/doomed?cascade=true", Admin);
        // Deletion is foreground, as Argo CD's: the object goes once the cluster has finished with it.
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("doomed", "settings") is null, "doomed's ConfigMap deleted", TimeSpan.FromSeconds(10));
        while (true)
        {
            var e = await NextEventAsync(reader);
            if (e.Type == "DELETED" && e.Name == "doomed") break;
        }
        Assert.DoesNotContain("doomed", await ListAsync(""));
    }

    private static async Task<(string Type, string Name)> NextEventAsync(StreamReader reader)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the stream ended");
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var result = JsonNode.Parse(line["data: ".Length..])!["result"]!;
            return (result["type"]!.GetValue<string>(), result["application"]!["metadata"]!["name"]!.GetValue<string>());
        }
    }

    private static KubeObject Owned(string apiVersion, string kind, string name, string ownerKind, string ownerApiVersion, KubeObject owner, string specJson) =>
        new(new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = "web",
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = ownerApiVersion, ["kind"] = ownerKind, ["name"] = owner.Name, ["uid"] = owner.Uid, ["controller"] = true,
                }),
            },
            ["spec"] = JsonNode.Parse(specJson),
        });
}

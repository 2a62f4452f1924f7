using Hawser.Compare;
using Hawser.Core.Tests.Fakes;
using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;
using Hawser.Sync;

namespace Hawser.Core.Tests.Sync.Sandbox;

/// <summary>
/// The engine against the real sandbox API server through the real client: server-side apply, dry run, discovery of CRDs,
/// workload simulation (Deployments become available, Jobs complete; <c>sandbox.hawser.io/simulate: fail</c> fails them).
/// Each test uses its own namespace and app names and its own state store.
/// </summary>
public sealed class SyncOnSandboxTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly CancellationTokenSource _cts = new(TimeSpan.FromMinutes(3));
    private IStateStore _store = null!;

    private IKubernetesClient Client => sandbox.Client;
    private CancellationToken Ct => _cts.Token;

    public async Task InitializeAsync() => _store = await StateStores.OpenInMemoryAsync(TimeProvider.System, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _cts.Dispose();
    }

    private SyncEngine Engine() => new(Client, _store, HealthAssessor.Create(), TimeProvider.System,
        settings: new SyncEngineSettings(TimeSpan.FromMilliseconds(200), Timeout));

    private Task<SyncResult> SyncAsync(string app, string ns, string yaml, bool prune = true, string revision = "r1", string options = "CreateNamespace=true",
        SyncRetry? retry = null, IProgress<SyncProgress>? progress = null, CancellationToken? ct = null) =>
        Engine().SyncAsync(new SyncRequest(app, revision, ns, Yaml.Many(yaml), "test", SyncOptionSet.Parse(options.Split(',')), Prune: prune, Retry: retry),
            progress, ct ?? Ct);

    private Task<CompareResult> CompareAsync(string app, string ns, string yaml) =>
        new Comparer(Client).CompareAsync(new CompareRequest(app, ns, Yaml.Many(yaml), Inventory(app)), Ct);

    private IReadOnlyList<InventoryEntry> Inventory(string app) => _store.GetInventoryAsync(app, Ct).GetAwaiter().GetResult();

    private Task<KubeObject?> GetAsync(string apiVersion, string kind, string ns, string name) =>
        Client.GetAsync(GroupVersionKind.From(apiVersion, kind), ns, name, Ct);

    private static string ConfigMap(string name, string value = "v", string annotations = "") => $"""
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
          annotations: {(annotations.Length == 0 ? "{}" : "{" + annotations + "}")}
        data:
          key: {value}

        """;

    private static string Deployment(string name, string annotations = "") => $$"""
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          annotations: {{(annotations.Length == 0 ? "{}" : "{" + annotations + "}")}}
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: {{name}}
          template:
            metadata:
              labels:
                app: {{name}}
            spec:
              containers: [{name: app, image: "nginx:1.27"}]

        """;

    private static string Job(string name, string annotations, bool generateName = false) => $$"""
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          {{(generateName ? "generateName" : "name")}}: {{name}}
          annotations: {{{annotations}}}
        spec:
          backoffLimit: 0
          template:
            spec:
              restartPolicy: Never
              containers: [{name: run, image: "busybox:1.36", command: ["true"]}]

        """;

    /// <summary>The order objects were created in, from the resourceVersions of their ADDED watch events since <paramref name="since"/>.</summary>
    private async Task<List<string>> CreationOrderAsync(string ns, string since, params (string ApiVersion, string Kind)[] kinds)
    {
        var added = new List<(long Version, string Name)>();
        foreach (var (apiVersion, kind) in kinds)
        {
            using var window = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            window.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await foreach (var e in Client.WatchAsync(GroupVersionKind.From(apiVersion, kind), new WatchOptions(ns, since, AllowBookmarks: false, TimeoutSeconds: 2), window.Token))
                {
                    if (e.Type == WatchEventType.Added) added.Add((long.Parse(e.Object.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), $"{kind}/{e.Object.Name}"));
                }
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
            }
        }
        return added.OrderBy(a => a.Version).Select(a => a.Name).ToList();
    }

    private async Task<string> CurrentVersionAsync() =>
        (await Client.ListAsync(new GroupVersionKind("", "v1", "Namespace"), new ListOptions(), Ct)).ResourceVersion;

    [Fact]
    public async Task A_first_sync_runs_the_pre_sync_hook_then_each_wave_then_the_post_sync_hook()
    {
        var since = await CurrentVersionAsync();
        var yaml = Job("migrate-", "argocd.argoproj.io/hook: PreSync", generateName: true)
            + ConfigMap("config")
            + Deployment("web", "argocd.argoproj.io/sync-wave: '1'")
            + ConfigMap("after", annotations: "argocd.argoproj.io/sync-wave: '2'")
            + Job("smoke", "argocd.argoproj.io/hook: PostSync");

        var result = await SyncAsync("waves", "waves", yaml);

        Assert.True(result.Phase == OperationPhase.Succeeded, result.Operation.Message);
        var order = await CreationOrderAsync("waves", since, ("batch/v1", "Job"), ("v1", "ConfigMap"), ("apps/v1", "Deployment"));
        order.RemoveAll(o => o == "ConfigMap/kube-root-ca.crt");
        Assert.Equal(5, order.Count);
        Assert.StartsWith("Job/migrate-", order[0], StringComparison.Ordinal);
        Assert.Equal(["ConfigMap/config", "Deployment/web", "ConfigMap/after", "Job/smoke"], order.Skip(1));
        Assert.NotNull(await GetAsync("v1", "Namespace", "", "waves"));
    }

    [Fact]
    public async Task A_change_is_shown_by_the_diff_then_only_the_changed_object_is_written()
    {
        await SyncAsync("change", "change", ConfigMap("a", "one") + ConfigMap("b"));
        var bBefore = (await GetAsync("v1", "ConfigMap", "change", "b"))!.ResourceVersion;
        var noChange = await CompareAsync("change", "change", ConfigMap("a", "one") + ConfigMap("b"));
        Assert.All(noChange.Items, i => Assert.True(i.Status == CompareStatus.Synced, i.Key + "\n" + i.Diff));

        var changed = ConfigMap("a", "two") + ConfigMap("b");
        var comparison = await CompareAsync("change", "change", changed);
        var a = comparison.Items.Single(i => i.Key.Name == "a");
        Assert.Equal(CompareStatus.OutOfSync, a.Status);
        Assert.Contains("-  key: one", a.Diff, StringComparison.Ordinal);
        Assert.Contains("+  key: two", a.Diff, StringComparison.Ordinal);
        Assert.Equal(CompareStatus.Synced, comparison.Items.Single(i => i.Key.Name == "b").Status);

        var result = await SyncAsync("change", "change", changed, options: "ApplyOutOfSyncOnly=true");
        Assert.Equal(OperationPhase.Succeeded, result.Phase);
        Assert.Equal(SyncTaskAction.Configured, result.ChangeSet.Single(e => e.Key.Name == "a").Action);
        Assert.Equal(SyncTaskAction.Unchanged, result.ChangeSet.Single(e => e.Key.Name == "b").Action);
        Assert.Equal(bBefore, (await GetAsync("v1", "ConfigMap", "change", "b"))!.ResourceVersion);
        Assert.Equal("two", (await GetAsync("v1", "ConfigMap", "change", "a"))!.Body["data"]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Prune_deletes_what_git_dropped_keeps_prune_false_and_prune_last_goes_after_post_sync()
    {
        await SyncAsync("prune", "prune", ConfigMap("keep") + ConfigMap("drop") + ConfigMap("sticky", annotations: "argocd.argoproj.io/sync-options: Prune=false")
            + ConfigMap("last", annotations: "argocd.argoproj.io/sync-options: PruneLast=true"));

        var result = await SyncAsync("prune", "prune", ConfigMap("keep") + Job("post", "argocd.argoproj.io/hook: PostSync"));

        Assert.True(result.Phase == OperationPhase.Succeeded, result.Operation.Message);
        Assert.Null(await GetAsync("v1", "ConfigMap", "prune", "drop"));
        Assert.Null(await GetAsync("v1", "ConfigMap", "prune", "last"));
        Assert.NotNull(await GetAsync("v1", "ConfigMap", "prune", "sticky"));
        var entries = result.ChangeSet.Select(e => $"{e.Key.Name}:{e.Action}").ToList();
        Assert.Contains("sticky:Skipped", entries);
        Assert.True(entries.IndexOf("drop:Deleted") < entries.IndexOf("post:Created"), string.Join(", ", entries));
        Assert.True(entries.IndexOf("post:Created") < entries.IndexOf("last:Deleted"), string.Join(", ", entries));
        Assert.Equal(["keep", "sticky"], Inventory("prune").Select(e => e.Key.Name));
    }

    [Fact]
    public async Task A_crd_and_its_custom_resources_sync_in_one_go()
    {
        var yaml = """
            ---
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata: {name: widgets.example.com}
            spec:
              group: example.com
              scope: Namespaced
              names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
              versions:
                - name: v1
                  served: true
                  storage: true
                  schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: one}
            spec: {size: 1}
            ---
            apiVersion: example.com/v1
            kind: Widget
            metadata: {name: two}
            spec: {size: 2}
            """;
        var result = await SyncAsync("crds", "crds", yaml);
        Assert.True(result.Phase == OperationPhase.Succeeded, result.Operation.Message);
        Assert.Equal(2L, (await GetAsync("example.com/v1", "Widget", "crds", "two"))!.Body["spec"]!["size"]!.GetValue<long>());
        var again = await CompareAsync("crds", "crds", yaml);
        Assert.All(again.Items, i => Assert.True(i.Status == CompareStatus.Synced, i.Key + "\n" + i.Diff));
    }

    [Fact]
    public async Task A_failing_workload_fails_the_sync_and_the_app_is_degraded()
    {
        var result = await SyncAsync("failing", "failing", Deployment("broken", "sandbox.hawser.io/simulate: fail") + ConfigMap("later", annotations: "argocd.argoproj.io/sync-wave: '1'"));
        Assert.Equal(OperationPhase.Failed, result.Phase);
        Assert.Equal(SyncTaskAction.Failed, result.ChangeSet.Single(e => e.Key.Name == "broken").Action);
        Assert.Null(await GetAsync("v1", "ConfigMap", "failing", "later"));
        var live = await GetAsync("apps/v1", "Deployment", "failing", "broken");
        Assert.Equal(HealthStatus.Degraded, HealthAggregation.Worst([HealthAssessor.Create().Assess(live!)]).Status);
    }

    [Fact]
    public async Task Hook_delete_policies_remove_succeeded_hooks_and_replace_hooks_before_creation()
    {
        var yaml = Job("cleanup", "argocd.argoproj.io/hook: PreSync, argocd.argoproj.io/hook-delete-policy: HookSucceeded")
            + Job("kept", "argocd.argoproj.io/hook: PreSync")
            + ConfigMap("a");
        var first = await SyncAsync("hooks", "hooks", yaml);
        Assert.True(first.Phase == OperationPhase.Succeeded, first.Operation.Message);
        Assert.Null(await GetAsync("batch/v1", "Job", "hooks", "cleanup"));
        var keptUid = (await GetAsync("batch/v1", "Job", "hooks", "kept"))!.Uid;

        var second = await SyncAsync("hooks", "hooks", yaml, revision: "r2");
        Assert.True(second.Phase == OperationPhase.Succeeded, second.Operation.Message);
        var kept = await GetAsync("batch/v1", "Job", "hooks", "kept");
        Assert.NotEqual(keptUid, kept!.Uid);
    }

    [Fact]
    public async Task A_failed_hook_with_hook_failed_is_deleted_and_fails_the_sync()
    {
        var result = await SyncAsync("hookfail", "hookfail",
            Job("check", "argocd.argoproj.io/hook: PreSync, argocd.argoproj.io/hook-delete-policy: HookFailed, sandbox.hawser.io/simulate: fail")
            + ConfigMap("never"));
        Assert.Equal(OperationPhase.Failed, result.Phase);
        Assert.Equal(SyncTaskAction.Failed, result.ChangeSet.Single(e => e.Key.Name == "check").Action);
        Assert.Null(await GetAsync("batch/v1", "Job", "hookfail", "check"));
        Assert.Null(await GetAsync("v1", "ConfigMap", "hookfail", "never"));
    }

    [Fact]
    public async Task A_failed_sync_is_retried_with_backoff_then_reported_failed()
    {
        var started = TimeProvider.System.GetTimestamp();
        // A later wave makes the broken Deployment's health count: the last wave's health is not the operation's (argo-cd #1715).
        var result = await SyncAsync("retry", "retry", Deployment("broken", "sandbox.hawser.io/simulate: fail")
            + "\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: later, annotations: {argocd.argoproj.io/sync-wave: \"1\"}}\n",
            retry: new SyncRetry(2, TimeSpan.FromMilliseconds(200), 2, TimeSpan.FromSeconds(1)));
        Assert.Equal(OperationPhase.Failed, result.Phase);
        Assert.EndsWith("(after 3 attempts)", result.Operation.Message, StringComparison.Ordinal);
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(600));
    }

    [Fact]
    public async Task Two_apps_never_take_over_each_others_objects()
    {
        await SyncAsync("owner", "shared", ConfigMap("common", "mine"));
        var intruder = await SyncAsync("intruder", "shared", ConfigMap("common", "theirs"));

        Assert.Equal(OperationPhase.Failed, intruder.Phase);
        Assert.Contains("'owner'", intruder.ChangeSet.Single().Message, StringComparison.Ordinal);
        var live = await GetAsync("v1", "ConfigMap", "shared", "common");
        Assert.Equal("mine", live!.Body["data"]!["key"]!.GetValue<string>());
        Assert.Equal("owner:/ConfigMap:shared/common", live.GetAnnotation(TrackingId.Annotation));
        Assert.Equal(CompareStatus.Conflict, (await CompareAsync("intruder", "shared", ConfigMap("common", "theirs"))).Items.Single().Status);
    }

    [Fact]
    public async Task A_sync_killed_in_the_middle_resumes_without_duplicating_hooks_or_losing_objects()
    {
        var yaml = Job("migrate-", "argocd.argoproj.io/hook: PreSync", generateName: true)
            + Deployment("web")
            + ConfigMap("late", annotations: "argocd.argoproj.io/sync-wave: '1'");
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var progress = new SyncProgressHandler(p =>
        {
            if (p.Action == SyncTaskAction.Created && p.Key?.Kind == "Job") kill.Cancel();
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SyncAsync("resume", "resume", yaml, progress: progress, ct: kill.Token));
        var interrupted = await _store.GetLatestOperationAsync("resume", Ct);
        Assert.Equal(OperationPhase.Running, interrupted!.Phase);

        var result = await SyncAsync("resume", "resume", yaml);

        Assert.Equal(interrupted.Id, result.Operation.Id);
        Assert.True(result.Phase == OperationPhase.Succeeded, result.Operation.Message);
        var jobs = await Client.ListAsync(new GroupVersionKind("batch", "v1", "Job"), new ListOptions("resume"), Ct);
        Assert.Single(jobs.Items);
        Assert.NotNull(await GetAsync("apps/v1", "Deployment", "resume", "web"));
        Assert.NotNull(await GetAsync("v1", "ConfigMap", "resume", "late"));
        Assert.Equal(["ConfigMap/resume/late", "Deployment/resume/web"], Inventory("resume").Select(e => e.Key.ToString()));
    }

    [Fact]
    public async Task A_no_op_re_sync_of_many_objects_reads_them_in_one_list_and_writes_nothing()
    {
        var yaml = string.Concat(Enumerable.Range(0, 40).Select(i => ConfigMap($"cm-{i:D2}", $"value-{i}")));
        var first = await SyncAsync("noop", "noop", yaml);
        Assert.True(first.Phase == OperationPhase.Succeeded, first.Operation.Message);

        var counting = new CountingClient(Client);
        var engine = new SyncEngine(counting, _store, HealthAssessor.Create(), TimeProvider.System, settings: new SyncEngineSettings(TimeSpan.FromMilliseconds(200), Timeout));
        var again = await engine.SyncAsync(new SyncRequest("noop", "r2", "noop", Yaml.Many(yaml), "test", Prune: true), null, Ct);

        Assert.Equal(OperationPhase.Succeeded, again.Phase);
        Assert.All(again.ChangeSet, e => Assert.Equal(SyncTaskAction.Unchanged, e.Action));
        Assert.Equal(0, counting.Applies);
        Assert.Equal(0, counting.DryRuns);
        Assert.Equal(1, counting.Lists);
        Assert.Equal(0, counting.Gets);
    }

    /// <summary>Runs the callback synchronously on the reporting thread (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class SyncProgressHandler(Action<SyncProgress> onReport) : IProgress<SyncProgress>
    {
        public void Report(SyncProgress value) => onReport(value);
    }
}

using Hawser.Compare;
using Hawser.Core.Tests.Fakes;
using Hawser.Manifests;
using Hawser.State;
using Hawser.Sync;

namespace Hawser.Core.Tests.Sync;

public sealed class SyncEngineTests : IAsyncLifetime
{
    private readonly FakeKubernetesClient _client = new();
    private readonly JumpingTimeProvider _time = new();
    private RecordingStateStore _store = null!;

    public async Task InitializeAsync() => _store = new RecordingStateStore(await StateStores.OpenInMemoryAsync(_time, CancellationToken.None));

    public Task DisposeAsync() => _store.DisposeAsync().AsTask();

    private SyncEngine Engine() => new(_client, _store, new FakeHealth(), _time, settings: new SyncEngineSettings(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1)));

    private Task<SyncResult> SyncAsync(IReadOnlyList<KubeObject> desired, bool prune = true, bool dryRun = false, SyncOptionSet? options = null,
        SyncRetry? retry = null, string revision = "r1", IReadOnlyList<ResourceSelector>? resources = null) =>
        Engine().SyncAsync(new SyncRequest("app", revision, "default", desired, "test", options, null, prune, dryRun, resources, retry), null, CancellationToken.None);

    private static readonly string Waves = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: second, annotations: {argocd.argoproj.io/sync-wave: "1"}}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, annotations: {test.hawser.io/health: Healthy}}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: first}
        ---
        apiVersion: batch/v1
        kind: Job
        metadata:
          generateName: migrate-
          annotations: {argocd.argoproj.io/hook: PreSync, test.hawser.io/health: Healthy}
        """;

    private static SyncTaskAction ActionOf(SyncResult result, string name) => result.ChangeSet.Single(e => e.Key.Name.StartsWith(name, StringComparison.Ordinal)).Action;

    [Fact]
    public async Task A_first_sync_runs_hooks_then_waves_in_order_and_succeeds()
    {
        var result = await SyncAsync(Yaml.Many(Waves));
        Assert.Equal(OperationPhase.Succeeded, result.Phase);
        var writes = _client.Writes.ToList();
        Assert.StartsWith("create Job/default/migrate-", writes[0], StringComparison.Ordinal);
        Assert.Equal(["apply ConfigMap/default/first", "apply Deployment/default/web", "apply ConfigMap/default/second"], writes.Skip(1));
        Assert.All(result.ChangeSet, e => Assert.Equal(SyncTaskAction.Created, e.Action));
        Assert.Equal(["ConfigMap/default/first", "ConfigMap/default/second", "Deployment/default/web"],
            (await _store.GetInventoryAsync("app", CancellationToken.None)).Select(e => e.Key.ToString()));
    }

    [Fact]
    public async Task A_second_sync_of_the_same_objects_writes_nothing_but_its_hooks()
    {
        var desired = Yaml.Many(Waves).Where(o => o.Kind != "Job").ToList();
        await SyncAsync(desired);
        var before = _client.Writes.Count;
        var again = await SyncAsync(desired);
        Assert.Equal(OperationPhase.Succeeded, again.Phase);
        Assert.Equal(before, _client.Writes.Count);
        Assert.All(again.ChangeSet, e => Assert.Equal(SyncTaskAction.Unchanged, e.Action));
    }

    [Fact]
    public async Task The_change_set_follows_the_sync_order_even_though_a_kind_is_written_in_parallel()
    {
        var names = Enumerable.Range(0, 30).Select(i => $"cm-{i:D2}").ToList();
        var result = await SyncAsync(names.AsEnumerable().Reverse().Select(n => Yaml.ConfigMap(n)).ToList());
        Assert.Equal(names, result.ChangeSet.Select(e => e.Key.Name));
    }

    [Fact]
    public async Task Only_the_changed_object_is_written_on_a_change()
    {
        await SyncAsync([Yaml.ConfigMap("a"), Yaml.ConfigMap("b")]);
        var before = _client.Writes.Count;
        var result = await SyncAsync([Yaml.ConfigMap("a"), Yaml.ConfigMap("b", "changed")]);
        Assert.Equal(["apply ConfigMap/default/b"], _client.Writes.Skip(before));
        Assert.Equal(SyncTaskAction.Configured, ActionOf(result, "b"));
        Assert.Equal(SyncTaskAction.Unchanged, ActionOf(result, "a"));
    }

    [Fact]
    public async Task A_degraded_object_fails_the_sync_skips_later_waves_and_runs_sync_fail_hooks()
    {
        var result = await SyncAsync(Yaml.Many("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: broken, annotations: {test.hawser.io/health: Degraded}}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: later, annotations: {argocd.argoproj.io/sync-wave: "5"}}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: alert, annotations: {argocd.argoproj.io/hook: SyncFail}}
            """));
        Assert.Equal(OperationPhase.Failed, result.Phase);
        Assert.Equal(SyncTaskAction.Failed, ActionOf(result, "broken"));
        Assert.Contains("Degraded", result.Operation.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.ChangeSet, e => e.Key.Name == "later");
        Assert.Null(_client.Find(new ResourceKey("", "ConfigMap", "default", "later")));
        Assert.Equal(SyncTaskAction.Created, ActionOf(result, "alert"));
    }

    [Fact]
    public async Task An_api_error_while_waiting_ends_the_operation_as_error_and_keeps_what_was_written()
    {
        var desired = Yaml.Many("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: slow, annotations: {test.hawser.io/health: Progressing}}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: later, annotations: {argocd.argoproj.io/sync-wave: "1"}}
            """);
        // Reads during the comparison succeed; once the Deployment is written, reading it is forbidden.
        _client.GetFault = kind => kind.Kind == "Deployment" && !_client.Writes.IsEmpty
            ? new Hawser.Kubernetes.ForbiddenException("Deployment/default/slow", "forbidden") : null;
        var result = await SyncAsync(desired);
        Assert.Equal(OperationPhase.Error, result.Phase);
        Assert.Contains("forbidden", result.Operation.Message, StringComparison.Ordinal);
        Assert.Equal(SyncTaskAction.Created, result.ChangeSet.Single(e => e.Key.Name == "slow").Action);
    }

    [Fact]
    public async Task Removed_objects_are_pruned_unless_marked_prune_false()
    {
        await SyncAsync([Yaml.ConfigMap("keep"), Yaml.ConfigMap("drop"), Yaml.ConfigMap("sticky", annotations: "argocd.argoproj.io/sync-options: Prune=false")]);
        var result = await SyncAsync([Yaml.ConfigMap("keep")]);
        Assert.Equal(OperationPhase.Succeeded, result.Phase);
        Assert.Equal(SyncTaskAction.Deleted, ActionOf(result, "drop"));
        Assert.Equal(SyncTaskAction.Skipped, ActionOf(result, "sticky"));
        Assert.Contains("delete ConfigMap/default/drop Foreground", _client.Writes);
        Assert.NotNull(_client.Find(new ResourceKey("", "ConfigMap", "default", "sticky")));
        Assert.Equal(["ConfigMap/default/keep", "ConfigMap/default/sticky"],
            (await _store.GetInventoryAsync("app", CancellationToken.None)).Select(e => e.Key.ToString()));
    }

    [Fact]
    public async Task Without_prune_enabled_nothing_is_deleted()
    {
        await SyncAsync([Yaml.ConfigMap("keep"), Yaml.ConfigMap("drop")]);
        var result = await SyncAsync([Yaml.ConfigMap("keep")], prune: false);
        Assert.Equal(SyncTaskAction.Skipped, ActionOf(result, "drop"));
        Assert.NotNull(_client.Find(new ResourceKey("", "ConfigMap", "default", "drop")));
    }

    [Fact]
    public async Task A_dry_run_reports_the_plan_and_writes_nothing()
    {
        await SyncAsync([Yaml.ConfigMap("a"), Yaml.ConfigMap("gone")]);
        var before = _client.Writes.Count;
        var result = await SyncAsync([Yaml.ConfigMap("a", "new"), Yaml.ConfigMap("b")], dryRun: true);
        Assert.Equal(before, _client.Writes.Count);
        Assert.Equal(SyncTaskAction.Configured, ActionOf(result, "a"));
        Assert.Equal(SyncTaskAction.Created, ActionOf(result, "b"));
        Assert.Equal(SyncTaskAction.Deleted, ActionOf(result, "gone"));
        Assert.Contains("+  key: new", result.Comparison!.Items.Single(i => i.Key.Name == "a").Diff, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_sync_is_retried_with_exponential_backoff_on_the_injected_clock()
    {
        // Health gates the next wave (the last wave's health is not the operation's), so a later wave makes it count.
        var result = await SyncAsync([Yaml.ConfigMap("bad", annotations: "test.hawser.io/health: Degraded"), Yaml.ConfigMap("later", annotations: "argocd.argoproj.io/sync-wave: \"1\"")],
            retry: new SyncRetry(3, TimeSpan.FromSeconds(5), 2, TimeSpan.FromSeconds(15)));
        Assert.Equal(OperationPhase.Failed, result.Phase);
        Assert.EndsWith("(after 4 attempts)", result.Operation.Message, StringComparison.Ordinal);
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15)], _time.Delays);
    }

    [Fact]
    public async Task An_object_of_another_app_is_reported_and_never_written()
    {
        var theirs = Yaml.ConfigMap("shared", ns: "default", annotations: "hawser.io/tracking-id: other:/ConfigMap:default/shared");
        _client.Seed(theirs);
        var result = await SyncAsync([Yaml.ConfigMap("shared", "ours")]);
        Assert.Equal(OperationPhase.Failed, result.Phase);
        Assert.Contains("'other'", result.ChangeSet.Single().Message, StringComparison.Ordinal);
        Assert.Empty(_client.Writes);
        Assert.Equal("v", _client.Find(theirs.Key)!.Body["data"]!["key"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_namespace_creates_the_destination_namespace_first_and_never_owns_it()
    {
        var result = await Engine().SyncAsync(
            new SyncRequest("app", "r1", "team", [Yaml.ConfigMap("a")], AppOptions: SyncOptionSet.Parse(["CreateNamespace=true"])), null, CancellationToken.None);
        Assert.Equal(OperationPhase.Succeeded, result.Phase);
        Assert.Equal(["apply Namespace/team", "apply ConfigMap/team/a"], _client.Writes);
        Assert.Equal(["ConfigMap/team/a"], (await _store.GetInventoryAsync("app", CancellationToken.None)).Select(e => e.Key.ToString()));
    }

    [Fact]
    public async Task A_hook_with_hook_succeeded_is_deleted_after_it_completes()
    {
        var result = await SyncAsync(Yaml.Many("""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
              annotations: {argocd.argoproj.io/hook: PreSync, argocd.argoproj.io/hook-delete-policy: HookSucceeded, test.hawser.io/health: Healthy}
            """));
        Assert.Equal(OperationPhase.Succeeded, result.Phase);
        Assert.Equal(["create Job/default/migrate", "delete Job/default/migrate Background"], _client.Writes);
    }

    [Fact]
    public async Task Before_hook_creation_replaces_a_hook_left_by_an_earlier_sync()
    {
        var hook = Yaml.Many("""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
              annotations: {argocd.argoproj.io/hook: PreSync, test.hawser.io/health: Healthy}
            """);
        await SyncAsync(hook);
        await SyncAsync(hook);
        Assert.Equal(["create Job/default/migrate", "delete Job/default/migrate Background", "create Job/default/migrate"], _client.Writes);
    }

    [Fact]
    public async Task A_selective_sync_writes_only_the_named_objects_and_runs_no_hooks()
    {
        var result = await SyncAsync(Yaml.Many(Waves), resources: [ResourceSelector.Parse(":ConfigMap:second")]);
        Assert.Equal(["apply ConfigMap/default/second"], _client.Writes);
        Assert.Single(result.ChangeSet);
    }

    [Fact]
    public async Task A_selective_sync_whose_selector_matches_nothing_is_an_error_that_names_it_and_writes_nothing()
    {
        var result = await SyncAsync(Yaml.Many(Waves), resources: [ResourceSelector.Parse(":ConfigMap:second"), ResourceSelector.Parse(":ConfigMap:prod/typo")]);
        Assert.Equal(OperationPhase.Error, result.Phase);
        Assert.Equal("no object of the app matches :ConfigMap:prod/typo; nothing was synced", result.Operation.Message);
        Assert.Empty(_client.Writes);
    }

    [Fact]
    public async Task A_running_operation_of_the_same_revision_resumes_without_creating_its_hooks_again()
    {
        var desired = Yaml.Many(Waves);
        var operation = await _store.BeginOperationAsync(new OperationRequest("app", ["r1"], "{}", "test"), CancellationToken.None);
        var taskId = "PreSync/batch/Job/default/migrate-";
        var hook = Yaml.One($$"""
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate-abc
              namespace: default
              labels: {hawser.io/operation-id: "{{operation.Id}}"}
              annotations: {hawser.io/hook-task: {{taskId}}, test.hawser.io/health: Healthy}
            """);
        _client.Seed(hook);
        await _store.SaveOperationStepAsync(new OperationStep(operation.Id, "killed here",
            [new SyncTaskResult(hook.Key, "batch/v1", SyncTaskPhase.PreSync, 0, SyncTaskAction.Created, "", true)],
            """{"completedSteps":["apply/PreSync/0"],"attempt":1,"failing":false}"""), CancellationToken.None);

        var result = await SyncAsync(desired);

        Assert.Equal(operation.Id, result.Operation.Id);
        Assert.Equal(OperationPhase.Succeeded, result.Phase);
        Assert.DoesNotContain(_client.Writes, w => w.StartsWith("create Job", StringComparison.Ordinal));
        Assert.Equal(["apply ConfigMap/default/first", "apply Deployment/default/web", "apply ConfigMap/default/second"], _client.Writes);
        Assert.Contains(result.ChangeSet, e => e.Key == hook.Key && e.Action == SyncTaskAction.Created);
    }

    [Fact]
    public async Task A_running_operation_of_another_revision_is_terminated_first()
    {
        var old = await _store.BeginOperationAsync(new OperationRequest("app", ["r0"], "{}", "test"), CancellationToken.None);
        var result = await SyncAsync([Yaml.ConfigMap("a")], revision: "r1");
        Assert.NotEqual(old.Id, result.Operation.Id);
        Assert.Equal(OperationPhase.Terminated, (await _store.GetOperationAsync(old.Id, CancellationToken.None))!.Phase);
        Assert.Equal(OperationPhase.Succeeded, result.Phase);
    }

    [Fact]
    public async Task The_state_is_saved_after_every_step()
    {
        await SyncAsync(Yaml.Many(Waves));
        var steps = _store.Steps.Select(s => SyncStepState.Parse(s.StepState).CompletedSteps.Count).ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6], steps);
    }

    [Fact]
    public async Task Secret_values_never_appear_in_results_messages_or_diffs()
    {
        var secret = Yaml.One("""
            apiVersion: v1
            kind: Secret
            metadata: {name: db}
            stringData: {password: hunter2-very-secret}
            """);
        var theirs = Yaml.One("""
            apiVersion: v1
            kind: Secret
            metadata: {name: taken, namespace: default, annotations: {hawser.io/tracking-id: "other:/Secret:default/taken"}}
            data: {password: c2VjcmV0LXZhbHVlLW9mLW90aGVycw==}
            """);
        _client.Seed(theirs);
        var takenDesired = Yaml.One("""
            apiVersion: v1
            kind: Secret
            metadata: {name: taken}
            stringData: {password: mine-also-secret}
            """);
        var dry = await SyncAsync([secret, takenDesired], dryRun: true);
        var real = await SyncAsync([secret, takenDesired]);
        foreach (var result in new[] { dry, real })
        {
            var text = string.Join("\n", result.ChangeSet.Select(e => e.ToString()))
                + result.Operation.Message
                + string.Join("\n", result.Comparison!.Items.Select(i => i.Diff + i.Message + i.Live?.ToJson() + i.Desired?.ToJson()));
            foreach (var value in (string[])["hunter2-very-secret", "aHVudGVyMi12ZXJ5LXNlY3JldA==", "c2VjcmV0LXZhbHVlLW9mLW90aGVycw==", "mine-also-secret"])
                Assert.DoesNotContain(value, text, StringComparison.Ordinal);
        }
    }
}

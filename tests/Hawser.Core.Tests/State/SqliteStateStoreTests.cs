using Hawser.Health;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Core.Tests.State;

public sealed class SqliteStateStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly ResourceKey Web = new("apps", "Deployment", "prod", "web");
    private static readonly ResourceKey Config = new("", "ConfigMap", "prod", "settings");
    private static readonly ResourceKey Namespace = new("", "Namespace", "", "prod");

    public static TheoryData<string> Kinds => new() { "file", "memory" };

    [Fact]
    public async Task An_inventory_saved_before_a_restart_is_found_after_reopening_the_database()
    {
        await using var fixture = await StoreFixture.OpenAsync("file");
        await fixture.Store.SaveInventoryAsync("guestbook", [new InventoryEntry(Web, "apps/v1")], None);

        await fixture.ReopenAsync();

        Assert.Equal([new InventoryEntry(Web, "apps/v1")], await fixture.Store.GetInventoryAsync("guestbook", None));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Saving_an_inventory_replaces_the_previous_one_whole_and_reads_back_sorted(string kind)
    {
        await using var fixture = await StoreFixture.OpenAsync(kind);
        await fixture.Store.SaveInventoryAsync("guestbook", [new InventoryEntry(Web, "apps/v1"), new InventoryEntry(Config, "v1")], None);
        await fixture.Store.SaveInventoryAsync("other", [new InventoryEntry(Web, "apps/v1")], None);

        await fixture.Store.SaveInventoryAsync("guestbook",
            [new InventoryEntry(Web, "apps/v1"), new InventoryEntry(Namespace, "v1"), new InventoryEntry(Namespace, "v1")], None);

        Assert.Equal([new InventoryEntry(Namespace, "v1"), new InventoryEntry(Web, "apps/v1")], await fixture.Store.GetInventoryAsync("guestbook", None));
        Assert.Single(await fixture.Store.GetInventoryAsync("other", None));
        Assert.Empty(await fixture.Store.GetInventoryAsync("never-synced", None));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task An_operation_records_its_steps_and_its_end(string kind)
    {
        await using var fixture = await StoreFixture.OpenAsync(kind);
        var started = await fixture.Store.BeginOperationAsync(StoreFixture.Request("guestbook", "abc123"), None);
        Assert.Equal(OperationPhase.Running, started.Phase);
        Assert.Equal(StoreFixture.Start, started.StartedAt);
        Assert.Null(started.FinishedAt);

        var hook = StoreFixture.Task("migrate", SyncTaskAction.Created, wave: -1, phase: SyncTaskPhase.PreSync, hook: true);
        await fixture.Store.SaveOperationStepAsync(new OperationStep(started.Id, "wave -1 applied", [hook], """{"wave":-1}"""), None);
        var running = await fixture.Store.GetOperationAsync(started.Id, None);
        Assert.Equal("wave -1 applied", running!.Message);
        Assert.Equal([hook], running.Tasks);
        Assert.Equal("""{"wave":-1}""", running.StepState);

        fixture.Time.Advance(TimeSpan.FromSeconds(42));
        SyncTaskResult[] tasks = [hook, StoreFixture.Task("web", SyncTaskAction.Configured), StoreFixture.Task("api", SyncTaskAction.Unchanged)];
        var finished = await fixture.Store.CompleteOperationAsync(
            new OperationCompletion(started.Id, OperationPhase.Succeeded, "successfully synced", tasks), None);

        Assert.Equal(OperationPhase.Succeeded, finished.Phase);
        Assert.Equal(StoreFixture.Start.AddSeconds(42), finished.FinishedAt);
        Assert.Equal(tasks, finished.Tasks);
        Assert.Null(finished.StepState);
        Assert.Equal(["abc123"], finished.Revisions);
        Assert.Equal("cli:alice", finished.Initiator);
        var latest = await fixture.Store.GetLatestOperationAsync("guestbook", None);
        Assert.Equal((finished.Id, OperationPhase.Succeeded, "successfully synced"), (latest!.Id, latest.Phase, latest.Message));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Only_one_operation_runs_at_a_time_per_app(string kind)
    {
        await using var fixture = await StoreFixture.OpenAsync(kind);
        var first = await fixture.Store.BeginOperationAsync(StoreFixture.Request("guestbook"), None);

        var error = await Assert.ThrowsAsync<OperationInProgressException>(
            () => fixture.Store.BeginOperationAsync(StoreFixture.Request("guestbook"), None));
        var other = await fixture.Store.BeginOperationAsync(StoreFixture.Request("other"), None);

        Assert.Equal(first.Id, error.RunningOperationId);
        Assert.True(other.Id > first.Id);
    }

    [Fact]
    public async Task A_running_operation_and_its_step_state_survive_a_restart_for_resuming()
    {
        await using var fixture = await StoreFixture.OpenAsync("file");
        var done = await fixture.SyncAsync("done", "r1");
        var running = await fixture.Store.BeginOperationAsync(StoreFixture.Request("guestbook", "r2"), None);
        var created = StoreFixture.Task("web", SyncTaskAction.Created);
        await fixture.Store.SaveOperationStepAsync(new OperationStep(running.Id, "wave 0 applied", [created], """{"next":"wait-wave-0"}"""), None);

        await fixture.ReopenAsync();

        var resumed = Assert.Single(await fixture.Store.GetRunningOperationsAsync(None));
        Assert.Equal(running.Id, resumed.Id);
        Assert.Equal("""{"next":"wait-wave-0"}""", resumed.StepState);
        Assert.Equal([created], resumed.Tasks);
        Assert.Equal(OperationPhase.Succeeded, (await fixture.Store.GetOperationAsync(done.Id, None))!.Phase);
        var terminated = await fixture.Store.CompleteOperationAsync(
            new OperationCompletion(resumed.Id, OperationPhase.Terminated, "abandoned after restart", resumed.Tasks), None);
        Assert.Equal(OperationPhase.Terminated, terminated.Phase);
        Assert.Empty(await fixture.Store.GetRunningOperationsAsync(None));
    }

    [Fact]
    public async Task A_finished_or_unknown_operation_cannot_be_changed()
    {
        await using var fixture = await StoreFixture.OpenAsync("memory");
        var finished = await fixture.SyncAsync("guestbook", "r1");

        await Assert.ThrowsAsync<StateException>(() => fixture.Store.SaveOperationStepAsync(new OperationStep(finished.Id, "late", [], null), None));
        await Assert.ThrowsAsync<StateException>(() => fixture.Store.CompleteOperationAsync(
            new OperationCompletion(finished.Id, OperationPhase.Failed, "again", []), None));
        await Assert.ThrowsAsync<StateException>(() => fixture.Store.SaveOperationStepAsync(new OperationStep(9999, "unknown", [], null), None));
        var running = await fixture.Store.BeginOperationAsync(StoreFixture.Request("guestbook"), None);
        await Assert.ThrowsAsync<ArgumentException>(() => fixture.Store.CompleteOperationAsync(
            new OperationCompletion(running.Id, OperationPhase.Running, "not an end", []), None));
        Assert.Equal(OperationPhase.Succeeded, (await fixture.Store.GetOperationAsync(finished.Id, None))!.Phase);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task History_keeps_the_newest_syncs_up_to_the_limit_with_ids_that_are_never_reused(string kind)
    {
        await using var fixture = await StoreFixture.OpenAsync(kind);
        for (var i = 0; i < 5; i++) await fixture.SyncAsync("guestbook", $"r{i}", historyLimit: 3);
        await fixture.SyncAsync("other", "x", historyLimit: 3);

        var history = await fixture.Store.GetHistoryAsync("guestbook", None);

        Assert.Equal([4L, 3L, 2L], history.Select(h => h.Id));
        Assert.Equal(["r4", "r3", "r2"], history.Select(h => h.Revision));
        Assert.Equal([0L], (await fixture.Store.GetHistoryAsync("other", None)).Select(h => h.Id));
        var entry = await fixture.Store.GetHistoryEntryAsync("guestbook", 3, None);
        Assert.Equal("r3", entry!.Revision);
        Assert.Equal("cli:alice", entry.Initiator);
        Assert.Contains("apps/guestbook", entry.SourceJson, StringComparison.Ordinal);
        Assert.Equal(entry.StartedAt.AddSeconds(30), entry.DeployedAt);
        Assert.Null(await fixture.Store.GetHistoryEntryAsync("guestbook", 1, None));
    }

    [Fact]
    public async Task History_uses_argo_cds_default_limit_of_ten_and_records_failed_syncs_with_their_phase()
    {
        await using var fixture = await StoreFixture.OpenAsync("memory");
        for (var i = 0; i < 11; i++)
        {
            var operation = await fixture.Store.BeginOperationAsync(StoreFixture.Request("guestbook", $"r{i}"), None);
            await fixture.Store.CompleteOperationAsync(
                new OperationCompletion(operation.Id, i == 10 ? OperationPhase.Failed : OperationPhase.Succeeded, "", []), None);
        }

        var history = await fixture.Store.GetHistoryAsync("guestbook", None);

        Assert.Equal(OperationCompletion.DefaultHistoryLimit, history.Count);
        Assert.Equal(OperationPhase.Failed, history[0].Phase);
        Assert.Equal("r1", history[^1].Revision);
    }

    [Fact]
    public async Task A_dry_run_is_stored_as_an_operation_but_never_enters_history()
    {
        await using var fixture = await StoreFixture.OpenAsync("memory");
        var dryRun = await fixture.Store.BeginOperationAsync(StoreFixture.Request("guestbook", dryRun: true), None);
        var finished = await fixture.Store.CompleteOperationAsync(new OperationCompletion(dryRun.Id, OperationPhase.Succeeded, "dry run", []), None);

        Assert.True(finished.DryRun);
        Assert.Empty(await fixture.Store.GetHistoryAsync("guestbook", None));
        Assert.Equal(dryRun.Id, (await fixture.Store.GetLatestOperationAsync("guestbook", None))!.Id);
    }

    [Fact]
    public async Task Operations_are_kept_while_history_refers_to_them_and_the_latest_is_always_kept()
    {
        await using var fixture = await StoreFixture.OpenAsync("memory");
        var first = await fixture.SyncAsync("guestbook", "r1", historyLimit: 2);
        var second = await fixture.SyncAsync("guestbook", "r2", historyLimit: 2);
        var third = await fixture.SyncAsync("guestbook", "r3", historyLimit: 2);
        var dryRun = await fixture.Store.BeginOperationAsync(StoreFixture.Request("guestbook", dryRun: true), None);
        await fixture.Store.CompleteOperationAsync(new OperationCompletion(dryRun.Id, OperationPhase.Succeeded, "", []), None);

        Assert.Null(await fixture.Store.GetOperationAsync(first.Id, None));
        Assert.Equal(second.Tasks, (await fixture.Store.GetOperationAsync(second.Id, None))!.Tasks);
        Assert.NotNull(await fixture.Store.GetOperationAsync(third.Id, None));
        Assert.NotNull(await fixture.Store.GetOperationAsync(dryRun.Id, None));
        var history = await fixture.Store.GetHistoryAsync("guestbook", None);
        Assert.Equal([third.Id, second.Id], history.Select(h => h.OperationId));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Child_apps_belong_to_one_parent_and_a_second_parent_is_a_conflict(string kind)
    {
        await using var fixture = await StoreFixture.OpenAsync(kind);
        await fixture.Store.UpsertChildAppAsync(new ChildApp("Application", "web", "root", """{"v":1}"""), None);
        await fixture.Store.UpsertChildAppAsync(new ChildApp("AppProject", "team", "root", "{}"), None);
        await fixture.Store.UpsertChildAppAsync(new ChildApp("Application", "api", "root", "{}"), None);
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        var updated = await fixture.Store.UpsertChildAppAsync(new ChildApp("Application", "web", "root", """{"v":2}"""), None);

        var conflict = await Assert.ThrowsAsync<ChildAppConflictException>(
            () => fixture.Store.UpsertChildAppAsync(new ChildApp("Application", "web", "other-root", "{}"), None));

        Assert.Equal("root", conflict.ExistingParent);
        Assert.Contains("Application/web", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(StoreFixture.Start.AddMinutes(1), updated.UpdatedAt);
        var children = await fixture.Store.ListChildAppsAsync("root", None);
        Assert.Equal(["AppProject/team", "Application/api", "Application/web"], children.Select(c => $"{c.Kind}/{c.Name}"));
        Assert.Equal("""{"v":2}""", (await fixture.Store.GetChildAppAsync("Application", "web", None))!.ObjectJson);
        Assert.Empty(await fixture.Store.ListChildAppsAsync("other-root", None));
        Assert.True(await fixture.Store.DeleteChildAppAsync("Application", "web", None));
        Assert.False(await fixture.Store.DeleteChildAppAsync("Application", "web", None));
        Assert.Null(await fixture.Store.GetChildAppAsync("Application", "web", None));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_latest_status_snapshot_of_each_app_is_kept(string kind)
    {
        await using var fixture = await StoreFixture.OpenAsync(kind);
        var reconciled = StoreFixture.Start;
        await fixture.Store.SaveAppStatusAsync(new AppStatusSnapshot("web", AppSyncStatus.OutOfSync, HealthStatus.Progressing, "rolling out", ["r1"], reconciled), None);
        await fixture.Store.SaveAppStatusAsync(new AppStatusSnapshot("api", AppSyncStatus.Synced, HealthStatus.Healthy, "", ["r9"], reconciled), None);
        var latest = new AppStatusSnapshot("web", AppSyncStatus.Synced, HealthStatus.Degraded, "Deployment/prod/web: crash", ["r2"], reconciled.AddMinutes(3), """{"objects":1}""");
        await fixture.Store.SaveAppStatusAsync(latest, None);

        Assert.Equal(latest with { Revisions = ["r2"] }, await fixture.Store.GetAppStatusAsync("web", None), new SnapshotComparer());
        Assert.Equal(["api", "web"], (await fixture.Store.ListAppStatusesAsync(None)).Select(s => s.App));
        Assert.Null(await fixture.Store.GetAppStatusAsync("nope", None));
    }

    [Fact]
    public async Task Deleting_an_app_forgets_its_state_and_nothing_else()
    {
        await using var fixture = await StoreFixture.OpenAsync("memory");
        foreach (var app in (string[])["web", "api"])
        {
            await fixture.Store.SaveInventoryAsync(app, [new InventoryEntry(Web, "apps/v1")], None);
            await fixture.SyncAsync(app, "r1");
            await fixture.Store.SaveAppStatusAsync(new AppStatusSnapshot(app, AppSyncStatus.Synced, HealthStatus.Healthy, "", [], StoreFixture.Start), None);
        }
        await fixture.Store.UpsertChildAppAsync(new ChildApp("Application", "child", "web", "{}"), None);

        await fixture.Store.DeleteAppStateAsync("web", None);

        Assert.Empty(await fixture.Store.GetInventoryAsync("web", None));
        Assert.Empty(await fixture.Store.GetHistoryAsync("web", None));
        Assert.Null(await fixture.Store.GetLatestOperationAsync("web", None));
        Assert.Null(await fixture.Store.GetAppStatusAsync("web", None));
        Assert.Single(await fixture.Store.ListChildAppsAsync("web", None));
        Assert.Single(await fixture.Store.GetInventoryAsync("api", None));
        Assert.Single(await fixture.Store.GetHistoryAsync("api", None));
    }

    [Fact]
    public async Task Saves_from_many_threads_at_once_all_land()
    {
        await using var fixture = await StoreFixture.OpenAsync("file");

        await Parallel.ForEachAsync(Enumerable.Range(0, 40), async (i, ct) =>
        {
            var app = $"app-{i:D2}";
            await fixture.Store.SaveInventoryAsync(app, [new InventoryEntry(Web with { Name = app }, "apps/v1")], ct);
            var operation = await fixture.Store.BeginOperationAsync(StoreFixture.Request(app), ct);
            await fixture.Store.SaveOperationStepAsync(new OperationStep(operation.Id, "step", [StoreFixture.Task(app, SyncTaskAction.Created)], "{}"), ct);
            await fixture.Store.CompleteOperationAsync(new OperationCompletion(operation.Id, OperationPhase.Succeeded, "", []), ct);
        });

        for (var i = 0; i < 40; i++)
        {
            var app = $"app-{i:D2}";
            Assert.Single(await fixture.Store.GetInventoryAsync(app, None));
            Assert.Single(await fixture.Store.GetHistoryAsync(app, None));
        }
        Assert.Empty(await fixture.Store.GetRunningOperationsAsync(None));
    }

    [Fact]
    public async Task Two_stores_on_one_database_file_see_each_others_writes_and_never_run_two_operations_for_one_app()
    {
        await using var fixture = await StoreFixture.OpenAsync("file");
        await using var second = await StateStores.OpenSqliteAsync(fixture.DataDirectory, fixture.Time, None);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var store = i % 2 == 0 ? fixture.Store : second;
            try
            {
                await store.BeginOperationAsync(StoreFixture.Request("guestbook"), None);
                return true;
            }
            catch (OperationInProgressException)
            {
                return false;
            }
        }));
        await second.SaveInventoryAsync("guestbook", [new InventoryEntry(Web, "apps/v1")], None);

        Assert.Equal(1, attempts.Count(started => started));
        Assert.Single(await fixture.Store.GetRunningOperationsAsync(None));
        Assert.Single(await fixture.Store.GetInventoryAsync("guestbook", None));
    }

    /// <summary>Records holding lists compare by reference; compare snapshots field by field.</summary>
    private sealed class SnapshotComparer : IEqualityComparer<AppStatusSnapshot?>
    {
        public bool Equals(AppStatusSnapshot? x, AppStatusSnapshot? y) =>
            x is not null && y is not null && x with { Revisions = [] } == y with { Revisions = [] } && x.Revisions.SequenceEqual(y.Revisions);

        public int GetHashCode(AppStatusSnapshot? obj) => obj?.App.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}

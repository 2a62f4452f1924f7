using Hawser.Controller;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Server.Tests.Controller;

/// <summary>The reconcile loop as a user lives with it: commits arrive, drift is healed or shown, Git removals are pruned.</summary>
public sealed class ContinuousSyncTests : IAsyncLifetime
{
    private static readonly GroupVersionKind ConfigMapKind = new("", "v1", "ConfigMap");
    private ServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ServerHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_commit_reaches_the_cluster_without_anyone_asking()
    {
        await _h.Repo.Write("apps/web.yaml", _h.Application("web", "web", "web"))
            .Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "one")).CommitAsync("one", CancellationToken.None);
        await _h.StartServerAsync();
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy");
        Assert.Equal("one", await _h.ConfigMapValueAsync("web", "settings"));

        var second = await _h.Repo.Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "two")).CommitAsync("two", CancellationToken.None);
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("web", "settings") == "two", "the commit synced");
        await _h.EventuallyAsync(() => _h.Controller.StatusOf("web") is { IsSyncedAndHealthy: true } s && s.Revision == second, "web Synced to the new commit");
    }

    [Fact]
    public async Task A_slow_listener_of_app_changes_does_not_leave_a_synced_app_reported_OutOfSync()
    {
        // Notifications listen to app changes; a listener that takes its time (an SMTP server answering slowly) once let the
        // closing refresh of a sync run while the sync still counted as running, skip, and leave the app OutOfSync for minutes.
        await _h.Repo.Write("apps/web.yaml", _h.Application("web", "web", "web"))
            .Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "one")).CommitAsync("one", CancellationToken.None);
        await _h.StartServerAsync();
        _h.Controller.AppChanged += _ => Thread.Sleep(300);
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy");

        var second = await _h.Repo.Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "two")).CommitAsync("two", CancellationToken.None);
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("web", "settings") == "two", "the commit synced");
        await _h.EventuallyAsync(() => _h.Controller.StatusOf("web") is { IsSyncedAndHealthy: true } s && s.Revision == second, "web Synced to the new commit");
    }

    [Fact]
    public async Task A_kubectl_edit_is_healed_when_selfHeal_is_on()
    {
        await _h.Repo.Write("apps/web.yaml", _h.Application("web", "web", "web"))
            .Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "git")).CommitAsync("one", CancellationToken.None);
        await _h.StartServerAsync();
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy");

        await _h.Cluster.PatchAsync(ConfigMapKind, "web", "settings", PatchType.Merge, """{"data":{"value":"edited"}}""", new WriteOptions(FieldManager: "kubectl-edit"), CancellationToken.None);
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("web", "settings") == "git", "the edit healed", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Without_selfHeal_drift_only_marks_the_app_OutOfSync()
    {
        await _h.Repo.Write("apps/web.yaml", _h.Application("web", "web", "web", syncPolicy: "automated: {prune: true}"))
            .Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "git")).CommitAsync("one", CancellationToken.None);
        await _h.StartServerAsync();
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy");
        var synced = (await _h.Server!.Store.GetHistoryAsync("web", CancellationToken.None)).Count;

        await _h.Cluster.PatchAsync(ConfigMapKind, "web", "settings", PatchType.Merge, """{"data":{"value":"edited"}}""", new WriteOptions(FieldManager: "kubectl-edit"), CancellationToken.None);
        await _h.EventuallyAsync(() => _h.Controller.StatusOf("web")?.Sync == AppSyncStatus.OutOfSync, "web OutOfSync");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal("edited", await _h.ConfigMapValueAsync("web", "settings"));
        Assert.Equal(AppSyncStatus.OutOfSync, _h.Controller.StatusOf("web")!.Sync);
        Assert.Equal(synced, (await _h.Server!.Store.GetHistoryAsync("web", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task An_automated_app_with_prune_deletes_what_Git_no_longer_declares()
    {
        await _h.Repo.Write("apps/web.yaml", _h.Application("web", "web", "web"))
            .Write("web/a.yaml", ServerHarness.ConfigMap("a", "1"))
            .Write("web/b.yaml", ServerHarness.ConfigMap("b", "1")).CommitAsync("two objects", CancellationToken.None);
        await _h.StartServerAsync();
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy");
        Assert.NotNull(await _h.ConfigMapValueAsync("web", "b"));

        File.Delete(Path.Combine(_h.Repo.Path, "web/b.yaml"));
        await _h.Repo.CommitAsync("drop b", CancellationToken.None);
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("web", "b") is null, "b pruned");
        Assert.Equal("1", await _h.ConfigMapValueAsync("web", "a"));
    }
}

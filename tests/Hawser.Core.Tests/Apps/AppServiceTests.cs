using Hawser.Apps;
using Hawser.Compare;
using Hawser.Health;
using Hawser.State;

namespace Hawser.Core.Tests.Apps;

public sealed class AppServiceTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly AppSyncSettings Cli = new("cli:test");

    [Fact]
    public async Task A_change_in_git_shows_in_diff_is_synced_and_rollback_restores_the_earlier_revision()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        var first = await h.Repo.Write("web/cm.yaml", AppServiceHarness.ConfigMap("settings", "one")).CommitAsync("one", Ct);
        var app = h.App("web", "web", "web", "  syncPolicy:\n    syncOptions: [CreateNamespace=true]");

        var initial = await h.Service.SyncAsync(app, Cli, null, Ct);
        Assert.Equal(OperationPhase.Succeeded, initial.Sync.Phase);
        Assert.True(initial.SucceededAndHealthy);
        Assert.Equal("one", (await h.GetAsync("v1", "ConfigMap", "web", "settings", Ct))!.Body["data"]!["value"]!.GetValue<string>());

        var second = await h.Repo.Write("web/cm.yaml", AppServiceHarness.ConfigMap("settings", "two")).CommitAsync("two", Ct);
        var diff = await h.Service.DiffAsync(app, Ct);
        Assert.True(diff.HasDifferences);
        var changed = Assert.Single(diff.Comparison.Items, i => i.Status == CompareStatus.OutOfSync);
        Assert.Contains("two", changed.Diff, StringComparison.Ordinal);
        Assert.Equal([second], diff.Revisions);

        await h.Service.SyncAsync(app, Cli, null, Ct);
        Assert.Equal("two", (await h.GetAsync("v1", "ConfigMap", "web", "settings", Ct))!.Body["data"]!["value"]!.GetValue<string>());
        Assert.False((await h.Service.DiffAsync(app, Ct)).HasDifferences);

        var history = await h.Service.HistoryAsync("web", Ct);
        Assert.Equal([second, first], history.Select(e => e.Revision));
        var rollback = await h.Service.RollbackAsync("web", history[^1].Id, Cli, null, Ct);
        Assert.Equal(OperationPhase.Succeeded, rollback.Sync.Phase);
        Assert.Equal(first, rollback.Sync.Operation.Revision);
        Assert.Equal("one", (await h.GetAsync("v1", "ConfigMap", "web", "settings", Ct))!.Body["data"]!["value"]!.GetValue<string>());
        Assert.Equal(3, (await h.Service.HistoryAsync("web", Ct)).Count);
    }

    [Fact]
    public async Task Get_reports_sync_status_health_and_every_object()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await h.Repo.Write("api/cm.yaml", AppServiceHarness.ConfigMap("api-config", "x"))
            .Write("api/deploy.yaml", Deployment("api")).CommitAsync("api", Ct);
        var app = h.App("api", "api", "api", "  syncPolicy:\n    syncOptions: [CreateNamespace=true]");

        var before = await h.Service.GetAsync(app, Ct);
        Assert.Equal(AppSyncStatus.OutOfSync, before.SyncStatus);
        Assert.Equal(HealthStatus.Missing, before.Health.Status);

        await h.Service.SyncAsync(app, Cli with { WaitForHealth = true }, null, Ct);
        var after = await h.Service.GetAsync(app, Ct);
        Assert.Equal(AppSyncStatus.Synced, after.SyncStatus);
        Assert.Equal(HealthStatus.Healthy, after.Health.Status);
        Assert.Equal(["ConfigMap/api/api-config", "Deployment/api/api"], after.Resources.Select(r => r.Key.ToString()).Order(StringComparer.Ordinal));
        Assert.NotNull(after.LastOperation);
    }

    [Fact]
    public async Task Delete_removes_every_object_of_the_inventory_and_forgets_the_app()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await h.Repo.Write("gone/a.yaml", AppServiceHarness.ConfigMap("a", "1")).Write("gone/b.yaml", AppServiceHarness.ConfigMap("b", "2")).CommitAsync("c", Ct);
        var app = h.App("gone", "gone", "gone", "  syncPolicy:\n    syncOptions: [CreateNamespace=true]");
        await h.Service.SyncAsync(app, Cli, null, Ct);
        Assert.NotNull(await h.GetAsync("v1", "ConfigMap", "gone", "a", Ct));

        var report = await h.Service.DeleteAsync(app, Ct);

        Assert.Contains(report.Deleted, k => k.ToString() == "ConfigMap/gone/a");
        Assert.Contains(report.Deleted, k => k.ToString() == "ConfigMap/gone/b");
        Assert.Null(await h.GetAsync("v1", "ConfigMap", "gone", "a", Ct));
        Assert.Empty(await h.Store.GetInventoryAsync("gone", Ct));
        Assert.Empty(await h.Service.HistoryAsync("gone", Ct));
    }

    internal static string Deployment(string name) => $"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {name}
        spec:
          replicas: 1
          selector:
            matchLabels:
              app: {name}
          template:
            metadata:
              labels:
                app: {name}
            spec:
              containers:
              - name: main
                image: nginx:1.27
        """;
}

using Hawser.Apps;
using Hawser.Compare;
using Hawser.Health;
using Hawser.State;
using Hawser.Testing;

namespace Hawser.Core.Tests.Apps;

/// <summary>Defects found on real Argo CD config repos (issue 10): health after a sync, unserved kinds, local overrides, history IDs.</summary>
public sealed class AppParityTests
{
    private const string Url = "https://git.example/config.git";
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly AppSyncSettings Cli = new("cli:test");

    private static AppDefinition OverrideApp(string path, string ns) => AppDefinition.Read($"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {"{"}name: web, namespace: argocd{"}"}
        spec:
          project: default
          source: {"{"}repoURL: {Url}, path: {path}, targetRevision: main{"}"}
          destination: {"{"}server: https://kubernetes.default.svc, namespace: {ns}{"}"}
          syncPolicy: {"{"}syncOptions: [CreateNamespace=true]{"}"}
        """, "web.yaml").Apps.Single();

    private const string UnservedKinds = """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        ---
        apiVersion: cert-manager.io/v1
        kind: Certificate
        metadata: {name: tls}
        spec: {secretName: tls}
        ---
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: web}
        """;

    [Fact]
    public async Task A_local_override_of_a_git_work_tree_records_its_commit_and_rolls_back_to_it()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct, overrides: repo => new Dictionary<string, string> { [Url] = repo.Path });
        var first = await h.Repo.Write("web/cm.yaml", AppServiceHarness.ConfigMap("settings", "one")).CommitAsync("one", Ct);
        var app = OverrideApp("web", "web");
        Assert.Equal(OperationPhase.Succeeded, (await h.Service.SyncAsync(app, Cli, null, Ct)).Sync.Phase);
        var second = await h.Repo.Write("web/cm.yaml", AppServiceHarness.ConfigMap("settings", "two")).CommitAsync("two", Ct);
        await h.Service.SyncAsync(app, Cli, null, Ct);

        var history = await h.Service.HistoryAsync("web", Ct);
        Assert.Equal([second, first], history.Select(e => e.Revision));
        var rollback = await h.Service.RollbackAsync("web", history[^1].Id, Cli, null, Ct);
        Assert.Equal(OperationPhase.Succeeded, rollback.Sync.Phase);
        Assert.Equal(first, rollback.Sync.Operation.Revision);
        Assert.Equal("one", (await h.GetAsync("v1", "ConfigMap", "web", "settings", Ct))!.Body["data"]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Rollback_of_a_sync_from_a_plain_directory_is_refused_naming_the_directory()
    {
        using var plain = new TempDirectory("hawser-plain");
        plain.Write("web/cm.yaml", AppServiceHarness.ConfigMap("settings", "one"));
        await using var h = await AppServiceHarness.StartAsync(Ct, overrides: _ => new Dictionary<string, string> { [Url] = plain.Path });
        await h.Service.SyncAsync(OverrideApp("web", "web"), Cli, null, Ct);

        var entry = Assert.Single(await h.Service.HistoryAsync("web", Ct));
        Assert.Equal("local:" + plain.Path, entry.Revision);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Service.RollbackAsync("web", entry.Id, Cli, null, Ct));
        Assert.Contains($"was synced from the local directory {plain.Path}, which is not the root of a Git work tree", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sync_that_fails_before_applying_anything_does_not_report_the_app_healthy()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await h.Repo.Write("web/all.yaml", UnservedKinds).CommitAsync("crs", Ct);
        var report = await h.Service.SyncAsync(h.App("web", "web", "web", "  syncPolicy:\n    syncOptions: [CreateNamespace=true]"), Cli, null, Ct);

        Assert.Equal(OperationPhase.Error, report.Sync.Phase);
        Assert.Contains("cert-manager.io/v1 Certificate, monitoring.coreos.com/v1 ServiceMonitor", report.Sync.Operation.Message, StringComparison.Ordinal);
        Assert.NotEqual(HealthStatus.Healthy, report.Health.Status);
        Assert.Equal(HealthStatus.Unknown, (await h.Store.GetAppStatusAsync("web", Ct))!.Health);
    }

    [Fact]
    public async Task Get_lists_objects_of_unserved_kinds_as_missing_and_names_every_such_kind()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await h.Repo.Write("web/all.yaml", UnservedKinds).CommitAsync("crs", Ct);
        var report = await h.Service.GetAsync(h.App("web", "web", "web"), Ct);

        Assert.Equal(AppSyncStatus.OutOfSync, report.SyncStatus);
        Assert.Equal(["Certificate", "ConfigMap", "ServiceMonitor"], report.Resources.Select(r => r.Key.Kind).Order(StringComparer.Ordinal));
        Assert.All(report.Resources, r => Assert.Equal(CompareStatus.Missing, r.Status));
        Assert.Contains("is its CRD installed?", report.Resources.Single(r => r.Key.Kind == "Certificate").Message, StringComparison.Ordinal);
        Assert.Contains(report.Warnings, w => w.Contains("cert-manager.io/v1 Certificate, monitoring.coreos.com/v1 ServiceMonitor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_operation_succeeds_while_its_last_wave_progresses_and_the_app_is_synced_and_progressing()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await h.Repo.Write("web/deploy.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, annotations: {sandbox.hawser.io/simulate: pending}}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: nginx}]}
            """).CommitAsync("pending", Ct);
        var app = h.App("web", "web", "web", "  syncPolicy:\n    syncOptions: [CreateNamespace=true]");

        var report = await h.Service.SyncAsync(app, Cli, null, Ct);
        Assert.Equal(OperationPhase.Succeeded, report.Sync.Phase);
        Assert.Equal(HealthStatus.Progressing, report.Health.Status);
        Assert.False(report.SucceededAndHealthy);
        var status = await h.Service.GetAsync(app, Ct);
        Assert.Equal(AppSyncStatus.Synced, status.SyncStatus);
        Assert.Equal(HealthStatus.Progressing, status.Health.Status);

        var waited = await h.Service.SyncAsync(app, Cli with { WaitForHealth = true, HealthTimeout = TimeSpan.FromMilliseconds(500) }, null, Ct);
        Assert.Equal(OperationPhase.Succeeded, waited.Sync.Phase);
        Assert.Equal(HealthStatus.Progressing, waited.Health.Status);
    }

    [Fact]
    public async Task Waiting_for_health_after_the_sync_reports_the_app_healthy_once_it_is()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await h.Repo.Write("web/deploy.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, annotations: {sandbox.hawser.io/simulate-delay: 1s}}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: web, image: nginx}]}
            """).CommitAsync("slow", Ct);
        var report = await h.Service.SyncAsync(h.App("web", "web", "web", "  syncPolicy:\n    syncOptions: [CreateNamespace=true]"), Cli with { WaitForHealth = true }, null, Ct);
        Assert.Equal(OperationPhase.Succeeded, report.Sync.Phase);
        Assert.Equal(HealthStatus.Healthy, report.Health.Status);
        Assert.True(report.SucceededAndHealthy);
    }

    [Fact]
    public async Task Sync_reports_and_get_show_the_per_app_history_id_that_rollback_takes()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        // Another app's operations come first, so the global operation numbers and the app's history IDs differ.
        await h.Repo.Write("other/cm.yaml", AppServiceHarness.ConfigMap("other", "x")).Write("web/cm.yaml", AppServiceHarness.ConfigMap("settings", "one")).CommitAsync("one", Ct);
        var other = h.App("other", "other", "other", "  syncPolicy:\n    syncOptions: [CreateNamespace=true]");
        await h.Service.SyncAsync(other, Cli, null, Ct);
        await h.Service.SyncAsync(other, Cli, null, Ct);
        var app = h.App("web", "web", "web", "  syncPolicy:\n    syncOptions: [CreateNamespace=true]");

        var report = await h.Service.SyncAsync(app, Cli, null, Ct);
        var entry = Assert.Single(await h.Service.HistoryAsync("web", Ct));
        Assert.NotEqual(entry.Id, report.Sync.Operation.Id);
        Assert.Equal(entry.Id, report.HistoryId);
        Assert.Equal(entry.Id, (await h.Service.GetAsync(app, Ct)).LastHistoryId);
    }
}

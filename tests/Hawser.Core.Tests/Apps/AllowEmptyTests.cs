using Hawser.Apps;
using Hawser.State;

namespace Hawser.Core.Tests.Apps;

public sealed class AllowEmptyTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private static readonly AppSyncSettings Automated = new("automated", Automated: true);

    [Fact]
    public async Task An_automated_sync_of_a_source_that_renders_nothing_is_refused_and_prunes_nothing()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await h.Repo.Write("web/cm.yaml", AppServiceHarness.ConfigMap("web-config", "1")).CommitAsync("web", Ct);
        var app = h.App("web", "web", "web", "  syncPolicy:\n    automated: {prune: true}\n    syncOptions: [CreateNamespace=true]");
        Assert.Equal(OperationPhase.Succeeded, (await h.Service.SyncAsync(app, Automated, null, Ct)).Sync.Phase);
        var operations = (await h.Service.HistoryAsync("web", Ct)).Count;

        await h.Repo.Delete("web/cm.yaml").Write("web/README.md", "moved").CommitAsync("oops", Ct);
        var e = await Assert.ThrowsAsync<AutoSyncRefusedException>(() => h.Service.SyncAsync(app, Automated, null, Ct));

        Assert.Contains("auto-sync will wipe out all resources", e.Message, StringComparison.Ordinal);
        Assert.Equal("web", e.App);
        Assert.NotNull(await h.GetAsync("v1", "ConfigMap", "web", "web-config", Ct));
        Assert.Equal(operations, (await h.Service.HistoryAsync("web", Ct)).Count);
    }

    [Fact]
    public async Task AllowEmpty_true_or_a_manual_sync_may_prune_every_object()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await h.Repo.Write("a/cm.yaml", AppServiceHarness.ConfigMap("a-config", "1")).Write("b/cm.yaml", AppServiceHarness.ConfigMap("b-config", "1")).CommitAsync("apps", Ct);
        var allowEmpty = h.App("a", "a", "a", "  syncPolicy:\n    automated: {prune: true, allowEmpty: true}\n    syncOptions: [CreateNamespace=true]");
        var manual = h.App("b", "b", "b", "  syncPolicy:\n    automated: {prune: true}\n    syncOptions: [CreateNamespace=true]");
        await h.Service.SyncAsync(allowEmpty, Automated, null, Ct);
        await h.Service.SyncAsync(manual, Automated, null, Ct);

        await h.Repo.Delete("a/cm.yaml").Delete("b/cm.yaml").Write("a/README.md", "x").Write("b/README.md", "x").CommitAsync("empty", Ct);

        Assert.Equal(OperationPhase.Succeeded, (await h.Service.SyncAsync(allowEmpty, Automated, null, Ct)).Sync.Phase);
        Assert.Null(await h.GetAsync("v1", "ConfigMap", "a", "a-config", Ct));
        Assert.Equal(OperationPhase.Succeeded, (await h.Service.SyncAsync(manual, new AppSyncSettings("cli:test", Prune: true), null, Ct)).Sync.Phase);
        Assert.Null(await h.GetAsync("v1", "ConfigMap", "b", "b-config", Ct));
    }

    [Fact]
    public async Task An_automated_child_app_that_renders_nothing_is_reported_as_an_error_and_keeps_its_objects()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        var child = $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: child, namespace: argocd}
            spec:
              project: default
              source: {repoURL: {{h.Repo.Path}}, path: child, targetRevision: main}
              destination: {server: https://kubernetes.default.svc, namespace: child}
              syncPolicy:
                automated: {prune: true}
                syncOptions: [CreateNamespace=true]
            """;
        await h.Repo.Write("apps/child.yaml", child).Write("child/cm.yaml", AppServiceHarness.ConfigMap("child-config", "1")).CommitAsync("child", Ct);
        var root = h.App("root", "apps", "argocd");
        Assert.True((await h.Service.SyncAsync(root, new AppSyncSettings("cli:test"), null, Ct)).SucceededAndHealthy);

        await h.Repo.Delete("child/cm.yaml").Write("child/README.md", "x").CommitAsync("empty child", Ct);
        var report = await h.Service.SyncAsync(root, new AppSyncSettings("cli:test"), null, Ct);

        var refused = Assert.Single(report.ChildSyncs);
        Assert.Equal(OperationPhase.Error, refused.Sync.Phase);
        Assert.Contains("auto-sync will wipe out all resources", refused.Sync.Operation.Message, StringComparison.Ordinal);
        Assert.False(report.SucceededAndHealthy);
        Assert.NotNull(await h.GetAsync("v1", "ConfigMap", "child", "child-config", Ct));
    }
}

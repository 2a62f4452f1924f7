using Hawser.Apps;
using Hawser.State;

namespace Hawser.Core.Tests.Apps;

public sealed class AppOfAppsTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Child_applications_are_registered_never_applied_and_automated_ones_are_synced_in_wave_order()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await WriteChildrenAsync(h, includeFirst: true);
        var root = h.App("root", "apps", "argocd");

        var report = await h.Service.SyncAsync(root, new AppSyncSettings("cli:test"), null, Ct);

        Assert.Equal(OperationPhase.Succeeded, report.Sync.Phase);
        Assert.DoesNotContain(report.Sync.ChangeSet, t => t.Key.Group == ApplicationReader.Group);
        Assert.Equal(["Application/first", "Application/manual", "ApplicationSet/generated"],
            (await h.Store.ListChildAppsAsync("root", Ct)).Select(c => $"{c.Kind}/{c.Name}"));
        // The set is generated: its one Application has no source or destination, an error naming the element and the field.
        Assert.Contains(report.Children, c => c.Kind == "ApplicationSet" && c.Action == "Error"
            && c.Message.Contains("list element 0", StringComparison.Ordinal) && c.Message.Contains("spec.destination", StringComparison.Ordinal));
        // Only the automated child was synced; its objects are in the cluster, the manual child's are not.
        Assert.Equal(["first"], report.ChildSyncs.Select(c => c.App));
        Assert.NotNull(await h.GetAsync("v1", "ConfigMap", "first", "first-config", Ct));
        Assert.Null(await h.GetAsync("v1", "ConfigMap", "manual", "manual-config", Ct));
        // The Application objects themselves were never sent to the cluster (it does not even serve the kind).
        await Assert.ThrowsAsync<Hawser.Kubernetes.UnknownKindException>(() =>
            h.Client.GetMappingAsync(new Hawser.Manifests.GroupVersionKind("argoproj.io", "v1alpha1", "Application"), Ct));
    }

    [Fact]
    public async Task A_child_removed_from_git_is_pruned_and_its_resources_deleted_when_it_has_the_resources_finalizer()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await WriteChildrenAsync(h, includeFirst: true);
        var root = h.App("root", "apps", "argocd");
        await h.Service.SyncAsync(root, new AppSyncSettings("cli:test"), null, Ct);
        Assert.NotNull(await h.GetAsync("v1", "ConfigMap", "first", "first-config", Ct));

        await WriteChildrenAsync(h, includeFirst: false);
        var withoutPrune = await h.Service.SyncAsync(root, new AppSyncSettings("cli:test"), null, Ct);
        Assert.Contains(withoutPrune.Children, c => c.Name == "first" && c.Action == "RequiresPruning");
        Assert.NotNull(await h.Store.GetChildAppAsync("Application", "first", Ct));

        var pruned = await h.Service.SyncAsync(root, new AppSyncSettings("cli:test", Prune: true), null, Ct);
        Assert.Contains(pruned.Children, c => c.Name == "first" && c.Action == "Removed");
        Assert.Null(await h.Store.GetChildAppAsync("Application", "first", Ct));
        Assert.Null(await h.GetAsync("v1", "ConfigMap", "first", "first-config", Ct));
    }

    [Fact]
    public async Task An_app_owned_by_another_parent_is_a_conflict_not_a_takeover()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await WriteChildrenAsync(h, includeFirst: true);
        await h.Service.SyncAsync(h.App("root", "apps", "argocd"), new AppSyncSettings("cli:test", SyncChildren: false), null, Ct);

        var other = await h.Service.SyncAsync(h.App("other-root", "apps", "argocd"), new AppSyncSettings("cli:test", SyncChildren: false), null, Ct);

        Assert.Contains(other.Children, c => c.Name == "first" && c.Action == "Conflict" && c.Message.Contains("root", StringComparison.Ordinal));
        Assert.False(other.SucceededAndHealthy);
        Assert.Equal("root", (await h.Store.GetChildAppAsync("Application", "first", Ct))!.Parent);
    }

    [Fact]
    public async Task An_invalid_child_application_is_reported_by_field_and_not_registered()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await h.Repo.Write("apps/broken.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: broken\nspec:\n  project: default\n  source:\n    repoURL: x\n    path: y\n")
            .CommitAsync("broken child", Ct);

        var report = await h.Service.SyncAsync(h.App("root", "apps", "argocd"), new AppSyncSettings("cli:test"), null, Ct);

        var broken = Assert.Single(report.Children);
        Assert.Equal("Invalid", broken.Action);
        Assert.Contains("spec.destination", broken.Message, StringComparison.Ordinal);
        Assert.False(report.SucceededAndHealthy);
        Assert.Null(await h.Store.GetChildAppAsync("Application", "broken", Ct));
    }

    private static async Task WriteChildrenAsync(AppServiceHarness h, bool includeFirst)
    {
        h.Repo.Write("first/cm.yaml", AppServiceHarness.ConfigMap("first-config", "1"))
            .Write("manual/cm.yaml", AppServiceHarness.ConfigMap("manual-config", "1"))
            .Write("apps/manual.yaml", Child(h, "manual", automated: false, wave: 2))
            .Write("apps/appset.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: generated, namespace: argocd}
                spec:
                  generators: [{list: {elements: [{cluster: a}]}}]
                  template: {metadata: {name: '{{cluster}}'}, spec: {project: default}}
                """);
        if (includeFirst) h.Repo.Write("apps/first.yaml", Child(h, "first", automated: true, wave: 1));
        else h.Repo.Delete("apps/first.yaml");
        await h.Repo.CommitAsync("children", Ct);
    }

    private static string Child(AppServiceHarness h, string name, bool automated, int wave) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata:
          name: {name}
          namespace: argocd
          annotations:
            argocd.argoproj.io/sync-wave: "{wave}"
          finalizers:
          - resources-finalizer.argocd.argoproj.io
        spec:
          project: default
          source:
            repoURL: {h.Repo.Path}
            path: {name}
            targetRevision: main
          destination:
            server: https://kubernetes.default.svc
            namespace: {name}
          syncPolicy:
            {(automated ? "automated:\n      prune: true" : "retry:\n      limit: 1")}
            syncOptions:
            - CreateNamespace=true
        """;
}

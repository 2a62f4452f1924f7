using Hawser.State;

namespace Hawser.Server.Tests.Controller;

/// <summary>A config repo whose root is an ApplicationSet, kept in sync by the server: generated apps are created, synced,
/// regenerated when Git changes and deleted when their folder goes; RollingSync orders the apps' syncs.</summary>
public sealed class ApplicationSetTests : IAsyncLifetime
{
    private ServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ServerHarness.CreateAsync(simulationDelay: TimeSpan.FromSeconds(1));

    public async Task DisposeAsync() => await _h.DisposeAsync();

    // The layout real config repos use: one Kustomize folder per app under production/, each folder also its namespace.
    private string ProductionSet() => $$$"""
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: production}
        spec:
          generators:
          - git:
              repoURL: {{{_h.RepoUrl}}}
              revision: main
              directories:
              - path: production/*
              - path: production/scratch
                exclude: true
          template:
            metadata:
              name: '{{path.basename}}'
              finalizers: [resources-finalizer.argocd.argoproj.io]
            spec:
              project: default
              source: {repoURL: '{{{_h.RepoUrl}}}', targetRevision: main, path: '{{path}}'}
              destination: {server: 'https://kubernetes.default.svc', namespace: '{{path.basename}}'}
              syncPolicy:
                automated: {prune: true, selfHeal: true}
                syncOptions: [CreateNamespace=true]
        """;

    private static string Kustomization(string prefix) => $"""
        apiVersion: kustomize.config.k8s.io/v1beta1
        kind: Kustomization
        namePrefix: {prefix}-
        resources: [cm.yaml]
        """;

    [Fact]
    public async Task Every_folder_of_production_becomes_an_app_that_syncs_and_one_whose_folder_goes_is_deleted_with_its_objects()
    {
        await _h.Repo.Write("apps/production.yaml", ProductionSet())
            .Write("production/web/kustomization.yaml", Kustomization("web")).Write("production/web/cm.yaml", ServerHarness.ConfigMap("settings", "web"))
            .Write("production/api/kustomization.yaml", Kustomization("api")).Write("production/api/cm.yaml", ServerHarness.ConfigMap("settings", "api"))
            .Write("production/scratch/kustomization.yaml", Kustomization("scratch")).Write("production/scratch/cm.yaml", ServerHarness.ConfigMap("settings", "x"))
            .CommitAsync("production", CancellationToken.None);
        await _h.StartServerAsync();

        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web") && _h.SyncedAndHealthy("api"), "web and api Synced and Healthy");
        Assert.Equal("web", await _h.ConfigMapValueAsync("web", "web-settings"));
        Assert.Equal("api", await _h.ConfigMapValueAsync("api", "api-settings"));
        Assert.Null(_h.Controller.Catalog.Find("scratch"));
        Assert.Equal("ApplicationSet/production", _h.Controller.Catalog.Find("web")!.Parent);

        // A new folder is generated into an app at the next poll; a removed folder's app is deleted with its objects (finalizer).
        Directory.Delete(Path.Combine(_h.Repo.Path, "production/api"), recursive: true);
        await _h.Repo.Write("production/jobs/kustomization.yaml", Kustomization("jobs")).Write("production/jobs/cm.yaml", ServerHarness.ConfigMap("settings", "jobs"))
            .CommitAsync("jobs in, api out", CancellationToken.None);
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("jobs"), "jobs generated, Synced and Healthy");
        Assert.Equal("jobs", await _h.ConfigMapValueAsync("jobs", "jobs-settings"));
        await ServerHarness.EventuallyAsync(async () => _h.Controller.Catalog.Find("api") is null && await _h.ConfigMapValueAsync("api", "api-settings") is null,
            "api deleted with its ConfigMap");
        Assert.True(_h.SyncedAndHealthy("web"));
        var status = await _h.Server!.Store.GetAppSetStatusAsync("production", CancellationToken.None);
        Assert.NotNull(status);
        Assert.DoesNotContain(status.Conditions, c => c.Type == AppSets.AppSetCondition.ErrorOccurred);
    }

    [Fact]
    public async Task A_changed_template_updates_the_generated_apps()
    {
        await _h.Repo.Write("apps/production.yaml", ProductionSet())
            .Write("production/web/kustomization.yaml", Kustomization("web")).Write("production/web/cm.yaml", ServerHarness.ConfigMap("settings", "web"))
            .CommitAsync("production", CancellationToken.None);
        await _h.StartServerAsync();
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy");

        await _h.Repo.Write("apps/production.yaml", ProductionSet().Replace("namespace: '{{path.basename}}'", "namespace: 'prod-{{path.basename}}'", StringComparison.Ordinal))
            .CommitAsync("namespaces prefixed", CancellationToken.None);
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("prod-web", "web-settings") == "web", "web synced into prod-web");
        await ServerHarness.EventuallyAsync(async () => await _h.ConfigMapValueAsync("web", "web-settings") is null, "the old namespace's object pruned");
    }

    [Fact]
    public async Task Under_RollingSync_the_second_step_syncs_only_once_the_first_is_synced_and_healthy()
    {
        var set = $$$"""
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: rollout}
            spec:
              generators:
              - list:
                  elements: [{env: dev}, {env: prod}]
              strategy:
                type: RollingSync
                rollingSync:
                  steps:
                  - matchExpressions: [{key: env, operator: In, values: [dev]}]
                  - matchExpressions: [{key: env, operator: In, values: [prod]}]
              template:
                metadata:
                  name: 'web-{{env}}'
                  labels: {env: '{{env}}'}
                spec:
                  project: default
                  source: {repoURL: '{{{_h.RepoUrl}}}', targetRevision: main, path: web}
                  destination: {server: 'https://kubernetes.default.svc', namespace: 'web-{{env}}'}
                  syncPolicy:
                    syncOptions: [CreateNamespace=true]
            """;
        await _h.Repo.Write("apps/rollout.yaml", set).Write("web/deploy.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: c, image: nginx}]}
            """).CommitAsync("rollout", CancellationToken.None);
        await _h.StartServerAsync();

        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web-prod"), "web-prod Synced and Healthy", TimeSpan.FromSeconds(40));
        var store = _h.Server!.Store;
        var dev = (await store.GetHistoryAsync("web-dev", CancellationToken.None)).Single();
        var prod = (await store.GetHistoryAsync("web-prod", CancellationToken.None)).Single();
        // Neither app is automated: the set synced them. The dev Deployment takes a second to become available; prod waited.
        Assert.True(prod.StartedAt >= dev.StartedAt.AddSeconds(1), $"web-prod started at {prod.StartedAt:O}, before web-dev could be healthy (its sync started at {dev.StartedAt:O})");
        Assert.Equal(AppSyncStatus.Synced, _h.Controller.StatusOf("web-dev")!.Sync);
    }
}

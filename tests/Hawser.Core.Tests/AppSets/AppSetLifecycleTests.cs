using Hawser.Apps;
using Hawser.AppSets;
using Hawser.Core.Tests.Apps;
using Hawser.Health;
using Hawser.Rendering;
using Hawser.Sandbox;
using Hawser.State;
using Hawser.Sync;
using Hawser.Testing;

namespace Hawser.Core.Tests.AppSets;

/// <summary>ApplicationSets through the app-of-apps path, on real git, kustomize, the sandbox and a SQLite store.</summary>
public sealed class AppSetLifecycleTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task The_example_appset_repo_generates_one_kustomize_app_per_production_folder_each_synced_into_its_own_namespace()
    {
        const string repoUrl = "https://github.com/hawser-dev/appset-repo.git";
        using var dir = new TempDirectory("hawser-appset-example");
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Simulation = new Sandbox.Simulation.SimulationOptions { Delay = TimeSpan.FromMilliseconds(100) } }, Ct);
        await using var store = await StateStores.OpenSqliteAsync(Path.Combine(dir.Path, "data"), TimeProvider.System, Ct);
        var examples = Path.Combine(RepositoryPaths.Root, "examples", "appset-repo");
        var renderer = new AppRenderer(new AppRendererOptions(Path.Combine(dir.Path, "scratch")) { RepositoryOverrides = new Dictionary<string, string> { [repoUrl] = examples } });
        using var clusters = new ClusterConnector(sandbox.KubeconfigPath, null);
        var service = new AppService(renderer, clusters, store, HealthAssessor.Create(), engineSettings: new SyncEngineSettings(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)));
        var root = AppDefinition.Read(await File.ReadAllTextAsync(Path.Combine(examples, "root", "app.yaml"), Ct), "root/app.yaml").Apps.Single();

        var report = await service.SyncAsync(root, new AppSyncSettings("test"), null, Ct);

        Assert.True(report.SucceededAndHealthy, string.Join("\n", report.Children.Select(c => $"{c.Kind}/{c.Name} {c.Action}: {c.Message}")));
        Assert.Equal(["guestbook", "redis", "web"], report.ChildSyncs.Select(c => c.App));
        Assert.All(report.ChildSyncs, c => Assert.True(c.SucceededAndHealthy));
        Assert.Equal(["guestbook", "redis", "web"], (await store.ListChildAppsAsync(ApplicationSetReconciler.OwnerOf("production"), Ct)).Select(c => c.Name));
        var connection = clusters.Connect(new ApplicationDestination(ClusterConnector.InClusterServer, null, ""));
        foreach (var app in new[] { "guestbook", "redis", "web" })
        {
            Assert.NotNull(await connection.Client.GetAsync(Hawser.Manifests.GroupVersionKind.From("v1", "Namespace"), "", app, Ct));
            Assert.NotNull(await connection.Client.GetAsync(Hawser.Manifests.GroupVersionKind.From("apps/v1", "Deployment"), app, app, Ct));
            var status = await store.GetAppStatusAsync(app, Ct);
            Assert.Equal((AppSyncStatus.Synced, HealthStatus.Healthy), (status!.SyncStatus, status.Health));
        }
        var setStatus = await store.GetAppSetStatusAsync("production", Ct);
        Assert.Equal(AppSetCondition.ParametersGenerated, Assert.Single(setStatus!.Conditions).Type);
    }

    [Fact]
    public async Task An_app_no_longer_generated_is_deleted_and_its_objects_go_only_with_the_resources_finalizer()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await h.Repo
            .Write("sets/with-finalizer.yaml", Set(h.Repo.Path, "with-finalizer", "a/*", finalizer: true))
            .Write("sets/without-finalizer.yaml", Set(h.Repo.Path, "without-finalizer", "b/*", finalizer: false))
            .Write("a/one/cm.yaml", AppServiceHarness.ConfigMap("one-config", "1"))
            .Write("a/two/cm.yaml", AppServiceHarness.ConfigMap("two-config", "2"))
            .Write("b/three/cm.yaml", AppServiceHarness.ConfigMap("three-config", "3"))
            .Write("b/four/cm.yaml", AppServiceHarness.ConfigMap("four-config", "4"))
            .CommitAsync("sets", Ct);
        var root = h.App("root", "sets", "argocd");
        var first = await h.Service.SyncAsync(root, new AppSyncSettings("cli:test"), null, Ct);
        Assert.True(first.SucceededAndHealthy, string.Join("\n", first.Children.Select(c => $"{c.Kind}/{c.Name} {c.Action}: {c.Message}")));
        Assert.NotNull(await h.GetAsync("v1", "ConfigMap", "two", "two-config", Ct));
        Assert.NotNull(await h.GetAsync("v1", "ConfigMap", "four", "four-config", Ct));

        h.Repo.Delete("a/two/cm.yaml").Delete("b/four/cm.yaml");
        await h.Repo.CommitAsync("drop two and four", Ct);
        var second = await h.Service.SyncAsync(root, new AppSyncSettings("cli:test"), null, Ct);

        Assert.Contains(second.Children, c => c.Name == "two" && c.Action == "Removed" && c.Message.Contains("objects are deleted", StringComparison.Ordinal));
        Assert.Contains(second.Children, c => c.Name == "four" && c.Action == "Removed" && c.Message.Contains("no resources finalizer", StringComparison.Ordinal));
        Assert.Null(await h.Store.GetChildAppAsync("Application", "two", Ct));
        Assert.Null(await h.Store.GetChildAppAsync("Application", "four", Ct));
        Assert.Null(await h.GetAsync("v1", "ConfigMap", "two", "two-config", Ct));
        Assert.NotNull(await h.GetAsync("v1", "ConfigMap", "four", "four-config", Ct));
        Assert.NotNull(await h.GetAsync("v1", "ConfigMap", "one", "one-config", Ct));
    }

    [Fact]
    public async Task A_rolling_sync_syncs_the_second_step_only_after_the_first_is_synced_and_healthy()
    {
        await using var h = await AppServiceHarness.StartAsync(Ct);
        await h.Repo
            .Write("sets/rolling.yaml", $$$"""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: rolling}
                spec:
                  generators:
                    - list:
                        elements: [{env: prod}, {env: dev}, {env: qa}]
                  strategy:
                    type: RollingSync
                    rollingSync:
                      steps:
                        - matchExpressions: [{key: env, operator: In, values: [dev, qa]}]
                          maxUpdate: 1
                        - matchExpressions: [{key: env, operator: In, values: [prod]}]
                  template:
                    metadata:
                      name: 'roll-{{env}}'
                      labels: {env: '{{env}}'}
                    spec:
                      project: default
                      source: {repoURL: '{{{h.Repo.Path}}}', path: 'envs/{{env}}', targetRevision: main}
                      destination: {server: 'https://kubernetes.default.svc', namespace: '{{env}}'}
                      syncPolicy: {syncOptions: [CreateNamespace=true]}
                """)
            .Write("envs/dev/cm.yaml", AppServiceHarness.ConfigMap("settings", "dev"))
            .Write("envs/qa/cm.yaml", AppServiceHarness.ConfigMap("settings", "qa"))
            .Write("envs/prod/cm.yaml", AppServiceHarness.ConfigMap("settings", "prod"))
            .CommitAsync("rolling", Ct);

        var report = await h.Service.SyncAsync(h.App("root", "sets", "argocd"), new AppSyncSettings("cli:test"), null, Ct);

        Assert.True(report.SucceededAndHealthy, string.Join("\n", report.Children.Select(c => $"{c.Kind}/{c.Name} {c.Action}: {c.Message}")));
        // Step 1 (dev, qa) one at a time, then step 2 (prod): each sync starts after the previous one finished.
        Assert.Equal(["roll-dev", "roll-qa", "roll-prod"], report.ChildSyncs.Select(c => c.App));
        var operations = report.ChildSyncs.Select(c => c.Sync.Operation).ToList();
        Assert.Contains("step 1", operations[0].Initiator, StringComparison.Ordinal);
        Assert.Contains("step 2", operations[2].Initiator, StringComparison.Ordinal);
        for (var i = 1; i < operations.Count; i++) Assert.True(operations[i].StartedAt >= operations[i - 1].FinishedAt);
        Assert.NotNull(await h.GetAsync("v1", "ConfigMap", "prod", "settings", Ct));
    }

    private static string Set(string repo, string name, string pattern, bool finalizer) => $$$"""
        apiVersion: argoproj.io/v1alpha1
        kind: ApplicationSet
        metadata: {name: {{{name}}}}
        spec:
          generators:
            - git:
                repoURL: {{{repo}}}
                revision: main
                directories: [{path: '{{{pattern}}}'}]
          template:
            metadata:
              name: '{{path.basename}}'
              {{{(finalizer ? "finalizers: [resources-finalizer.argocd.argoproj.io]" : "")}}}
            spec:
              project: default
              source: {repoURL: {{{repo}}}, path: '{{path}}', targetRevision: main}
              destination: {server: 'https://kubernetes.default.svc', namespace: '{{path.basename}}'}
              syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
        """;
}

using Hawser.Apps;
using Hawser.Health;
using Hawser.Rendering;
using Hawser.Sandbox;
using Hawser.State;
using Hawser.Sync;
using Hawser.Testing;

namespace Hawser.Core.Tests.Apps;

/// <summary>
/// The README's main job as a test: the example config repo (an Argo CD app-of-apps layout: a Helm chart with a production
/// values file, a Kustomize overlay, a plain directory, sync waves with a PreSync hook, a CRD with its custom resources)
/// synced into the sandbox with real git, helm and kustomize.
/// </summary>
public sealed class ExampleConfigRepoTests
{
    private const string RepoUrl = "https://github.com/hawser-dev/config-repo.git";
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task The_example_config_repo_syncs_into_the_sandbox_and_every_app_ends_synced_and_healthy()
    {
        using var dir = new TempDirectory("hawser-example");
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Simulation = new Sandbox.Simulation.SimulationOptions { Delay = TimeSpan.FromMilliseconds(200) } }, Ct);
        await using var store = await StateStores.OpenSqliteAsync(Path.Combine(dir.Path, "data"), TimeProvider.System, Ct);
        var examples = Path.Combine(RepositoryPaths.Root, "examples", "config-repo");
        var renderer = new AppRenderer(new AppRendererOptions(Path.Combine(dir.Path, "scratch"))
        {
            RepositoryOverrides = new Dictionary<string, string> { [RepoUrl] = examples },
            AllowedKustomizeBuildOptions = ["--load-restrictor", "LoadRestrictionsNone"],
        });
        using var clusters = new ClusterConnector(sandbox.KubeconfigPath, null);
        var service = new AppService(renderer, clusters, store, HealthAssessor.Create(), engineSettings: new SyncEngineSettings(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1)));
        var root = AppDefinition.Read(await File.ReadAllTextAsync(Path.Combine(examples, "apps", "root.yaml"), Ct), "apps/root.yaml").Apps.Single();

        var report = await service.SyncAsync(root, new AppSyncSettings("test"), null, Ct);

        Assert.True(report.SucceededAndHealthy, Describe(report));
        Assert.Equal(["guestbook", "shop", "waves"], report.ChildSyncs.Select(c => c.App).Order(StringComparer.Ordinal));
        foreach (var manual in new[] { "plain", "widgets" })
        {
            var child = await service.FindRegisteredAsync(manual, Ct);
            Assert.NotNull(child);
            var synced = await service.SyncAsync(child, new AppSyncSettings("test"), null, Ct);
            Assert.True(synced.SucceededAndHealthy, Describe(synced));
        }

        var status = await service.GetAsync(root, Ct);
        var apps = status.Children.Where(c => c.Kind == "Application").ToList();
        Assert.Equal(5, apps.Count);
        Assert.All(apps, c => Assert.Equal((AppSyncStatus.Synced, HealthStatus.Healthy), (c.Status!.SyncStatus, c.Status.Health)));

        // The waves app: the PreSync hook Job ran first, then the waves in order.
        var waves = report.ChildSyncs.Single(c => c.App == "waves").Sync.ChangeSet;
        var order = waves.Where(t => t.Key.Kind != "Namespace").Select(t => (t.Phase, t.Wave)).ToList();
        Assert.Equal(order.OrderBy(o => o.Phase).ThenBy(o => o.Wave).ToList(), order);
        Assert.Equal(SyncTaskPhase.PreSync, waves.Single(t => t.Key.Kind == "Job").Phase);
    }

    private static string Describe(AppSyncReport report) =>
        $"{report.App}: {report.Sync.Phase} {report.Sync.Operation.Message}; health {report.Health.Status} {report.Health.Message}; "
        + string.Join("; ", report.ChildSyncs.Select(Describe));
}

using Hawser.Core.Tests.Fakes;
using Hawser.Health;
using Hawser.Manifests;
using Hawser.State;
using Hawser.Sync;

namespace Hawser.Core.Tests.Sync;

/// <summary>
/// What an operation waits for (argo-cd #1715, #1826): health between waves and before PostSync hooks, hooks to finish, but not
/// the last wave's health; and kinds the cluster does not serve.
/// </summary>
public sealed class SyncHealthGateTests : IAsyncLifetime
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromMinutes(1);
    private readonly FakeKubernetesClient _client = new();
    private readonly JumpingTimeProvider _time = new();
    private IStateStore _store = null!;

    public async Task InitializeAsync() => _store = await StateStores.OpenInMemoryAsync(_time, CancellationToken.None);

    public Task DisposeAsync() => _store.DisposeAsync().AsTask();

    private Task<SyncResult> SyncAsync(string yaml, IHealthAssessor? health = null) =>
        new SyncEngine(_client, _store, health ?? new FakeHealth(), _time, settings: new SyncEngineSettings(TimeSpan.FromSeconds(1), HealthTimeout))
            .SyncAsync(new SyncRequest("app", "r1", "default", Yaml.Many(yaml), "test", null, null, true, false, null, null), null, CancellationToken.None);

    private TimeSpan Waited() => _time.Delays.Aggregate(TimeSpan.Zero, (a, b) => a + b);

    [Fact]
    public async Task The_last_wave_is_applied_and_the_operation_succeeds_without_waiting_for_its_health()
    {
        var result = await SyncAsync("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: first}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: never-ready, annotations: {argocd.argoproj.io/sync-wave: "1", test.hawser.io/health: Progressing}}
            """);
        Assert.Equal(OperationPhase.Succeeded, result.Phase);
        Assert.All(result.ChangeSet, e => Assert.Equal(SyncTaskAction.Created, e.Action));
        Assert.True(Waited() < HealthTimeout, $"waited {Waited()}");
    }

    [Theory]
    [InlineData("hs = {", "unexpected symbol")]
    [InlineData("return {status = obj.spec.missing.field}", "attempt to index a nil value")]
    public async Task A_broken_custom_health_check_fails_its_objects_at_once_with_the_script_error(string script, string error)
    {
        var health = HealthAssessor.Create(CustomHealthChecks.FromArgoCdConfig(
            new Dictionary<string, string> { ["resource.customizations.health.apps_Deployment"] = script }));

        var result = await SyncAsync("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: later, annotations: {argocd.argoproj.io/sync-wave: "1"}}
            """, health);

        Assert.Equal(OperationPhase.Failed, result.Phase);
        var failed = Assert.Single(result.ChangeSet, e => e.Action == SyncTaskAction.Failed);
        Assert.Equal("web", failed.Key.Name);
        Assert.Contains("health check Deployment.apps failed", failed.Message, StringComparison.Ordinal);
        Assert.Contains(error, failed.Message, StringComparison.Ordinal);
        Assert.Empty(_time.Delays);
        Assert.Null(_client.Find(new ResourceKey("", "ConfigMap", "default", "later")));
    }

    [Fact]
    public async Task A_wave_that_never_becomes_healthy_still_holds_back_the_next_wave()
    {
        var result = await SyncAsync("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: never-ready, annotations: {test.hawser.io/health: Progressing}}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: later, annotations: {argocd.argoproj.io/sync-wave: "1"}}
            """);
        Assert.Equal(OperationPhase.Failed, result.Phase);
        Assert.Contains("not healthy after", result.Operation.Message, StringComparison.Ordinal);
        Assert.Null(_client.Find(new ResourceKey("", "ConfigMap", "default", "later")));
    }

    [Fact]
    public async Task Post_sync_hooks_wait_for_the_sync_phase_to_be_healthy()
    {
        var result = await SyncAsync("""
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: never-ready, annotations: {test.hawser.io/health: Progressing}}
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: smoke-test, annotations: {argocd.argoproj.io/hook: PostSync, test.hawser.io/health: Healthy}}
            """);
        Assert.Equal(OperationPhase.Failed, result.Phase);
        Assert.DoesNotContain(result.ChangeSet, e => e.Key.Name == "smoke-test");
    }

    [Fact]
    public async Task A_hook_of_the_last_wave_must_still_finish()
    {
        var result = await SyncAsync("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: migrate, annotations: {argocd.argoproj.io/hook: Sync, test.hawser.io/health: Progressing}}
            """);
        Assert.Equal(OperationPhase.Failed, result.Phase);
        Assert.Contains("not healthy after", result.Operation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_skip_dry_run_object_whose_crd_is_not_in_the_sync_fails_at_once_naming_its_kind()
    {
        var result = await SyncAsync("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: first}
            ---
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: tls, annotations: {argocd.argoproj.io/sync-options: SkipDryRunOnMissingResource=true}}
            """);
        Assert.Equal(OperationPhase.Failed, result.Phase);
        var failed = Assert.Single(result.ChangeSet, e => e.Action == SyncTaskAction.Failed);
        Assert.Contains("does not serve cert-manager.io/v1 Certificate and no CustomResourceDefinition in this sync defines it", failed.Message, StringComparison.Ordinal);
        Assert.True(Waited() < HealthTimeout, $"waited {Waited()}");
    }

    [Fact]
    public async Task Every_kind_the_cluster_does_not_serve_is_named()
    {
        var result = await SyncAsync("""
            apiVersion: cert-manager.io/v1
            kind: Certificate
            metadata: {name: tls}
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata: {name: web}
            """);
        Assert.Equal(OperationPhase.Error, result.Phase);
        Assert.Contains("cert-manager.io/v1 Certificate, monitoring.coreos.com/v1 ServiceMonitor", result.Operation.Message, StringComparison.Ordinal);
    }
}

using Hawser.Controller;
using Hawser.State;

namespace Hawser.Server.Tests.Controller;

/// <summary>Failures stay with the app that has them: retried as the app asks, never looped, never blocking another app.</summary>
public sealed class FailureIsolationTests : IAsyncLifetime
{
    private ServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ServerHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private static string FailingDeployment(string name) => $$$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{{name}}}
          annotations: {sandbox.hawser.io/simulate: fail}
        spec:
          replicas: 1
          selector: {matchLabels: {app: {{{name}}}}}
          template:
            metadata: {labels: {app: {{{name}}}}}
            spec: {containers: [{name: c, image: nginx}]}
        """;

    [Fact]
    public async Task A_failing_sync_is_retried_with_backoff_then_left_alone_until_Git_changes()
    {
        const string policy = "automated: {prune: true, selfHeal: true}\n    retry: {limit: 2, backoff: {duration: 200ms, factor: 2, maxDuration: 1s}}";
        await _h.Repo.Write("apps/bad.yaml", _h.Application("bad", "bad", "bad", syncPolicy: policy))
            .Write("bad/cm.yaml", ServerHarness.ConfigMap("Not_A_Valid_Name", "x")).CommitAsync("rejected by the API server", CancellationToken.None);
        await _h.StartServerAsync();

        OperationRecord? failed = null;
        await ServerHarness.EventuallyAsync(async () =>
        {
            failed = await _h.Server!.Store.GetLatestOperationAsync("bad", CancellationToken.None);
            return failed is { Phase: OperationPhase.Failed };
        }, "the sync of bad to fail after its retries");
        Assert.Contains("after 3 attempts", failed!.Message, StringComparison.Ordinal);

        // The same revision is not synced again: no loop on a failure that only a new commit can fix.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var latest = await _h.Server!.Store.GetLatestOperationAsync("bad", CancellationToken.None);
        Assert.Equal(failed.Id, latest!.Id);
        Assert.Contains(_h.Controller.StatusOf("bad")!.Conditions, c => c.Type == AppCondition.SyncError && c.Message.Contains("auto-sync skipped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_child_does_not_stop_its_siblings_and_is_named_in_its_condition()
    {
        await _h.Repo.Write("apps/broken.yaml", _h.Application("broken", "does-not-exist", "broken"))
            .Write("apps/degraded.yaml", _h.Application("degraded", "degraded", "degraded"))
            .Write("apps/good.yaml", _h.Application("good", "good", "good"))
            .Write("degraded/deploy.yaml", FailingDeployment("web"))
            .Write("good/cm.yaml", ServerHarness.ConfigMap("settings", "ok")).CommitAsync("three apps", CancellationToken.None);
        await _h.StartServerAsync();

        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("good"), "good Synced and Healthy");
        Assert.Equal("ok", await _h.ConfigMapValueAsync("good", "settings"));
        await _h.EventuallyAsync(() => _h.Controller.StatusOf("broken") is { Sync: AppSyncStatus.Unknown }, "broken reported");
        var condition = Assert.Single(_h.Controller.StatusOf("broken")!.Conditions);
        Assert.Equal(AppCondition.ComparisonError, condition.Type);
        Assert.Contains("does-not-exist", condition.Message, StringComparison.Ordinal);
        await _h.EventuallyAsync(() => _h.Controller.StatusOf("degraded")?.Health.Status == Health.HealthStatus.Degraded, "degraded reported Degraded");
        Assert.True(_h.SyncedAndHealthy("root"));
    }
}

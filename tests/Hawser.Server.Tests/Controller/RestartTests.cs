using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Server.Tests.Controller;

/// <summary>A server stopped in the middle of a sync resumes the operation when it starts again, without running a hook twice.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private static readonly GroupVersionKind JobKind = new("batch", "v1", "Job");
    private ServerHarness _h = null!;

    public async Task InitializeAsync() => _h = await ServerHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task A_restart_mid_sync_resumes_the_operation_without_a_second_hook()
    {
        const string hook = """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
              annotations:
                argocd.argoproj.io/hook: PreSync
                sandbox.hawser.io/simulate-delay: 3s
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: migrate, image: busybox}]
            """;
        await _h.Repo.Write("apps/web.yaml", _h.Application("web", "web", "web"))
            .Write("web/hook.yaml", hook)
            .Write("web/cm.yaml", ServerHarness.ConfigMap("settings", "ok")).CommitAsync("hooked", CancellationToken.None);
        await _h.StartServerAsync();

        KubeObject? job = null;
        await ServerHarness.EventuallyAsync(async () => (job = await _h.Cluster.GetAsync(JobKind, "web", "migrate", CancellationToken.None)) is not null, "the PreSync hook created");
        var running = await _h.Server!.Store.GetLatestOperationAsync("web", CancellationToken.None);
        Assert.Equal(OperationPhase.Running, running!.Phase);

        await _h.StopServerAsync();
        Assert.Equal(OperationPhase.Running, (await ReadLatestAsync())!.Phase);
        await _h.StartServerAsync();

        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web"), "web Synced and Healthy after the restart");
        var finished = await _h.Server!.Store.GetLatestOperationAsync("web", CancellationToken.None);
        Assert.Equal(running.Id, finished!.Id);
        Assert.Equal(OperationPhase.Succeeded, finished.Phase);
        var after = await _h.Cluster.GetAsync(JobKind, "web", "migrate", CancellationToken.None);
        Assert.Equal(job!.Uid, after!.Uid);
        Assert.Equal("ok", await _h.ConfigMapValueAsync("web", "settings"));
    }

    private async Task<OperationRecord?> ReadLatestAsync()
    {
        await using var store = await StateStores.OpenSqliteAsync(_h.DataDirectory, TimeProvider.System, CancellationToken.None);
        return await store.GetLatestOperationAsync("web", CancellationToken.None);
    }
}

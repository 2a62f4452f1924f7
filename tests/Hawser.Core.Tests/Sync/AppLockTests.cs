using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Hawser.Core.Tests.Fakes;
using Hawser.State;
using Hawser.Sync;
using Hawser.Testing;

namespace Hawser.Core.Tests.Sync;

public sealed class AppLockTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Two_stores_on_one_data_directory_never_hold_one_apps_lock_together()
    {
        using var dir = new TempDirectory();
        await using var first = await StateStores.OpenSqliteAsync(dir.Path, TimeProvider.System, Ct);
        await using var second = await StateStores.OpenSqliteAsync(dir.Path, TimeProvider.System, Ct);

        var held = await first.TryLockAppAsync("web", Ct);
        Assert.NotNull(held);
        Assert.Null(await second.TryLockAppAsync("web", Ct));
        await using (var other = await second.TryLockAppAsync("api", Ct)) Assert.NotNull(other);

        await held.DisposeAsync();
        await using var taken = await second.TryLockAppAsync("web", Ct);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task A_lock_held_by_another_process_is_refused_and_released_when_that_process_is_killed()
    {
        using var dir = new TempDirectory();
        await using var store = await StateStores.OpenSqliteAsync(dir.Path, TimeProvider.System, Ct);
        var lockFile = Path.Combine(dir.Path, "locks", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("web"))) + ".lock");
        Directory.CreateDirectory(Path.GetDirectoryName(lockFile)!);
        // flock(1) takes the same kind of lock .NET takes: another process holding it, then dying without a word.
        using var holder = Process.Start(new ProcessStartInfo(Tools.Require("flock"), ["-x", lockFile, "sleep", "60"]))!;
        // Until flock has the lock, ours succeeds: give it back at once, or flock would wait for us instead.
        await WaitUntilAsync(async () =>
        {
            if (await store.TryLockAppAsync("web", Ct) is not { } early) return true;
            await early.DisposeAsync();
            return false;
        });

        holder.Kill(entireProcessTree: true);
        await holder.WaitForExitAsync(Ct);

        // The kernel releases the lock once the last process holding its file (flock's child too) has gone.
        IAsyncDisposable? taken = null;
        await WaitUntilAsync(async () => (taken = await store.TryLockAppAsync("web", Ct)) is not null);
        Assert.NotNull(taken);
        await taken!.DisposeAsync();
    }

    [Fact]
    public async Task A_second_sync_reports_the_operation_in_progress_or_waits_for_it_with_WaitForLock()
    {
        await using var store = await StateStores.OpenInMemoryAsync(TimeProvider.System, Ct);
        var engine = new SyncEngine(new FakeKubernetesClient(), store, new FakeHealth(), settings: new SyncEngineSettings(TimeSpan.FromMilliseconds(20), TimeSpan.FromMinutes(1)));
        var request = new SyncRequest("web", "r1", "default", [Yaml.ConfigMap("a")], "cli:alice");
        var running = await store.BeginOperationAsync(new OperationRequest("web", ["r0"], "{}", "cli:bob"), Ct);
        var held = (await store.TryLockAppAsync("web", Ct))!;

        var busy = await Assert.ThrowsAsync<OperationInProgressException>(() => engine.SyncAsync(request, null, Ct));
        Assert.StartsWith($"app web: another operation is in progress (operation {running.Id} started by cli:bob at ", busy.Message, StringComparison.Ordinal);
        Assert.Equal(running.Id, (await store.GetLatestOperationAsync("web", Ct))!.Id);

        var waiting = engine.SyncAsync(request with { WaitForLock = true }, null, Ct);
        await Task.Delay(200, Ct);
        Assert.False(waiting.IsCompleted);
        await held.DisposeAsync();
        var result = await waiting.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(OperationPhase.Succeeded, result.Phase);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition never held");
            await Task.Delay(20, Ct);
        }
    }
}

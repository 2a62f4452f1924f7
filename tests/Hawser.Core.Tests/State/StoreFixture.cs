using Hawser.Manifests;
using Hawser.State;
using Hawser.Testing;

namespace Hawser.Core.Tests.State;

/// <summary>Opens the store under test, on a file in a temp directory or in memory, with a manual clock.</summary>
internal sealed class StoreFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new("hawser-state");

    private StoreFixture(string kind)
    {
        Kind = kind;
    }

    public string Kind { get; }
    public ManualTimeProvider Time { get; } = new(Start);
    public IStateStore Store { get; private set; } = null!;
    public string DataDirectory => _directory.Path;

    public static async Task<StoreFixture> OpenAsync(string kind)
    {
        var fixture = new StoreFixture(kind);
        fixture.Store = kind == "memory"
            ? await StateStores.OpenInMemoryAsync(fixture.Time, CancellationToken.None)
            : await StateStores.OpenSqliteAsync(fixture.DataDirectory, fixture.Time, CancellationToken.None);
        return fixture;
    }

    /// <summary>Closes and reopens the file store, as a restarted process would.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await StateStores.OpenSqliteAsync(DataDirectory, Time, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _directory.Dispose();
    }

    public static SyncTaskResult Task(string name, SyncTaskAction action, int wave = 0, SyncTaskPhase phase = SyncTaskPhase.Sync, bool hook = false) =>
        new(new ResourceKey("apps", "Deployment", "prod", name), "apps/v1", phase, wave, action, $"{name} {action}", hook);

    public static OperationRequest Request(string app, string revision = "abc123", bool dryRun = false) =>
        new(app, [revision], $$"""{"repoURL":"https://git.example.com/config.git","path":"apps/{{app}}"}""", "cli:alice", dryRun);

    /// <summary>Runs a whole operation to <paramref name="phase"/> and returns it.</summary>
    public async Task<OperationRecord> SyncAsync(string app, string revision, OperationPhase phase = OperationPhase.Succeeded, int historyLimit = 10)
    {
        var operation = await Store.BeginOperationAsync(Request(app, revision), CancellationToken.None);
        Time.Advance(TimeSpan.FromSeconds(30));
        return await Store.CompleteOperationAsync(
            new OperationCompletion(operation.Id, phase, "done", [Task("web", SyncTaskAction.Configured)], historyLimit), CancellationToken.None);
    }
}

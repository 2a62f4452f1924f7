using Hawser.Compare;

namespace Hawser.Sync;

/// <summary>The phase of a sync operation.</summary>
public enum OperationPhase
{
    /// <summary>In progress (or interrupted: a restart resumes or terminates it).</summary>
    Running,

    /// <summary>Every step succeeded.</summary>
    Succeeded,

    /// <summary>An object failed to apply, become healthy or be deleted.</summary>
    Failed,

    /// <summary>The sync could not run (the comparison or planning failed).</summary>
    Error,

    /// <summary>Stopped before it finished (superseded, or cancelled after a restart).</summary>
    Terminated,
}

/// <summary>
/// The saved state of a sync operation, written after every step so that a restarted process can resume it (gitops-engine's
/// <c>SyncContext</c> state). Steps are identified by stable ids (<c>apply/Sync/0</c>, <c>wait/Sync/0</c>, <c>prune</c>...);
/// a resumed sync re-plans from the same revision and skips the completed ones.
/// </summary>
/// <param name="Id">The operation id; also written on every hook it creates (<c>hawser.io/operation-id</c>).</param>
/// <param name="AppName">The application.</param>
/// <param name="Revision">The revision being synced.</param>
/// <param name="Initiator">Who started it.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="FinishedAt">When it ended; null while running.</param>
/// <param name="Phase">Its phase.</param>
/// <param name="Message">A summary, e.g. why it failed.</param>
/// <param name="CompletedSteps">The ids of the steps done in the current attempt.</param>
/// <param name="Results">The change set so far, one entry per object and phase.</param>
/// <param name="Attempt">1 for the first attempt, 2 for the first retry...</param>
/// <param name="Failing">True once a step failed: the SyncFail hooks run next, then the operation ends Failed.</param>
public sealed record SyncOperationState(
    string Id,
    string AppName,
    string Revision,
    string Initiator,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    OperationPhase Phase,
    string Message,
    IReadOnlyList<string> CompletedSteps,
    IReadOnlyList<ChangeSetEntry> Results,
    int Attempt = 1,
    bool Failing = false);

/// <summary>
/// Where the engine keeps what must survive a restart: each app's inventory and its operations. The State stage implements
/// it over its database; tests use an in-memory one.
/// </summary>
public interface ISyncStateStore
{
    /// <summary>The objects <paramref name="app"/> applied, as last saved; empty when none.</summary>
    Task<IReadOnlyList<InventoryEntry>> GetInventoryAsync(string app, CancellationToken cancellationToken);

    /// <summary>Replaces <paramref name="app"/>'s inventory.</summary>
    Task SaveInventoryAsync(string app, IReadOnlyList<InventoryEntry> inventory, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces an operation by id.</summary>
    Task SaveOperationAsync(SyncOperationState operation, CancellationToken cancellationToken);

    /// <summary>The app's operation still in <see cref="OperationPhase.Running"/>, if any.</summary>
    Task<SyncOperationState?> GetRunningOperationAsync(string app, CancellationToken cancellationToken);
}

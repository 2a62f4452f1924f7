namespace Hawser.State;

/// <summary>
/// Hawser's runtime state: what each app applied (its inventory), sync operations and their progress, per-app history,
/// child apps registered by a parent (app-of-apps), and status snapshots. Git stays the source of truth; this store can be
/// rebuilt from Git and the clusters. Open one with <see cref="StateStores"/>.
/// </summary>
/// <remarks>
/// Every method is one transaction: after a crash the store holds either all of a save or none of it. Lists come back in a
/// deterministic order. The implementation is thread-safe, and several processes may share one database file (WAL
/// journal, busy timeout; write transactions take the write lock up front, so "one running operation per app" holds
/// across processes). With <c>synchronous=NORMAL</c> a killed process loses nothing it committed; a power cut may lose
/// the last few commits, never consistency.
/// </remarks>
public interface IStateStore : IAsyncDisposable
{
    /// <summary>Replaces the app's inventory with <paramref name="entries"/> (atomically; duplicates collapse).</summary>
    Task SaveInventoryAsync(string app, IReadOnlyCollection<InventoryEntry> entries, CancellationToken cancellationToken);

    /// <summary>The app's inventory sorted by <see cref="Manifests.ResourceKey"/>, empty when it never synced.</summary>
    Task<IReadOnlyList<InventoryEntry>> GetInventoryAsync(string app, CancellationToken cancellationToken);

    /// <summary>
    /// Starts an operation in phase Running, stamped with the current time.
    /// Throws <see cref="OperationInProgressException"/> when the app already has a running operation.
    /// </summary>
    Task<OperationRecord> BeginOperationAsync(OperationRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the app's sync lock, or returns null at once when another sync holds it (in this process or another one
    /// sharing the store). The lock is released on dispose, and by the operating system when its process dies.
    /// </summary>
    Task<IAsyncDisposable?> TryLockAppAsync(string app, CancellationToken cancellationToken);

    /// <summary>Saves a running operation's progress. Throws <see cref="StateException"/> if it is unknown or finished.</summary>
    Task SaveOperationStepAsync(OperationStep step, CancellationToken cancellationToken);

    /// <summary>
    /// Finishes a running operation: final phase, message and tasks, finish time; clears its step state; unless it is a dry
    /// run, appends a history entry and trims the app's history to <see cref="OperationCompletion.HistoryLimit"/>.
    /// Operations no longer referenced by history are removed, except the app's latest.
    /// </summary>
    Task<OperationRecord> CompleteOperationAsync(OperationCompletion completion, CancellationToken cancellationToken);

    /// <summary>One operation, or null.</summary>
    Task<OperationRecord?> GetOperationAsync(long operationId, CancellationToken cancellationToken);

    /// <summary>The app's most recent operation (running or finished), or null.</summary>
    Task<OperationRecord?> GetLatestOperationAsync(string app, CancellationToken cancellationToken);

    /// <summary>Every operation still Running, oldest first: after a restart, each is resumed or terminated.</summary>
    Task<IReadOnlyList<OperationRecord>> GetRunningOperationsAsync(CancellationToken cancellationToken);

    /// <summary>The app's history, newest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> GetHistoryAsync(string app, CancellationToken cancellationToken);

    /// <summary>One history entry by its per-app id, or null.</summary>
    Task<HistoryEntry?> GetHistoryEntryAsync(string app, long id, CancellationToken cancellationToken);

    /// <summary>
    /// Registers or updates a child app under its parent and returns it as stored. Throws
    /// <see cref="ChildAppConflictException"/> when another parent already registered the same kind and name.
    /// </summary>
    Task<ChildApp> UpsertChildAppAsync(ChildApp child, CancellationToken cancellationToken);

    /// <summary>One child app by kind and name, whoever its parent, or null.</summary>
    Task<ChildApp?> GetChildAppAsync(string kind, string name, CancellationToken cancellationToken);

    /// <summary>The children of <paramref name="parent"/>, sorted by kind then name.</summary>
    Task<IReadOnlyList<ChildApp>> ListChildAppsAsync(string parent, CancellationToken cancellationToken);

    /// <summary>Every registered child of one kind (e.g. every <c>ApplicationSet</c>), whoever its parent, sorted by name.</summary>
    Task<IReadOnlyList<ChildApp>> ListChildAppsOfKindAsync(string kind, CancellationToken cancellationToken);

    /// <summary>Stores an ApplicationSet's latest reconciliation (conditions, revisions), replacing the previous one.</summary>
    Task SaveAppSetStatusAsync(AppSetStatusSnapshot status, CancellationToken cancellationToken);

    /// <summary>An ApplicationSet's latest reconciliation, or null.</summary>
    Task<AppSetStatusSnapshot?> GetAppSetStatusAsync(string name, CancellationToken cancellationToken);

    /// <summary>Forgets an ApplicationSet's status (when the set is deleted); false when there was none.</summary>
    Task<bool> DeleteAppSetStatusAsync(string name, CancellationToken cancellationToken);

    /// <summary>Removes a child app; false when it was not registered.</summary>
    Task<bool> DeleteChildAppAsync(string kind, string name, CancellationToken cancellationToken);

    /// <summary>Stores the app's latest status, replacing the previous snapshot.</summary>
    Task SaveAppStatusAsync(AppStatusSnapshot status, CancellationToken cancellationToken);

    /// <summary>The app's latest status, or null.</summary>
    Task<AppStatusSnapshot?> GetAppStatusAsync(string app, CancellationToken cancellationToken);

    /// <summary>Every app's latest status, sorted by app name.</summary>
    Task<IReadOnlyList<AppStatusSnapshot>> ListAppStatusesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Forgets an app: inventory, operations, history, status and parameter overrides (for <c>hawser app delete</c>, after its objects are gone).
    /// Child apps it registered are kept; delete them one by one as they are cascaded.
    /// </summary>
    Task DeleteAppStateAsync(string app, CancellationToken cancellationToken);

    /// <summary>Local account passwords, login failures, API and project tokens, server secrets.</summary>
    IAccountStore Accounts { get; }

    /// <summary>The append-only audit log.</summary>
    IAuditLog Audit { get; }

    /// <summary>What the notifications controller sent.</summary>
    INotificationSentStore Notifications { get; }

    /// <summary>Parameter overrides kept per app (image update automation's <c>argocd</c> write-back).</summary>
    IParameterOverrideStore ParameterOverrides { get; }
}

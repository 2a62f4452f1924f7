using Hawser.Compare;
using Hawser.Health;
using Hawser.Manifests;
using Hawser.State;
using Hawser.Sync;

namespace Hawser.Apps;

/// <summary>How a sync is asked for (the CLI's flags).</summary>
/// <param name="Initiator">Who asked, e.g. <c>cli:alice</c>; child apps synced along are initiated by <c>automated</c>.</param>
/// <param name="Prune">Prune what Git dropped (<c>--prune</c>); automated apps with <c>prune: true</c> prune anyway.</param>
/// <param name="DryRun">Plan and diff only; write nothing.</param>
/// <param name="Resources">Selective sync: only these objects.</param>
/// <param name="HealthTimeout">How long each wave may take to become healthy.</param>
/// <param name="SyncChildren">Also sync child apps with an automated sync policy (app-of-apps).</param>
/// <param name="Automated">The sync was started by the app's automated policy, not asked for; such a sync is refused when it
/// would wipe out every object of the app (<see cref="AutoSyncRefusedException"/>).</param>
/// <param name="WaitForHealth">After an operation that Succeeded, keep reading the app's health until it is no longer
/// Progressing (or <paramref name="HealthTimeout"/> passes). The operation itself never waits for its last wave's health.</param>
/// <param name="WaitForLock">Wait for another sync of the app to end instead of failing with <see cref="State.OperationInProgressException"/>.</param>
/// <param name="SyncOptions">Sync options for this sync only (<c>Key=value</c>, as in <c>syncPolicy.syncOptions</c>), read on top of the app's.</param>
public sealed record AppSyncSettings(
    string Initiator,
    bool Prune = false,
    bool DryRun = false,
    IReadOnlyList<ResourceSelector>? Resources = null,
    TimeSpan? HealthTimeout = null,
    bool SyncChildren = true,
    bool Automated = false,
    bool WaitForLock = false,
    bool WaitForHealth = false,
    IReadOnlyList<string>? SyncOptions = null);

/// <summary>A progress line of an app sync (the app is named, since child apps sync along with their parent).</summary>
public sealed record AppProgress(string App, SyncProgress Progress);

/// <summary>An Argo CD object (Application, AppProject, ApplicationSet) in an app's rendered output, and what became of it.</summary>
/// <param name="Kind">The Argo CD kind.</param>
/// <param name="Name">Its name.</param>
/// <param name="Action">Registered, Unchanged, Removed, RequiresPruning, Kept (an ApplicationSet's policy keeps it), Conflict (another parent
/// registered it), Invalid (not registered) or Error (an ApplicationSet condition).</param>
/// <param name="Message">Details.</param>
public sealed record ChildAppChange(string Kind, string Name, string Action, string Message);

/// <summary>The result of <see cref="AppService.DiffAsync"/>.</summary>
public sealed record AppDiffReport(string App, IReadOnlyList<string> Revisions, CompareResult Comparison, IReadOnlyList<ChildAppChange> Children, IReadOnlyList<string> Warnings)
{
    /// <summary>True when a sync would change something (objects or child apps).</summary>
    public bool HasDifferences => Comparison.IsOutOfSync || Children.Any(c => c.Action is "Registered" or "Removed" or "RequiresPruning");
}

/// <summary>The result of syncing one app, and of the child apps synced along with it.</summary>
/// <param name="Sync">The engine's result (operation, change set, plan).</param>
/// <param name="Health">The app's health after the sync.</param>
/// <param name="Children">Child apps registered or removed.</param>
/// <param name="ChildSyncs">Syncs of automated child apps, in wave order.</param>
public sealed record AppSyncReport(string App, SyncResult Sync, HealthResult Health, IReadOnlyList<ChildAppChange> Children, IReadOnlyList<AppSyncReport> ChildSyncs, IReadOnlyList<string> Warnings)
{
    /// <summary>The history ID the operation was recorded under (what <c>hawser app rollback</c> takes); null for a dry run.</summary>
    public long? HistoryId { get; init; }

    /// <summary>True when this sync and every child sync succeeded and everything is healthy.</summary>
    public bool SucceededAndHealthy =>
        Sync.Phase == OperationPhase.Succeeded
        && (Sync.Operation.DryRun || Health.Status == HealthStatus.Healthy)
        && !Children.Any(c => c.Action is "Conflict" or "Invalid" or "Error")
        && ChildSyncs.All(c => c.SucceededAndHealthy);
}

/// <summary>One object of an app, for <c>hawser app get</c>.</summary>
public sealed record AppResourceStatus(ResourceKey Key, CompareStatus Status, HealthResult? Health, string Message);

/// <summary>The result of <see cref="AppService.GetAsync"/>.</summary>
/// <param name="LastOperation">The app's latest operation, if it ever synced.</param>
/// <param name="Children">Registered child objects (apps, projects, application sets) with the last known status of each app.</param>
public sealed record AppStatusReport(
    string App,
    AppSyncStatus SyncStatus,
    HealthResult Health,
    IReadOnlyList<string> Revisions,
    IReadOnlyList<AppResourceStatus> Resources,
    OperationRecord? LastOperation,
    IReadOnlyList<ChildAppStatus> Children,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The history ID of <see cref="LastOperation"/> (what <c>hawser app rollback</c> takes), while history keeps it.</summary>
    public long? LastHistoryId { get; init; }
}

/// <summary>The result of <see cref="AppService.DeleteAsync"/>.</summary>
/// <param name="Deleted">Objects deleted.</param>
/// <param name="Kept">Objects left alone, with why (tracked by another app, already gone).</param>
public sealed record AppDeleteReport(string App, IReadOnlyList<ResourceKey> Deleted, IReadOnlyList<string> Kept, IReadOnlyList<AppDeleteReport> Children);

/// <summary>A registered child of an app-of-apps; <see cref="Status"/> is null for AppProjects, ApplicationSets and apps never synced.</summary>
public sealed record ChildAppStatus(string Kind, string Name, AppStatusSnapshot? Status);

using Hawser.Manifests;

namespace Hawser.State;

/// <summary>One object an application applied: its identity and the <c>apiVersion</c> it was applied with (needed to delete it).</summary>
public sealed record InventoryEntry(ResourceKey Key, string ApiVersion);

/// <summary>Where an operation stands. <see cref="Running"/> is the only phase that is not final.</summary>
public enum OperationPhase
{
    /// <summary>In progress (or interrupted by a crash, until it is resumed or terminated).</summary>
    Running,

    /// <summary>Every task succeeded.</summary>
    Succeeded,

    /// <summary>A task failed (an apply was rejected, a workload became Degraded, a hook failed).</summary>
    Failed,

    /// <summary>The operation could not run (invalid input, unreachable cluster...).</summary>
    Error,

    /// <summary>Stopped on request or abandoned after a restart.</summary>
    Terminated,
}

/// <summary>The sync phase a task ran in, in execution order.</summary>
public enum SyncTaskPhase
{
    PreSync,
    Sync,
    PostSync,
    SyncFail,
}

/// <summary>What a sync did to one object (Flux's change set vocabulary plus Argo CD's prune).</summary>
public enum SyncTaskAction
{
    Created,
    Configured,
    Unchanged,
    Deleted,
    Skipped,
    Failed,
    Pruned,
}

/// <summary>The result of one task of a sync operation.</summary>
/// <param name="Key">The object.</param>
/// <param name="ApiVersion">The apiVersion it was applied or deleted with.</param>
/// <param name="Phase">The sync phase of the task.</param>
/// <param name="Wave">The sync wave (default 0).</param>
/// <param name="Action">What was done.</param>
/// <param name="Message">Why, or the error; never a secret value.</param>
/// <param name="IsHook">True for hook objects (PreSync/PostSync/SyncFail hooks and Sync hooks).</param>
public sealed record SyncTaskResult(
    ResourceKey Key,
    string ApiVersion,
    SyncTaskPhase Phase,
    int Wave,
    SyncTaskAction Action,
    string Message,
    bool IsHook);

/// <summary>What is needed to start an operation.</summary>
/// <param name="App">The application name.</param>
/// <param name="Revisions">The resolved revision of each source (one for a single-source app).</param>
/// <param name="SourceJson">The source(s) as JSON, as synced (kept so that rollback can re-sync exactly this).</param>
/// <param name="Initiator">Who started it, e.g. <c>cli:alice</c> or <c>automated</c>.</param>
/// <param name="DryRun">A dry run is stored as an operation but never enters history.</param>
public sealed record OperationRequest(
    string App,
    IReadOnlyList<string> Revisions,
    string SourceJson,
    string Initiator,
    bool DryRun = false);

/// <summary>A sync operation as stored.</summary>
/// <param name="Id">Unique across all apps, increasing.</param>
/// <param name="StepState">The sync engine's own serialised progress, saved after every step so a restarted process resumes.</param>
public sealed record OperationRecord(
    long Id,
    string App,
    IReadOnlyList<string> Revisions,
    string SourceJson,
    string Initiator,
    bool DryRun,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    OperationPhase Phase,
    string Message,
    IReadOnlyList<SyncTaskResult> Tasks,
    string? StepState)
{
    /// <summary>The first source's revision, or empty.</summary>
    public string Revision => Revisions.Count > 0 ? Revisions[0] : "";
}

/// <summary>Progress of a running operation, saved after each step. It replaces the stored tasks, message and step state.</summary>
public sealed record OperationStep(long OperationId, string Message, IReadOnlyList<SyncTaskResult> Tasks, string? StepState);

/// <summary>The end of an operation.</summary>
/// <param name="Phase">The final phase; must not be <see cref="OperationPhase.Running"/>.</param>
/// <param name="HistoryLimit">The app's <c>revisionHistoryLimit</c>: how many history entries to keep (default 10).</param>
public sealed record OperationCompletion(
    long OperationId,
    OperationPhase Phase,
    string Message,
    IReadOnlyList<SyncTaskResult> Tasks,
    int HistoryLimit = OperationCompletion.DefaultHistoryLimit)
{
    /// <summary>Argo CD's default <c>revisionHistoryLimit</c>.</summary>
    public const int DefaultHistoryLimit = 10;
}

/// <summary>One completed sync in an application's history.</summary>
/// <param name="Id">Per application, increasing from 0 and never reused (the ID <c>hawser app rollback</c> takes).</param>
/// <param name="OperationId">The operation it records; its task results stay readable while the entry is kept.</param>
/// <param name="DeployedAt">When the operation finished.</param>
public sealed record HistoryEntry(
    long Id,
    string App,
    long OperationId,
    IReadOnlyList<string> Revisions,
    string SourceJson,
    DateTimeOffset StartedAt,
    DateTimeOffset DeployedAt,
    string Initiator,
    OperationPhase Phase)
{
    /// <summary>The first source's revision, or empty.</summary>
    public string Revision => Revisions.Count > 0 ? Revisions[0] : "";
}

/// <summary>An Argo CD object (<c>Application</c>, <c>ApplicationSet</c> or <c>AppProject</c>) registered by a parent app.</summary>
/// <param name="Kind">The Argo CD kind.</param>
/// <param name="Name">Its name; unique per kind.</param>
/// <param name="Parent">The app whose rendered output declares it.</param>
/// <param name="ObjectJson">The object as rendered.</param>
/// <param name="UpdatedAt">When it was last registered; set by the store.</param>
public sealed record ChildApp(string Kind, string Name, string Parent, string ObjectJson, DateTimeOffset UpdatedAt = default);

/// <summary>Whether the live state matches Git.</summary>
public enum AppSyncStatus
{
    Unknown,
    Synced,
    OutOfSync,
}

/// <summary>The last reconciled status of an application.</summary>
/// <param name="DetailJson">Engine-defined detail (per-object status) as JSON, or empty.</param>
public sealed record AppStatusSnapshot(
    string App,
    AppSyncStatus SyncStatus,
    Health.HealthStatus Health,
    string HealthMessage,
    IReadOnlyList<string> Revisions,
    DateTimeOffset ReconciledAt,
    string DetailJson = "");

/// <summary>The last reconciliation of an ApplicationSet.</summary>
/// <param name="Name">The set.</param>
/// <param name="Conditions">Its conditions (errors such as unsupported generators or name collisions, or that parameters were generated).</param>
/// <param name="Revisions">The repositories its git generators read, as <c>URL@commit</c>.</param>
/// <param name="ReconciledAt">When.</param>
public sealed record AppSetStatusSnapshot(string Name, IReadOnlyList<AppSets.AppSetCondition> Conditions, IReadOnlyList<string> Revisions, DateTimeOffset ReconciledAt);

using Hawser.Compare;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Sync;

/// <summary>The outcome of <see cref="SyncEngine.SyncAsync"/>.</summary>
/// <param name="Operation">The operation as stored at its end (id, phase, message, change set, times); for a dry run, an unsaved record with id 0.</param>
/// <param name="Comparison">The comparison the last attempt was planned from (diffs for display; Secret values masked).</param>
/// <param name="Plan">The tasks in execution order.</param>
/// <param name="Warnings">Options and annotations that were not understood.</param>
public sealed record SyncResult(OperationRecord Operation, CompareResult? Comparison, IReadOnlyList<SyncTask> Plan, IReadOnlyList<string> Warnings)
{
    /// <summary>The change set.</summary>
    public IReadOnlyList<SyncTaskResult> ChangeSet => Operation.Tasks;

    /// <summary>The final phase.</summary>
    public OperationPhase Phase => Operation.Phase;
}

/// <summary>A progress report, for live displays.</summary>
/// <param name="OperationId">The operation.</param>
/// <param name="Step">The step id (<c>apply/Sync/0</c>...).</param>
/// <param name="Message">What is happening, one line; for a written object, only the detail beyond <paramref name="Key"/> and <paramref name="Action"/> (often empty).</param>
/// <param name="Key">The object concerned, if one.</param>
/// <param name="Action">What happened to it, if it was written.</param>
public sealed record SyncProgress(long OperationId, string Step, string Message, ResourceKey? Key = null, SyncTaskAction? Action = null);

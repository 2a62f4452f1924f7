using Hawser.Manifests;

namespace Hawser.Sync;

/// <summary>What a sync did to one object (Flux <c>ssa/changeset.go</c> style).</summary>
public enum ChangeAction
{
    /// <summary>Created (or, in a dry run, would be).</summary>
    Created,

    /// <summary>Changed (or, in a dry run, would be).</summary>
    Configured,

    /// <summary>Already as desired: not written.</summary>
    Unchanged,

    /// <summary>Pruned (or, in a dry run, would be).</summary>
    Deleted,

    /// <summary>Left alone on purpose; the message says why (Prune=false, pruning disabled, hook Skip, not selected...).</summary>
    Skipped,

    /// <summary>The write, wait or delete failed; the message says why.</summary>
    Failed,
}

/// <summary>One entry of a sync's change set.</summary>
/// <param name="Key">The object (for a hook created with <c>generateName</c>, the generated name once known).</param>
/// <param name="Phase">The phase it belonged to.</param>
/// <param name="Wave">Its wave.</param>
/// <param name="Action">What happened.</param>
/// <param name="Message">Details, in the form <c>Kind/namespace/name: ...</c> when there is something to say; never a secret value.</param>
/// <param name="IsHook">True for hook objects.</param>
public sealed record ChangeSetEntry(ResourceKey Key, SyncPhase Phase, int Wave, ChangeAction Action, string Message = "", bool IsHook = false)
{
    public override string ToString() => Message.Length == 0 ? $"{Key} {Action}" : $"{Key} {Action}: {Message}";
}

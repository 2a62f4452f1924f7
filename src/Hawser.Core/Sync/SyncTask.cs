using Hawser.Compare;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Sync;

/// <summary>
/// One thing a sync does to one object in one phase (gitops-engine <c>syncTask</c>): <see cref="Target"/> null means prune,
/// <see cref="Live"/> null means create. Hooks are tasks too, one per phase they run in.
/// </summary>
/// <param name="Phase">The phase it runs in.</param>
/// <param name="Wave">Its wave within the phase (after Namespaces and CRDs were pulled ahead of what needs them).</param>
/// <param name="Target">The object to write (prepared: namespace and tracking id set), or null to prune.</param>
/// <param name="Live">The live object when the sync started, or null.</param>
/// <param name="Directives">Its parsed annotations.</param>
/// <param name="Status">Its comparison status (null for hooks, which are not compared).</param>
public sealed record SyncTask(SyncTaskPhase Phase, int Wave, KubeObject? Target, KubeObject? Live, ResourceDirectives Directives, CompareStatus? Status)
{
    /// <summary>The object's key.</summary>
    public ResourceKey Key => (Target ?? Live)!.Key;

    /// <summary>True for hooks.</summary>
    public bool IsHook => Directives.Hook is not null;

    /// <summary>True for prune tasks.</summary>
    public bool IsPrune => Target is null;

    /// <summary>The name used for ordering and reports: the name, or the <c>generateName</c> prefix of a hook.</summary>
    public string SortName => (Target ?? Live)!.Name is { Length: > 0 } n ? n : (Target ?? Live)!.GenerateName;

    /// <summary>False when the cluster did not serve the kind when the sync was planned (its CRD comes with this sync).</summary>
    internal bool KindServed { get; init; } = true;

    /// <summary>A stable identity within an operation, used to find a hook again after a restart.</summary>
    public string Id => $"{Phase}/{Key.Group}/{Key.Kind}/{Key.Namespace}/{SortName}";
}

/// <summary>
/// The sync order (gitops-engine <c>sync_tasks.go</c>): phase, then wave, then Helm's kind install order, then namespace, then
/// name, ordinally, so the order never depends on the input order.
/// </summary>
internal sealed class SyncTaskOrder : IComparer<SyncTask>
{
    public static readonly SyncTaskOrder Instance = new();

    public int Compare(SyncTask? x, SyncTask? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var c = x.Phase.CompareTo(y.Phase);
        if (c != 0) return c;
        c = x.Wave.CompareTo(y.Wave);
        if (c != 0) return c;
        c = KindOrder.Of(x.Key.Kind).CompareTo(KindOrder.Of(y.Key.Kind));
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Key.Kind, y.Key.Kind);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Key.Group, y.Key.Group);
        if (c != 0) return c;
        c = string.CompareOrdinal(x.Key.Namespace, y.Key.Namespace);
        return c != 0 ? c : string.CompareOrdinal(x.SortName, y.SortName);
    }
}

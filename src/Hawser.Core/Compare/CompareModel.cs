using Hawser.Health;
using Hawser.Manifests;
using Hawser.State;
using Hawser.Sync;

namespace Hawser.Compare;

/// <summary>What to compare.</summary>
/// <param name="AppName">The application; written into every tracking id.</param>
/// <param name="DestinationNamespace">Given to namespaced objects that have none.</param>
/// <param name="Desired">The rendered objects (never changed; copies are prepared).</param>
/// <param name="Inventory">What the app applied before (from the state store): the only candidates for pruning.</param>
/// <param name="IgnoreDifferences">The app's <c>ignoreDifferences</c>.</param>
/// <param name="AppOptions">The app's sync options (per-object annotations are read on top).</param>
/// <param name="DryRunMissing">Dry-run objects that do not exist yet too (validates them and shows server defaults in the diff);
/// a real sync turns it off since a missing object is created anyway.</param>
/// <param name="TolerateUnservedKinds">Report objects of kinds the cluster does not serve as Missing (with a warning naming every
/// such kind) instead of failing the comparison; for <c>app get</c> and <c>app diff</c>.</param>
public sealed record CompareRequest(
    string AppName,
    string DestinationNamespace,
    IReadOnlyList<KubeObject> Desired,
    IReadOnlyList<InventoryEntry> Inventory,
    IReadOnlyList<IgnoreRule>? IgnoreDifferences = null,
    SyncOptionSet? AppOptions = null,
    bool DryRunMissing = true,
    bool TolerateUnservedKinds = false);

/// <summary>The sync status of one object.</summary>
public enum CompareStatus
{
    /// <summary>Live equals desired (after normalisation and ignoreDifferences).</summary>
    Synced,

    /// <summary>Live differs from desired.</summary>
    OutOfSync,

    /// <summary>Desired but not in the cluster.</summary>
    Missing,

    /// <summary>In the cluster, tracked by this app, no longer desired.</summary>
    RequiresPruning,

    /// <summary>Desired, but the live object is tracked by another app: reported, never taken over.</summary>
    Conflict,
}

/// <summary>The comparison of one object.</summary>
/// <param name="Key">The object.</param>
/// <param name="Status">Its status.</param>
/// <param name="Live">The live object, normalised, Secret values masked; null when missing.</param>
/// <param name="Desired">The desired object as the API server would store it (dry-run), normalised and masked; null when pruned.</param>
/// <param name="Diff">A unified diff of <paramref name="Live"/> and <paramref name="Desired"/>; empty when synced.</param>
/// <param name="Message">Why, when there is something to say (a conflict, a skipped dry run, a dry-run error).</param>
/// <param name="Directives">The object's parsed annotations (of the desired object, else of the live one).</param>
public sealed record ResourceComparison(
    ResourceKey Key,
    CompareStatus Status,
    KubeObject? Live,
    KubeObject? Desired,
    string Diff,
    string Message,
    ResourceDirectives Directives)
{
    /// <summary>The live object as read (unmasked): for the engine only, never shown.</summary>
    internal KubeObject? RawLive { get; init; }

    /// <summary>The prepared desired object to write (namespace and tracking id set): for the engine only.</summary>
    internal KubeObject? Target { get; init; }

    /// <summary>The live object's health when the comparer was given an assessor: Missing when it does not exist, null when
    /// its kind has no health (ConfigMap, RBAC...) or no assessor was given.</summary>
    public HealthResult? Health { get; init; }

    /// <summary>The coloured form of <see cref="Diff"/> for a terminal.</summary>
    public string ColouredDiff(string title) => UnifiedDiff.Render(title, Live, Desired, colour: true);
}

/// <summary>The comparison of an application: one entry per object, sorted by key.</summary>
/// <param name="Items">Desired objects and prune candidates (hooks are not compared).</param>
/// <param name="Warnings">Annotations or options that were not understood.</param>
public sealed record CompareResult(IReadOnlyList<ResourceComparison> Items, IReadOnlyList<string> Warnings)
{
    /// <summary>True when any object needs a sync (objects with IgnoreExtraneous that only require pruning do not count).</summary>
    public bool IsOutOfSync => Items.Any(i => i.Status switch
    {
        CompareStatus.Synced => false,
        CompareStatus.RequiresPruning => !i.Directives.IgnoreExtraneous,
        _ => true,
    });

    /// <summary>The app's health: the worst of its objects' (Argo CD's order), Healthy when none has health.</summary>
    public HealthResult Health => HealthAggregation.Worst(Items.Where(i => i.Status != CompareStatus.RequiresPruning).Select(i => i.Health));
}

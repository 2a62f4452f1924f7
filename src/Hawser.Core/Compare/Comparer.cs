using System.Collections.Concurrent;
using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;
using Hawser.Sync;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Compare;

/// <summary>
/// Compares an application's desired objects with the cluster.
/// <para>Each desired object is paired with its live counterpart by <see cref="ResourceKey"/>. The desired object is sent as a
/// server-side <b>dry-run apply</b> (field manager <c>hawser</c>, force), so the API server merges, defaults and validates it
/// exactly as a real sync would; the result and the live object are normalised in one place (<c>Normalizer</c>), the app's
/// <c>ignoreDifferences</c> are removed from both, and what remains decides Synced / OutOfSync / Missing. A live object
/// tracked by another app is a <see cref="CompareStatus.Conflict"/>. Objects in the stored inventory that are no longer
/// desired, and whose live tracking id still names this app, are <see cref="CompareStatus.RequiresPruning"/>.</para>
/// <para>Hooks are not compared (they run during a sync). Secret values are masked in every object and diff of the result.</para>
/// </summary>
public sealed partial class Comparer
{
    private const int Parallelism = 8;
    private const int ListThreshold = 8;
    private readonly IKubernetesClient _client;
    private readonly IHealthAssessor? _health;
    private readonly ILogger _logger;

    /// <param name="client">The cluster.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="health">When given, each result carries its live object's health (for <c>app get</c>).</param>
    public Comparer(IKubernetesClient client, ILogger<Comparer>? logger = null, IHealthAssessor? health = null)
    {
        _client = client;
        _health = health;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Compares <paramref name="request"/>'s desired objects and inventory with the cluster.</summary>
    public async Task<CompareResult> CompareAsync(CompareRequest request, CancellationToken cancellationToken) =>
        (await CompareDetailedAsync(request, cancellationToken)).Result;

    /// <summary>The comparison and the prepared objects (hooks included) it was computed from.</summary>
    internal async Task<(CompareResult Result, IReadOnlyList<PreparedObject> Prepared)> CompareDetailedAsync(CompareRequest request, CancellationToken cancellationToken)
    {
        var appOptions = request.AppOptions ?? SyncOptionSet.Default;
        var ignore = CompiledIgnoreRule.Compile(request.IgnoreDifferences ?? []);
        var prepared = await DesiredPreparation.PrepareAsync(_client, request.AppName, request.DestinationNamespace, request.Desired, appOptions, cancellationToken,
            request.TolerateUnservedKinds);
        var warnings = prepared.SelectMany(p => p.Directives.Warnings).Concat(appOptions.Warnings ?? []).Distinct().ToList();
        var crds = DesiredPreparation.CrdScopes(request.Desired);
        var unserved = prepared.Where(p => !p.KindServed && !crds.ContainsKey(p.Target.GroupVersionKind.GroupKind))
            .Select(p => $"{p.Target.ApiVersion} {p.Target.Kind}").Distinct().Order(StringComparer.Ordinal).ToList();
        if (unserved.Count > 0) warnings.Add($"the cluster does not serve {string.Join(", ", unserved)} (are their CRDs installed?); those objects are Missing");

        var duplicates = prepared.Where(p => !p.IsHook).GroupBy(p => p.Target.Key).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
            throw new InvalidOperationException("the application declares these objects more than once: " + string.Join(", ", duplicates.Order()));

        var items = new ConcurrentBag<ResourceComparison>();
        var resources = prepared.Where(p => !p.IsHook).ToList();
        var listed = await ListLiveAsync(resources, cancellationToken);
        await Parallel.ForEachAsync(resources, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (p, ct) =>
            {
                var item = await CompareOneAsync(request, p, listed, ignore, ct);
                items.Add(_health is null ? item : item with { Health = item.RawLive is null ? new HealthResult(HealthStatus.Missing, "") : _health.Assess(item.RawLive) });
            });

        var desiredKeys = resources.Select(p => p.Target.Key).ToHashSet();
        var candidates = request.Inventory.Where(e => !desiredKeys.Contains(e.Key)).DistinctBy(e => e.Key).ToList();
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (entry, ct) =>
            {
                if (await PruneCandidateAsync(request.AppName, entry, appOptions, ct) is { } item) items.Add(item);
            });

        var sorted = items.OrderBy(i => i.Key).ToList();
        LogCompared(_logger, request.AppName, sorted.Count, sorted.Count(i => i.Status != CompareStatus.Synced));
        return (new CompareResult(sorted, warnings), prepared);
    }

    /// <summary>
    /// Reads the live objects of every kind and namespace with many desired objects in one list call each (the rest are read
    /// one by one), so a large app costs a few requests instead of one per object.
    /// </summary>
    private async Task<ConcurrentDictionary<(GroupVersionKind, string), Dictionary<string, KubeObject>>> ListLiveAsync(
        IReadOnlyList<PreparedObject> resources, CancellationToken cancellationToken)
    {
        var listed = new ConcurrentDictionary<(GroupVersionKind, string), Dictionary<string, KubeObject>>();
        var groups = resources.Where(p => p.KindServed)
            .GroupBy(p => (p.Target.GroupVersionKind, p.Target.Namespace))
            .Where(g => g.Count() >= ListThreshold)
            .Select(g => g.Key)
            .ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (group, ct) =>
            {
                var list = await _client.ListAsync(group.GroupVersionKind, new ListOptions(group.Namespace), ct);
                listed[group] = list.Items.Where(o => o.Namespace == group.Namespace).ToDictionary(o => o.Name, StringComparer.Ordinal);
            });
        return listed;
    }

    private async Task<ResourceComparison> CompareOneAsync(CompareRequest request, PreparedObject p,
        ConcurrentDictionary<(GroupVersionKind, string), Dictionary<string, KubeObject>> listed, IReadOnlyList<CompiledIgnoreRule> ignore, CancellationToken ct)
    {
        var app = request.AppName;
        var target = p.Target;
        var key = target.Key;
        KubeObject? live = null;
        if (listed.TryGetValue((target.GroupVersionKind, target.Namespace), out var byName)) live = byName.GetValueOrDefault(target.Name);
        else if (p.KindServed) live = await _client.GetAsync(target.GroupVersionKind, target.Namespace, target.Name, ct);

        if (live is not null && TrackingId.Of(live) is { } owner && owner.App != app)
        {
            var masked = SecretMasker.MaskSingle(Normalizer.Normalize(live));
            return new ResourceComparison(key, CompareStatus.Conflict, masked, null, "",
                $"{key}: already tracked by app '{owner.App}'; not taken over", p.Directives) { RawLive = live, Target = target };
        }

        if (live is not null && AppliedFingerprint.ProvesSynced(live, target))
        {
            var same = SecretMasker.MaskSingle(Normalizer.Normalize(live));
            return new ResourceComparison(key, CompareStatus.Synced, same, same, "", "", p.Directives) { RawLive = live, Target = target };
        }

        KubeObject predicted;
        var message = "";
        if (!p.KindServed)
        {
            predicted = target;
            message = $"{key}: the cluster does not serve {target.ApiVersion} {target.Kind} yet; dry run skipped";
            if (request.TolerateUnservedKinds) message = $"{key}: the cluster does not serve {target.ApiVersion} {target.Kind} (is its CRD installed?)";
        }
        else if (live is null && !request.DryRunMissing)
        {
            predicted = target;
        }
        else
        {
            try
            {
                predicted = await _client.ApplyAsync(target.DeepClone(), new ApplyOptions(DryRun: true), ct);
            }
            catch (KubernetesApiException e)
            {
                predicted = target;
                message = $"{key}: dry run failed: {e.Message}";
            }
        }

        var diff = ObjectDiff.Compare(key, live, predicted, ignore);
        var status = live is null ? CompareStatus.Missing : diff.Equal ? CompareStatus.Synced : CompareStatus.OutOfSync;
        return new ResourceComparison(key, status, diff.Live, diff.Desired, diff.Diff, message, p.Directives) { RawLive = live, Target = target };
    }

    private async Task<ResourceComparison?> PruneCandidateAsync(string app, InventoryEntry entry, SyncOptionSet appOptions, CancellationToken ct)
    {
        KubeObject? live;
        try { live = await _client.GetAsync(InventoryEntries.KindOf(entry), entry.Key.Namespace, entry.Key.Name, ct); }
        catch (UnknownKindException) { return null; }
        if (live is null || TrackingId.Of(live) is not { } id || !id.IsOwnedBy(app, entry.Key)) return null;
        var masked = SecretMasker.MaskSingle(Normalizer.Normalize(live));
        var diff = UnifiedDiff.Render(entry.Key.ToString(), masked, null);
        return new ResourceComparison(entry.Key, CompareStatus.RequiresPruning, masked, null, diff, "", ResourceDirectives.Of(live, appOptions)) { RawLive = live };
    }

    [LoggerMessage(EventId = 5100, Level = LogLevel.Debug, Message = "Compared app {App}: {Objects} objects, {Differing} not synced")]
    private static partial void LogCompared(ILogger logger, string app, int objects, int differing);
}

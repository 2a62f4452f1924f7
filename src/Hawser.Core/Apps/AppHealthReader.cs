using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Apps;

/// <summary>
/// Reads the live objects of an app's inventory and assesses their health (missing objects are Missing). Objects are read
/// with one list per kind and namespace, not one request per object.
/// </summary>
internal static class AppHealthReader
{
    public static async Task<IReadOnlyDictionary<ResourceKey, HealthResult?>> ReadAsync(
        IKubernetesClient client, IHealthAssessor assessor, IReadOnlyList<InventoryEntry> inventory, CancellationToken cancellationToken)
    {
        var results = new Dictionary<ResourceKey, HealthResult?>();
        foreach (var group in inventory.GroupBy(e => (e.ApiVersion, e.Key.Kind, e.Key.Namespace)))
        {
            var kind = GroupVersionKind.From(group.Key.ApiVersion, group.Key.Kind);
            Dictionary<string, KubeObject> live;
            try
            {
                var list = await client.ListAsync(kind, new ListOptions(group.Key.Namespace), cancellationToken);
                live = list.Items.Where(o => o.Namespace == group.Key.Namespace).ToDictionary(o => o.Name, StringComparer.Ordinal);
            }
            catch (UnknownKindException)
            {
                foreach (var entry in group) results[entry.Key] = new HealthResult(HealthStatus.Missing, "the cluster does not serve this kind");
                continue;
            }
            foreach (var entry in group)
            {
                results[entry.Key] = live.TryGetValue(entry.Key.Name, out var obj)
                    ? assessor.Assess(obj)
                    : new HealthResult(HealthStatus.Missing, "not found in the cluster");
            }
        }
        return results;
    }

    /// <summary>
    /// What an app's health is read from after a sync: its inventory and every object the sync planned to apply (one that was
    /// never written is Missing, not silently left out).
    /// </summary>
    public static IReadOnlyList<InventoryEntry> Scope(IReadOnlyList<InventoryEntry> inventory, Sync.SyncResult result)
    {
        var entries = inventory.ToDictionary(e => e.Key);
        foreach (var task in result.Plan.Where(t => !t.IsHook && !t.IsPrune && t.Target!.Name.Length > 0))
            entries.TryAdd(task.Key, new InventoryEntry(task.Key, task.Target!.ApiVersion));
        return entries.Values.OrderBy(e => e.Key).ToList();
    }

    /// <summary>
    /// Reads the app's health until it is no longer Progressing, or <paramref name="timeout"/> passes (what <c>hawser app sync</c>
    /// waits for after the operation ended, unless <c>--no-wait-health</c>).
    /// </summary>
    public static async Task<HealthResult> WaitAsync(
        IKubernetesClient client, IHealthAssessor assessor, IReadOnlyList<InventoryEntry> entries, TimeSpan timeout, TimeSpan pollInterval,
        TimeProvider time, Action<HealthResult>? report, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var health = Aggregate(await ReadAsync(client, assessor, entries, cancellationToken));
            if (health.Status != HealthStatus.Progressing || time.GetUtcNow() >= deadline) return health;
            report?.Invoke(health);
            await Task.Delay(pollInterval, time, cancellationToken);
        }
    }

    /// <summary>The app's health: the worst of its objects', Healthy when none has an opinion.</summary>
    public static HealthResult Aggregate(IReadOnlyDictionary<ResourceKey, HealthResult?> results) =>
        HealthAggregation.Worst(results.OrderBy(r => r.Key).Select(r => r.Value));
}

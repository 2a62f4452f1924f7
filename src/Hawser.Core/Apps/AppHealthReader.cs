using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Apps;

/// <summary>Reads the live objects of an app's inventory and assesses their health (missing objects are Missing).</summary>
internal static class AppHealthReader
{
    public static async Task<IReadOnlyDictionary<ResourceKey, HealthResult?>> ReadAsync(
        IKubernetesClient client, IHealthAssessor assessor, IReadOnlyList<InventoryEntry> inventory, CancellationToken cancellationToken)
    {
        var results = new Dictionary<ResourceKey, HealthResult?>();
        using var gate = new SemaphoreSlim(8);
        var reads = inventory.Select(async entry =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var kind = GroupVersionKind.From(entry.ApiVersion, entry.Key.Kind);
                var live = await client.GetAsync(kind, entry.Key.Namespace, entry.Key.Name, cancellationToken);
                return (entry.Key, live is null ? new HealthResult(HealthStatus.Missing, "not found in the cluster") : assessor.Assess(live));
            }
            catch (UnknownKindException)
            {
                return (entry.Key, (HealthResult?)new HealthResult(HealthStatus.Missing, "the cluster does not serve this kind"));
            }
            finally
            {
                gate.Release();
            }
        });
        foreach (var (key, health) in await Task.WhenAll(reads)) results[key] = health;
        return results;
    }

    /// <summary>The app's health: the worst of its objects', Healthy when none has an opinion.</summary>
    public static HealthResult Aggregate(IReadOnlyDictionary<ResourceKey, HealthResult?> results) =>
        HealthAggregation.Worst(results.OrderBy(r => r.Key).Select(r => r.Value));
}

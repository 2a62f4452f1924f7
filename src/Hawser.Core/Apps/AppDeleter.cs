using Hawser.Compare;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.State;
using Hawser.Sync;

namespace Hawser.Apps;

/// <summary>
/// Deletes what an app applied, by its inventory (cascade), in reverse install order; an object whose live tracking id names
/// another app is left alone. The inventory shrinks after each delete, so an interrupted delete can simply be run again.
/// </summary>
internal static class AppDeleter
{
    public static async Task<(IReadOnlyList<ResourceKey> Deleted, IReadOnlyList<string> Kept)> DeleteAsync(
        string app, IKubernetesClient client, IStateStore store, CancellationToken cancellationToken)
    {
        var inventory = (await store.GetInventoryAsync(app, cancellationToken)).ToList();
        var deleted = new List<ResourceKey>();
        var kept = new List<string>();
        var order = inventory
            .OrderByDescending(e => KindOrder.Of(e.Key.Kind))
            .ThenByDescending(e => e.Key.Namespace, StringComparer.Ordinal)
            .ThenByDescending(e => e.Key.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var entry in order)
        {
            var kind = GroupVersionKind.From(entry.ApiVersion, entry.Key.Kind);
            KubeObject? live;
            try
            {
                live = await client.GetAsync(kind, entry.Key.Namespace, entry.Key.Name, cancellationToken);
            }
            catch (UnknownKindException)
            {
                live = null;
            }
            if (live is null)
            {
                kept.Add($"{entry.Key}: already gone");
            }
            else if (TrackingId.Of(live) is { } id && !id.IsOwnedBy(app, entry.Key))
            {
                kept.Add($"{entry.Key}: tracked by app \"{id.App}\", left alone");
            }
            else
            {
                await client.DeleteAsync(kind, entry.Key.Namespace, entry.Key.Name, new DeleteOptions(PropagationPolicy.Foreground), cancellationToken);
                deleted.Add(entry.Key);
            }
            inventory.Remove(entry);
            await store.SaveInventoryAsync(app, inventory, cancellationToken);
        }
        return (deleted, kept);
    }
}

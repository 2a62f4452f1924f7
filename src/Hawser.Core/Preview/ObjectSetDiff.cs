using System.Text.Json.Nodes;
using Hawser.Compare;
using Hawser.Manifests;

namespace Hawser.Preview;

/// <summary>
/// Pairs an app's objects at two revisions by <see cref="ResourceKey"/> and keeps those that differ: each side is normalised
/// (<see cref="Normalizer"/>) and compared, then a Secret pair is masked together (<see cref="SecretMasker"/>), so a value that
/// changed gets a different mask and an unchanged one the same. Sorted by key; an object declared twice keeps its last
/// declaration, as an apply would.
/// </summary>
internal static class ObjectSetDiff
{
    public static IReadOnlyList<ObjectPreview> Compare(IReadOnlyList<KubeObject> baseObjects, IReadOnlyList<KubeObject> headObjects)
    {
        var before = ByKey(baseObjects);
        var after = ByKey(headObjects);
        var result = new List<ObjectPreview>();
        foreach (var key in before.Keys.Union(after.Keys).Order())
        {
            var b = before.GetValueOrDefault(key);
            var h = after.GetValueOrDefault(key);
            if (b is not null && h is not null && JsonNode.DeepEquals(b.Body, h.Body)) continue;
            var (maskedBase, maskedHead) = SecretMasker.Mask(b, h);
            var change = b is null ? PreviewChange.Added : h is null ? PreviewChange.Removed : PreviewChange.Changed;
            result.Add(new ObjectPreview(key, change, maskedBase, maskedHead));
        }
        return result;
    }

    private static Dictionary<ResourceKey, KubeObject> ByKey(IReadOnlyList<KubeObject> objects)
    {
        var map = new Dictionary<ResourceKey, KubeObject>();
        foreach (var o in objects) map[o.Key] = Normalizer.Normalize(o);
        return map;
    }
}

using Hawser.Manifests;
using Hawser.State;

namespace Hawser.Compare;

/// <summary>Reading and writing <see cref="InventoryEntry"/> from objects.</summary>
internal static class InventoryEntries
{
    /// <summary>The entry for a (prepared) object.</summary>
    public static InventoryEntry Of(KubeObject obj) => new(obj.Key, obj.ApiVersion);

    /// <summary>The group, version and kind to read the entry's object with.</summary>
    public static GroupVersionKind KindOf(InventoryEntry entry) => GroupVersionKind.From(entry.ApiVersion, entry.Key.Kind);
}

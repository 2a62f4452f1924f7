using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// Builds field sets from objects: the fields an applied configuration sets, and the fields a write changed or removed.
/// Identity and system fields (<c>apiVersion</c>, <c>kind</c>, <c>metadata.name</c>, <c>namespace</c>, <c>uid</c>,
/// <c>resourceVersion</c>, <c>generation</c>, <c>creationTimestamp</c>, <c>managedFields</c>...) are never owned, as on the API server.
/// </summary>
internal static class FieldSets
{
    private static readonly HashSet<string> SystemMetadata = new(StringComparer.Ordinal)
    {
        "name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
        "deletionGracePeriodSeconds", "managedFields", "selfLink", "clusterName",
    };

    /// <summary>True for a root field or metadata field that nobody owns.</summary>
    public static bool IsSystemField(string path, string name) => path.Length switch
    {
        0 => name is "apiVersion" or "kind",
        8 => path == "metadata" && SystemMetadata.Contains(name),
        _ => false,
    };

    /// <summary>
    /// The fields an applied configuration sets: every leaf, list-map and set items as members (<c>".": {}</c>),
    /// maps and structs only as ways there, atomic lists as one leaf.
    /// </summary>
    public static FieldTree FromApplied(JsonObject applied, ListMapSchema schema)
    {
        var tree = new FieldTree();
        WalkApplied(applied, "", tree, schema);
        return tree;
    }

    private static void WalkApplied(JsonObject obj, string path, FieldTree node, ListMapSchema schema)
    {
        foreach (var (name, value) in obj)
        {
            if (IsSystemField(path, name)) continue;
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            AddApplied(value, childPath, node.Child(PathElements.Field(name)), schema);
        }
    }

    private static void AddApplied(JsonNode? value, string path, FieldTree node, ListMapSchema schema)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } when schema.IsAtomicMap(path):
                node.IsMember = true;
                break;
            case JsonObject { Count: > 0 } obj:
                WalkApplied(obj, path, node, schema);
                if (!node.HasChildren && path != "metadata") node.IsMember = true;
                break;
            case JsonArray { Count: > 0 } array:
                var type = schema.Get(path);
                if (type.Kind == ListKind.Atomic)
                {
                    node.IsMember = true;
                    break;
                }
                for (var i = 0; i < array.Count; i++)
                {
                    var item = array[i];
                    if (type.Kind == ListKind.Map && item is JsonObject itemObject)
                    {
                        var itemNode = node.Child(PathElements.Key(itemObject, type.Keys, i));
                        itemNode.IsMember = true;
                        WalkApplied(itemObject, path, itemNode, schema);
                    }
                    else
                    {
                        node.Child(PathElements.Value(item)).IsMember = true;
                    }
                }
                break;
            default:
                node.IsMember = true;
                break;
        }
    }

    /// <summary>
    /// The fields a write set or changed (<paramref name="changed"/>: new maps, lists and items become members themselves,
    /// as the API server records for Update operations) and the fields it removed (<paramref name="removed"/>).
    /// A null <paramref name="before"/> is a create: every field of <paramref name="after"/> is new.
    /// </summary>
    public static void Diff(JsonObject? before, JsonObject after, ListMapSchema schema, out FieldTree changed, out FieldTree removed)
    {
        changed = new FieldTree();
        removed = new FieldTree();
        DiffObjects(before, after, "", changed, removed, schema);
    }

    private static void DiffObjects(JsonObject? before, JsonObject after, string path, FieldTree changed, FieldTree removed, ListMapSchema schema)
    {
        foreach (var (name, afterValue) in after)
        {
            if (IsSystemField(path, name)) continue;
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            var element = PathElements.Field(name);
            if (before is not null && before.TryGetPropertyValue(name, out var beforeValue))
            {
                DiffValues(beforeValue, afterValue, childPath, changed, removed, element, schema);
            }
            else if (childPath == "metadata" && afterValue is JsonObject metadata)
            {
                // metadata always exists on the server: its fields are new, it is not.
                DiffObjects(null, metadata, childPath, changed.Child(element), removed, schema);
            }
            else
            {
                AddAll(afterValue, childPath, changed.Child(element), schema);
            }
        }
        if (before is null) return;
        foreach (var (name, _) in before)
        {
            if (!IsSystemField(path, name) && !after.ContainsKey(name)) removed.Child(PathElements.Field(name)).IsMember = true;
        }
    }

    private static void DiffValues(JsonNode? before, JsonNode? after, string path, FieldTree changedParent, FieldTree removedParent, string element, ListMapSchema schema)
    {
        if (JsonNode.DeepEquals(before, after)) return;
        if (before is JsonObject beforeObject && after is JsonObject afterObject && !schema.IsAtomicMap(path))
        {
            var removedChild = removedParent.Child(element);
            DiffObjects(beforeObject, afterObject, path, changedParent.Child(element), removedChild, schema);
            return;
        }
        if (before is JsonArray beforeArray && after is JsonArray afterArray && schema.Get(path) is { Kind: not ListKind.Atomic } type)
        {
            DiffLists(beforeArray, afterArray, path, type, changedParent.Child(element), removedParent.Child(element), schema);
            return;
        }
        AddAll(after, path, changedParent.Child(element), schema);
    }

    private static void DiffLists(JsonArray before, JsonArray after, string path, ListType type, FieldTree changed, FieldTree removed, ListMapSchema schema)
    {
        var beforeItems = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        for (var i = 0; i < before.Count; i++) beforeItems[ItemElement(before[i], type, i)] = before[i];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < after.Count; i++)
        {
            var item = after[i];
            var element = ItemElement(item, type, i);
            seen.Add(element);
            if (!beforeItems.TryGetValue(element, out var beforeItem))
            {
                AddAll(item, path, changed.Child(element), schema, isListItem: true);
            }
            else if (type.Kind == ListKind.Map && beforeItem is JsonObject beforeObject && item is JsonObject afterObject && !JsonNode.DeepEquals(beforeObject, afterObject))
            {
                DiffObjects(beforeObject, afterObject, path, changed.Child(element), removed.Child(element), schema);
            }
        }
        foreach (var element in beforeItems.Keys)
        {
            if (!seen.Contains(element)) removed.Child(element).IsMember = true;
        }
    }

    private static string ItemElement(JsonNode? item, ListType type, int index) =>
        type.Kind == ListKind.Map && item is JsonObject obj ? PathElements.Key(obj, type.Keys, index) : PathElements.Value(item);

    /// <summary>Marks a new value and everything in it as members.</summary>
    private static void AddAll(JsonNode? value, string path, FieldTree node, ListMapSchema schema, bool isListItem = false)
    {
        node.IsMember = true;
        switch (value)
        {
            case JsonObject when schema.IsAtomicMap(path):
                break;
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    if (isListItem || !IsSystemField(path, name)) AddAll(child, $"{path}.{name}", node.Child(PathElements.Field(name)), schema);
                }
                break;
            case JsonArray array when schema.Get(path) is { Kind: not ListKind.Atomic } type:
                for (var i = 0; i < array.Count; i++)
                {
                    AddAll(array[i], path, node.Child(ItemElement(array[i], type, i)), schema, isListItem: true);
                }
                break;
        }
    }

    /// <summary>True when two objects are equal apart from <c>metadata.managedFields</c>.</summary>
    public static bool ContentEquals(JsonObject a, JsonObject b)
    {
        if (a.Count != b.Count) return false;
        foreach (var (name, value) in a)
        {
            if (!b.TryGetPropertyValue(name, out var other)) return false;
            if (name == "metadata" && value is JsonObject am && other is JsonObject bm)
            {
                if (!MetadataEquals(am, bm)) return false;
            }
            else if (!JsonNode.DeepEquals(value, other))
            {
                return false;
            }
        }
        return true;
    }

    private static bool MetadataEquals(JsonObject a, JsonObject b)
    {
        var count = 0;
        foreach (var (name, value) in a)
        {
            if (name == "managedFields") continue;
            count++;
            if (!b.TryGetPropertyValue(name, out var other) || !JsonNode.DeepEquals(value, other)) return false;
        }
        return count == b.Count - (b.ContainsKey("managedFields") ? 1 : 0);
    }
}

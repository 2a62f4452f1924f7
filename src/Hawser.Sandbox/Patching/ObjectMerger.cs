using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// Merges an applied configuration into a private copy of the live object, as server-side apply does:
/// maps field by field (atomic maps whole), list-map items by their keys (live order kept, new items appended), sets by value,
/// atomic lists and scalars replaced, <c>null</c> removing a field. Only the inserted values are copied.
/// </summary>
internal static class ObjectMerger
{
    public static void Merge(JsonObject target, JsonObject applied, ListMapSchema schema) => MergeObject(target, applied, "", schema);

    private static void MergeObject(JsonObject target, JsonObject applied, string path, ListMapSchema schema)
    {
        foreach (var (name, value) in applied)
        {
            if (path == "metadata" && name == "managedFields") continue;
            if (path.Length == 0 && name is "apiVersion" or "kind" && target.ContainsKey(name)) continue;
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            target.TryGetPropertyValue(name, out var current);
            switch (value)
            {
                case null:
                    target.Remove(name);
                    break;
                case JsonObject obj when current is JsonObject currentObject && !schema.IsAtomicMap(childPath):
                    MergeObject(currentObject, obj, childPath, schema);
                    break;
                case JsonArray array when current is JsonArray currentArray && schema.Get(childPath) is { Kind: not ListKind.Atomic } type:
                    MergeList(currentArray, array, childPath, type, schema);
                    break;
                default:
                    if (!JsonNode.DeepEquals(current, value)) target[name] = value.DeepClone();
                    break;
            }
        }
    }

    private static void MergeList(JsonArray target, JsonArray applied, string path, ListType type, ListMapSchema schema)
    {
        for (var i = 0; i < applied.Count; i++)
        {
            var item = applied[i];
            if (type.Kind == ListKind.Map && item is JsonObject itemObject)
            {
                var at = PathElements.IndexOf(target, PathElements.Key(itemObject, type.Keys, i));
                if (at >= 0 && target[at] is JsonObject existing) MergeObject(existing, itemObject, path, schema);
                else target.Add(itemObject.DeepClone());
            }
            else if (PathElements.IndexOf(target, PathElements.Value(item)) < 0)
            {
                target.Add(item?.DeepClone());
            }
        }
    }
}

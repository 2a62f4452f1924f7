using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Compare;

/// <summary>
/// Removes the fields owned by given field managers, read from the live object's <c>metadata.managedFields</c>
/// (<c>fieldsV1</c>: <c>f:name</c> fields, <c>k:{...}</c> list items by key, <c>v:value</c> set items, <c>i:n</c> indexes),
/// as Argo CD's <c>managedFieldsManagers</c> does: a field another controller owns (an HPA's replicas) is not a difference.
/// </summary>
internal static class ManagedFieldsFilter
{
    /// <summary>The <c>fieldsV1</c> trees of the listed managers in <paramref name="live"/>.</summary>
    public static IReadOnlyList<JsonObject> FieldSetsOf(JsonObject live, IReadOnlyCollection<string> managers)
    {
        var result = new List<JsonObject>();
        if (live["metadata"]?["managedFields"] is not JsonArray entries) return result;
        foreach (var entry in entries)
        {
            if (entry?["manager"] is JsonValue m && m.TryGetValue<string>(out var manager) && managers.Contains(manager)
                && entry["fieldsV1"] is JsonObject fields)
            {
                result.Add(fields);
            }
        }
        return result;
    }

    /// <summary>Removes every field of <paramref name="fieldSet"/> from <paramref name="target"/> (a private copy).</summary>
    public static void Remove(JsonNode? target, JsonObject fieldSet)
    {
        foreach (var (key, child) in fieldSet)
        {
            if (key == ".") continue;
            var leaf = child is not JsonObject c || c.Count == 0 || (c.Count == 1 && c.ContainsKey("."));
            if (key.StartsWith("f:", StringComparison.Ordinal) && target is JsonObject obj)
            {
                var name = key[2..];
                if (leaf) obj.Remove(name);
                else Remove(obj[name], (JsonObject)child!);
            }
            else if (target is JsonArray array)
            {
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (!ItemMatches(key, array[i], i)) continue;
                    if (leaf) array.RemoveAt(i);
                    else Remove(array[i], (JsonObject)child!);
                }
            }
        }
    }

    private static bool ItemMatches(string key, JsonNode? item, int index)
    {
        if (key.StartsWith("i:", StringComparison.Ordinal)) return key[2..] == index.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (key.StartsWith("v:", StringComparison.Ordinal)) return JsonNode.DeepEquals(Parse(key[2..]), item);
        if (key.StartsWith("k:", StringComparison.Ordinal) && Parse(key[2..]) is JsonObject fields && item is JsonObject obj)
        {
            return fields.All(f => JsonNode.DeepEquals(f.Value, obj[f.Key]));
        }
        return false;
    }

    private static JsonNode? Parse(string json)
    {
        try { return JsonNode.Parse(json); }
        catch (JsonException) { return null; }
    }
}

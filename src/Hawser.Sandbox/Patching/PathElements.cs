using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// The path elements of <c>fieldsV1</c> (<c>f:</c>, <c>k:</c>, <c>v:</c>, <c>i:</c>): making them from object values,
/// following them through an object, and printing a path in kubectl's form (<c>.spec.containers[name="web"].image</c>).
/// </summary>
internal static class PathElements
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    public static string Field(string name) => "f:" + name;

    /// <summary>The element of a list-map item: <c>k:</c> and its key fields as JSON with names in ordinal order; by index when no key is present.</summary>
    public static string Key(JsonObject item, IReadOnlyList<string> keys, int index)
    {
        var builder = new StringBuilder("k:{");
        var any = false;
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            if (!item.TryGetPropertyValue(key, out var value) || value is null) continue;
            if (any) builder.Append(',');
            builder.Append(JsonValue.Create(key).ToJsonString()).Append(':').Append(value.ToJsonString(Compact));
            any = true;
        }
        return any ? builder.Append('}').ToString() : Index(index);
    }

    /// <summary>The element of a set item: <c>v:</c> and its value as JSON.</summary>
    public static string Value(JsonNode? item) => "v:" + (item?.ToJsonString(Compact) ?? "null");

    public static string Index(int index) => "i:" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Follows one element from <paramref name="node"/>. Returns false when it leads nowhere.</summary>
    public static bool TryStep(JsonNode? node, string element, out JsonNode? child)
    {
        child = null;
        if (element.StartsWith("f:", StringComparison.Ordinal))
        {
            return node is JsonObject obj && obj.TryGetPropertyValue(element[2..], out child);
        }
        if (node is not JsonArray array) return false;
        var at = IndexOf(array, element);
        if (at < 0) return false;
        child = array[at];
        return true;
    }

    /// <summary>The position in <paramref name="array"/> of the item named by a <c>k:</c>, <c>v:</c> or <c>i:</c> element, or -1.</summary>
    public static int IndexOf(JsonArray array, string element)
    {
        if (element.StartsWith("i:", StringComparison.Ordinal))
        {
            return int.TryParse(element.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) && i < array.Count ? i : -1;
        }
        if (element.StartsWith("v:", StringComparison.Ordinal))
        {
            var wanted = JsonNode.Parse(element[2..]);
            for (var i = 0; i < array.Count; i++)
            {
                if (JsonNode.DeepEquals(array[i], wanted)) return i;
            }
            return -1;
        }
        if (element.StartsWith("k:", StringComparison.Ordinal) && JsonNode.Parse(element[2..]) is JsonObject keys)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject item && Matches(item, keys)) return i;
            }
        }
        return -1;
    }

    private static bool Matches(JsonObject item, JsonObject keys)
    {
        foreach (var (name, value) in keys)
        {
            if (!item.TryGetPropertyValue(name, out var actual) || !JsonNode.DeepEquals(actual, value)) return false;
        }
        return true;
    }

    /// <summary>Removes what <paramref name="element"/> names from its parent. Returns true when something was removed.</summary>
    public static bool Remove(JsonNode parent, string element)
    {
        if (element.StartsWith("f:", StringComparison.Ordinal))
        {
            return parent is JsonObject obj && obj.Remove(element[2..]);
        }
        if (parent is not JsonArray array) return false;
        var at = IndexOf(array, element);
        if (at < 0) return false;
        array.RemoveAt(at);
        return true;
    }

    /// <summary>Prints a path as kubectl shows conflicts: <c>.spec.containers[name="web"].image</c>, <c>.metadata.finalizers[="x"]</c>.</summary>
    public static string Format(IEnumerable<string> path)
    {
        var builder = new StringBuilder();
        foreach (var element in path)
        {
            var body = element[2..];
            switch (element[0])
            {
                case 'f':
                    builder.Append('.').Append(body);
                    break;
                case 'v':
                    builder.Append("[=").Append(body).Append(']');
                    break;
                case 'i':
                    builder.Append('[').Append(body).Append(']');
                    break;
                default:
                    builder.Append('[');
                    if (JsonNode.Parse(body) is JsonObject keys)
                    {
                        builder.AppendJoin(',', keys.Select(k => $"{k.Key}={k.Value?.ToJsonString(Compact) ?? "null"}"));
                    }
                    builder.Append(']');
                    break;
            }
        }
        return builder.ToString();
    }
}

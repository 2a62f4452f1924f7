using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Tables;

/// <summary>
/// The JSONPath subset CRD printer columns use: <c>.a.b</c>, <c>.a[0]</c>, <c>.a[*].b</c> and filters
/// <c>.a[?(@.type=="Ready")].status</c>. Returns every match; a missing path is no match.
/// </summary>
internal static class JsonPathLite
{
    public static List<JsonNode> Evaluate(JsonNode root, string path)
    {
        var current = new List<JsonNode> { root };
        var text = path.Trim().TrimStart('{').TrimEnd('}').Trim();
        if (text.StartsWith('$')) text = text[1..];
        var i = 0;
        while (i < text.Length && current.Count > 0)
        {
            if (text[i] == '.')
            {
                var end = i + 1;
                while (end < text.Length && text[end] is not ('.' or '[')) end++;
                var name = text[(i + 1)..end];
                current = current.Select(n => (n as JsonObject)?[name]).OfType<JsonNode>().ToList();
                i = end;
            }
            else if (text[i] == '[')
            {
                var end = FindClose(text, i);
                var inner = text[(i + 1)..end].Trim();
                current = current.SelectMany(n => Index(n, inner)).ToList();
                i = end + 1;
            }
            else
            {
                var end = i;
                while (end < text.Length && text[end] is not ('.' or '[')) end++;
                var name = text[i..end];
                current = current.Select(n => (n as JsonObject)?[name]).OfType<JsonNode>().ToList();
                i = end;
            }
        }
        return current;
    }

    private static int FindClose(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '[') depth++;
            else if (text[i] == ']' && --depth == 0) return i;
        }
        return text.Length - 1;
    }

    private static IEnumerable<JsonNode> Index(JsonNode node, string inner)
    {
        if (node is not JsonArray array) return [];
        if (inner == "*") return array.OfType<JsonNode>();
        if (int.TryParse(inner, out var index))
        {
            if (index < 0) index += array.Count;
            return index >= 0 && index < array.Count && array[index] is { } item ? [item] : [];
        }
        if (inner.StartsWith("?(@.", StringComparison.Ordinal) && inner.EndsWith(')'))
        {
            var condition = inner[4..^1];
            var eq = condition.IndexOf("==", StringComparison.Ordinal);
            if (eq < 0) return array.OfType<JsonObject>().Where(o => o[condition.Trim()] is not null);
            var field = condition[..eq].Trim();
            var expected = condition[(eq + 2)..].Trim().Trim('"', '\'');
            return array.OfType<JsonObject>().Where(o => o[field] is JsonValue v && v.ToString() == expected);
        }
        return [];
    }
}

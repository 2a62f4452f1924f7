using System.Text.Json.Nodes;
using Hawser.Compare;

namespace Hawser.AppSets;

/// <summary>
/// spec.ignoreApplicationDifferences: fields of an existing generated Application that a re-generation leaves as they are
/// (changed by a person or a tool). A field present in the existing app keeps its value, one absent from it stays absent.
/// A jq path that selects list elements (<c>.a[] | select(...)</c>) keeps the whole list as it is.
/// </summary>
internal static class IgnoredFields
{
    /// <summary>The generated body with the ignored fields of <paramref name="existing"/> carried over.</summary>
    public static JsonObject Keep(JsonObject generated, JsonObject existing, string appName, IReadOnlyList<AppSetIgnoreDifference> rules)
    {
        var result = (JsonObject)generated.DeepClone();
        foreach (var rule in rules.Where(r => r.Name is null || r.Name == appName))
        {
            foreach (var path in Paths(rule)) Copy(path, existing, result);
        }
        return result;
    }

    private static IEnumerable<FieldPath> Paths(AppSetIgnoreDifference rule)
    {
        foreach (var pointer in rule.JsonPointers) yield return FieldPath.FromJsonPointer(pointer);
        foreach (var jq in rule.JqPathExpressions) yield return FieldPath.FromJq(jq);
    }

    private static void Copy(FieldPath path, JsonObject from, JsonObject to)
    {
        var plain = path.Segments.TakeWhile(s => s is not PathSegment.Each).ToList();
        if (plain.Count == 0) return;
        var prefix = new FieldPath(plain);
        var value = prefix.Read(from);
        var parentPath = new FieldPath(plain.Take(plain.Count - 1).ToList());
        var parent = parentPath.Segments.Count == 0 ? to : parentPath.Read(to);
        if (value is null)
        {
            prefix.RemoveFrom(to);
            return;
        }
        if (parent is null)
        {
            parent = Create(to, parentPath);
            if (parent is null) return;
        }
        switch (plain[^1])
        {
            case PathSegment.Field f when parent is JsonObject o:
                o[f.Name] = value.DeepClone();
                break;
            case PathSegment.Index ix when parent is JsonArray a && ix.Position < a.Count:
                a[ix.Position] = value.DeepClone();
                break;
        }
    }

    // Creates the objects on the way to a field (lists are never created: an index into a missing list is skipped).
    private static JsonNode? Create(JsonObject root, FieldPath path)
    {
        JsonNode current = root;
        foreach (var segment in path.Segments)
        {
            if (segment is not PathSegment.Field f || current is not JsonObject o) return null;
            if (o[f.Name] is not JsonNode next)
            {
                next = new JsonObject();
                o[f.Name] = next;
            }
            current = next;
        }
        return current;
    }
}

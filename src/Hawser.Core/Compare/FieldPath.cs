using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Compare;

/// <summary>One step of a <see cref="FieldPath"/>.</summary>
internal abstract record PathSegment
{
    /// <summary>An object field (<c>.name</c>, <c>["a/b"]</c>, or a JSON pointer token).</summary>
    public sealed record Field(string Name) : PathSegment;

    /// <summary>One array element (<c>[2]</c>).</summary>
    public sealed record Index(int Position) : PathSegment;

    /// <summary>Every array element (<c>[]</c>), or every element whose field equals a value (<c>[] | select(.name == "x")</c>).</summary>
    public sealed record Each(FieldPath? SelectPath = null, JsonNode? SelectValue = null) : PathSegment;
}

/// <summary>
/// A path into an object, parsed once from an <c>ignoreDifferences</c> entry: a JSON pointer (RFC 6901, as Argo CD's
/// <c>jsonPointers</c>) or one of the common jq forms Argo CD users write in <c>jqPathExpressions</c>:
/// <c>.spec.replicas</c>, <c>.metadata.annotations["a"]</c>, <c>.spec.x[0]</c>,
/// <c>.spec.template.spec.containers[] | select(.name == "x") | .image</c>.
/// </summary>
internal sealed record FieldPath(IReadOnlyList<PathSegment> Segments)
{
    /// <summary>Parses a JSON pointer such as <c>/spec/replicas</c> (<c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>). Numeric tokens address array elements too.</summary>
    public static FieldPath FromJsonPointer(string pointer)
    {
        if (pointer.Length == 0) return new FieldPath([]);
        if (pointer[0] != '/') throw new FormatException($"JSON pointer '{pointer}' must start with '/'");
        var segments = pointer[1..].Split('/')
            .Select(t => (PathSegment)new PathSegment.Field(t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)))
            .ToList();
        return new FieldPath(segments);
    }

    /// <summary>Parses the supported jq path forms; anything else is a <see cref="FormatException"/> naming the expression.</summary>
    public static FieldPath FromJq(string expression)
    {
        var parts = SplitPipes(expression);
        var segments = new List<PathSegment>();
        foreach (var raw in parts)
        {
            var part = raw.Trim();
            if (part.StartsWith("select(", StringComparison.Ordinal) && part.EndsWith(')'))
            {
                if (segments.Count == 0 || segments[^1] is not PathSegment.Each { SelectPath: null })
                    throw new FormatException($"jq expression '{expression}': select() must follow an iteration '[]'");
                var condition = part["select(".Length..^1];
                var eq = condition.IndexOf("==", StringComparison.Ordinal);
                if (eq < 0) throw new FormatException($"jq expression '{expression}': only select(.field == value) is supported");
                var path = ParsePath(condition[..eq].Trim(), expression);
                JsonNode? value;
                try { value = JsonNode.Parse(condition[(eq + 2)..].Trim()); }
                catch (JsonException e) { throw new FormatException($"jq expression '{expression}': the compared value is not a JSON literal", e); }
                segments[^1] = new PathSegment.Each(path, value);
                continue;
            }
            segments.AddRange(ParsePath(part, expression).Segments);
        }
        return new FieldPath(segments);
    }

    /// <summary>Removes every field the path addresses from <paramref name="root"/> (a private copy); missing fields are ignored.</summary>
    public void RemoveFrom(JsonNode root)
    {
        if (Segments.Count == 0) return;
        Remove(root, 0);
    }

    /// <summary>The value at this path when the path has no iteration; null when absent.</summary>
    public JsonNode? Read(JsonNode? node)
    {
        foreach (var segment in Segments)
        {
            node = segment switch
            {
                PathSegment.Field f when node is JsonObject o => o[f.Name],
                PathSegment.Field f when node is JsonArray a && int.TryParse(f.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
                PathSegment.Index ix when node is JsonArray a && ix.Position < a.Count => a[ix.Position],
                _ => null,
            };
            if (node is null) return null;
        }
        return node;
    }

    private void Remove(JsonNode? node, int at)
    {
        var last = at == Segments.Count - 1;
        switch (Segments[at])
        {
            case PathSegment.Field f when node is JsonObject o:
                if (last) o.Remove(f.Name);
                else Remove(o[f.Name], at + 1);
                break;
            case PathSegment.Field f when node is JsonArray a && int.TryParse(f.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var i):
                RemoveIndex(a, i, at, last);
                break;
            case PathSegment.Index ix when node is JsonArray a:
                RemoveIndex(a, ix.Position, at, last);
                break;
            case PathSegment.Each each when node is JsonArray a:
                for (var i = a.Count - 1; i >= 0; i--)
                {
                    if (each.SelectPath is not null && !JsonNode.DeepEquals(each.SelectPath.Read(a[i]), each.SelectValue)) continue;
                    if (last) a.RemoveAt(i);
                    else Remove(a[i], at + 1);
                }
                break;
        }
    }

    private void RemoveIndex(JsonArray a, int i, int at, bool last)
    {
        if (i >= a.Count) return;
        if (last) a.RemoveAt(i);
        else Remove(a[i], at + 1);
    }

    private static FieldPath ParsePath(string text, string expression)
    {
        if (text.Length == 0 || text[0] != '.') throw new FormatException($"jq expression '{expression}': a path must start with '.'");
        var segments = new List<PathSegment>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                i++;
                if (i < text.Length && text[i] == '[') continue; // `.["a"]` is the same as `["a"]`
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-' or '$')) i++;
                if (i == start)
                {
                    if (i == text.Length && segments.Count == 0) break; // `.` alone: the whole value
                    throw new FormatException($"jq expression '{expression}': expected a field name at '{text[(i - 1)..]}'");
                }
                segments.Add(new PathSegment.Field(text[start..i]));
            }
            else if (text[i] == '[')
            {
                var close = FindClose(text, i, expression);
                var inner = text[(i + 1)..close].Trim();
                if (inner.Length == 0) segments.Add(new PathSegment.Each());
                else if (inner[0] == '"') segments.Add(new PathSegment.Field(JsonNode.Parse(inner)!.GetValue<string>()));
                else if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) segments.Add(new PathSegment.Index(n));
                else throw new FormatException($"jq expression '{expression}': unsupported subscript [{inner}]");
                i = close + 1;
            }
            else
            {
                throw new FormatException($"jq expression '{expression}': unexpected '{text[i]}'");
            }
        }
        return new FieldPath(segments);
    }

    private static int FindClose(string text, int open, string expression)
    {
        var inString = false;
        for (var i = open + 1; i < text.Length; i++)
        {
            if (text[i] == '\\' && inString) { i++; continue; }
            if (text[i] == '"') inString = !inString;
            else if (text[i] == ']' && !inString) return i;
        }
        throw new FormatException($"jq expression '{expression}': unclosed '['");
    }

    private static List<string> SplitPipes(string expression)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        var inString = false;
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            if (c == '\\' && inString && i + 1 < expression.Length) { current.Append(c).Append(expression[++i]); continue; }
            if (c == '"') inString = !inString;
            if (c == '|' && !inString) { parts.Add(current.ToString()); current.Clear(); continue; }
            current.Append(c);
        }
        parts.Add(current.ToString());
        return parts;
    }
}

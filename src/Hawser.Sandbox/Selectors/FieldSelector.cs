using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Storage;

namespace Hawser.Sandbox.Selectors;

/// <summary>
/// A parsed <c>fieldSelector</c>: comma-separated <c>path=value</c>, <c>path==value</c> or <c>path!=value</c>.
/// <c>metadata.name</c> and <c>metadata.namespace</c> are answered from the index; any other dotted path
/// (<c>involvedObject.uid</c>, <c>status.phase</c>...) is read from the object.
/// </summary>
internal sealed class FieldSelector
{
    private readonly IReadOnlyList<(string Path, bool Equal, string Value)> _terms;

    private FieldSelector(IReadOnlyList<(string, bool, string)> terms) => _terms = terms;

    public static readonly FieldSelector Everything = new([]);

    public bool IsEmpty => _terms.Count == 0;

    /// <summary>The name asked for by <c>metadata.name=x</c>, if any (lets a list skip the scan).</summary>
    public string? ExactName => _terms.FirstOrDefault(t => t.Path == "metadata.name" && t.Equal).Value;

    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Everything;
        var terms = new List<(string, bool, string)>();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            if (term.Length == 0) continue;
            var (op, length) = term.Contains("!=", StringComparison.Ordinal) ? ("!=", 2) : term.Contains("==", StringComparison.Ordinal) ? ("==", 2) : ("=", 1);
            var i = term.IndexOf(op, StringComparison.Ordinal);
            if (i <= 0) throw ApiException.BadRequest($"invalid field selector \"{text}\": expected path=value");
            terms.Add((term[..i].Trim(), op != "!=", term[(i + length)..].Trim()));
        }
        return new FieldSelector(terms);
    }

    public bool Matches(StoredObject obj)
    {
        JsonObject? body = null;
        foreach (var (path, equal, value) in _terms)
        {
            string actual;
            if (path == "metadata.name") actual = obj.Name;
            else if (path == "metadata.namespace") actual = obj.Namespace;
            else actual = Read(body ??= obj.ToJsonObject(), path);
            if (string.Equals(actual, value, StringComparison.Ordinal) != equal) return false;
        }
        return true;
    }

    private static string Read(JsonObject body, string path)
    {
        JsonNode? node = body;
        foreach (var part in path.Split('.'))
        {
            node = (node as JsonObject)?[part];
            if (node is null) return "";
        }
        return node is JsonValue v ? v.ToString() : "";
    }
}

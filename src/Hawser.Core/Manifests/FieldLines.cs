using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace Hawser.Manifests;

/// <summary>
/// The lines the keys of a YAML mapping were read from, kept for Argo CD objects (<c>argoproj.io</c> documents) so that an
/// error in an Application, AppProject or ApplicationSet cites the line of the offending field rather than the document's
/// first line. Other documents (the bulk of rendered manifests) keep none. The lines live as long as the mapping's node.
/// </summary>
internal static class FieldLines
{
    private static readonly ConditionalWeakTable<JsonObject, Dictionary<string, int>> Lines = new();

    /// <summary>The key under which a mapping's own line (where it starts) is kept.</summary>
    private const string Self = "";

    /// <summary>True for documents whose field lines are kept.</summary>
    public static bool IsKept(JsonNode? root) =>
        root is JsonObject o && o["apiVersion"] is JsonValue v && v.TryGetValue<string>(out var apiVersion)
        && apiVersion.StartsWith("argoproj.io/", StringComparison.Ordinal);

    /// <summary>Remembers the line of <paramref name="key"/> in <paramref name="map"/> (an empty key: the mapping's own line).</summary>
    public static void Record(JsonObject map, string key, int line) => Lines.GetValue(map, static _ => new(StringComparer.Ordinal))[key] = line;

    /// <summary>The line of <paramref name="key"/> in <paramref name="map"/>, else the mapping's own line, else null.</summary>
    public static int? Of(JsonObject map, string key) =>
        !Lines.TryGetValue(map, out var lines) ? null
        : lines.TryGetValue(key, out var line) ? line
        : lines.TryGetValue(Self, out var own) ? own
        : null;
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// What the API server does for kubectl's move from client-side to server-side apply (Kubernetes docs, "Server-Side Apply",
/// "Upgrading from client-side apply to server-side apply"), for the <c>kubectl</c> field manager only:
/// <list type="bullet">
/// <item>A conflict on a field that the <c>kubectl.kubernetes.io/last-applied-configuration</c> annotation holds with the live
/// value is not a conflict: client-side apply owned it, so the apply takes it over without <c>--force-conflicts</c>.
/// A field someone else changed since still conflicts.</item>
/// <item>After the apply, an existing annotation is rewritten to the applied configuration, so a later client-side apply
/// starts from what was last applied. An annotation that would pass the 256 KiB limit on all annotations is dropped.</item>
/// </list>
/// Any other manager opts out of both, as on the API server.
/// </summary>
internal static class LastAppliedUpgrade
{
    public const string Annotation = "kubectl.kubernetes.io/last-applied-configuration";
    private const string KubectlManager = "kubectl";
    private const int AnnotationsSizeLimit = 256 * 1024;

    /// <summary>True when <paramref name="path"/> conflicts only because client-side apply owned it with the value it still has.</summary>
    public static bool IsAllowedConflict(string manager, JsonObject live, string[] path, ref JsonObject? lastApplied)
    {
        if (manager != KubectlManager) return false;
        lastApplied ??= Read(live);
        if (lastApplied.Count == 0) return false;
        JsonNode? a = live, b = lastApplied;
        foreach (var element in path)
        {
            if (!PathElements.TryStep(a, element, out a)) return false;
            if (!PathElements.TryStep(b, element, out b)) return false;
        }
        return path.Length > 0 && JsonNode.DeepEquals(a, b);
    }

    /// <summary>Rewrites the annotation on <paramref name="result"/> to <paramref name="applied"/> when the manager is kubectl and the annotation is there.</summary>
    public static void Sync(string manager, JsonObject result, JsonObject applied)
    {
        if (manager != KubectlManager || result["metadata"]?["annotations"] is not JsonObject annotations || !annotations.ContainsKey(Annotation)) return;
        var configuration = (JsonObject)applied.DeepClone();
        if (configuration["metadata"]?["annotations"] is JsonObject own) own.Remove(Annotation);
        var value = Canonical(configuration) + "\n";
        annotations[Annotation] = value;
        if (Size(annotations) > AnnotationsSizeLimit) annotations.Remove(Annotation);
    }

    private static JsonObject Read(JsonObject live)
    {
        if (live["metadata"]?["annotations"]?[Annotation] is not JsonValue value || !value.TryGetValue<string>(out var text)) return [];
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static int Size(JsonObject annotations)
    {
        var size = 0;
        foreach (var (key, value) in annotations)
        {
            size += Encoding.UTF8.GetByteCount(key) + (value is JsonValue v && v.TryGetValue<string>(out var s) ? Encoding.UTF8.GetByteCount(s) : 0);
        }
        return size;
    }

    /// <summary>Compact JSON with object keys in ordinal order, as Go's encoder writes a map.</summary>
    private static string Canonical(JsonNode node) => Sorted(node)?.ToJsonString(CompactOptions) ?? "null";

    private static readonly JsonSerializerOptions CompactOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Manifests;

/// <summary>
/// An unstructured Kubernetes object: its JSON body plus its identity. Hawser never mutates an object it was given:
/// call <see cref="DeepClone"/> and change the copy (Flux deep-copies before every dry run for the same reason).
/// </summary>
public sealed class KubeObject
{
    private static readonly JsonSerializerOptions CompactJson = new() { WriteIndented = false };
    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    /// <summary>Wraps a JSON object. The object must carry <c>apiVersion</c> and <c>kind</c>.</summary>
    public KubeObject(JsonObject body, SourceLocation? source = null)
    {
        Body = body;
        Source = source;
    }

    /// <summary>The object's JSON. Treat it as read-only unless this instance is a private copy.</summary>
    public JsonObject Body { get; }

    /// <summary>Where the object was read from, when it came from a file.</summary>
    public SourceLocation? Source { get; }

    public string ApiVersion => GetString("apiVersion");
    public string Kind => GetString("kind");
    public string Name => Metadata?["name"]?.GetValue<string>() ?? "";
    public string GenerateName => Metadata?["generateName"]?.GetValue<string>() ?? "";
    public string Namespace => Metadata?["namespace"]?.GetValue<string>() ?? "";
    public string ResourceVersion => Metadata?["resourceVersion"]?.GetValue<string>() ?? "";
    public string Uid => Metadata?["uid"]?.GetValue<string>() ?? "";

    public GroupVersionKind GroupVersionKind => GroupVersionKind.From(ApiVersion, Kind);
    public string Group => GroupVersionKind.Group;

    /// <summary>The identity used to pair, sort and track this object.</summary>
    public ResourceKey Key => new(Group, Kind, Namespace, Name);

    public JsonObject? Metadata => Body["metadata"] as JsonObject;

    /// <summary>The labels, empty when there are none.</summary>
    public IReadOnlyDictionary<string, string> Labels => ReadStringMap("labels");

    /// <summary>The annotations, empty when there are none.</summary>
    public IReadOnlyDictionary<string, string> Annotations => ReadStringMap("annotations");

    /// <summary>One annotation's value, or null.</summary>
    public string? GetAnnotation(string name) =>
        Metadata?["annotations"] is JsonObject a && a[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>One label's value, or null.</summary>
    public string? GetLabel(string name) =>
        Metadata?["labels"] is JsonObject l && l[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>True for <c>List</c> kinds (<c>v1/List</c>, <c>ConfigMapList</c>...) that carry <c>items</c>.</summary>
    public bool IsList => Kind.EndsWith("List", StringComparison.Ordinal) && Body["items"] is JsonArray;

    /// <summary>A deep copy that can be changed freely.</summary>
    public KubeObject DeepClone() => new((JsonObject)Body.DeepClone(), Source);

    /// <summary>Returns the metadata object, creating it on this instance if absent (only on a private copy).</summary>
    public JsonObject EnsureMetadata()
    {
        if (Body["metadata"] is JsonObject m) return m;
        m = new JsonObject();
        Body["metadata"] = m;
        return m;
    }

    /// <summary>Sets a string field under <c>metadata</c> (only on a private copy).</summary>
    public void SetMetadataField(string field, string value) => EnsureMetadata()[field] = value;

    /// <summary>Sets an annotation (only on a private copy).</summary>
    public void SetAnnotation(string name, string value) => EnsureMap("annotations")[name] = value;

    /// <summary>Sets a label (only on a private copy).</summary>
    public void SetLabel(string name, string value) => EnsureMap("labels")[name] = value;

    /// <summary>Compact JSON.</summary>
    public string ToJson() => Body.ToJsonString(CompactJson);

    /// <summary>Indented JSON.</summary>
    public string ToIndentedJson() => Body.ToJsonString(IndentedJson);

    /// <summary>Parses one JSON object.</summary>
    public static KubeObject ParseJson(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new FormatException("expected a JSON object"));

    public override string ToString() => Key.ToString();

    private string GetString(string field) =>
        Body[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    private JsonObject EnsureMap(string field)
    {
        var metadata = EnsureMetadata();
        if (metadata[field] is JsonObject map) return map;
        map = new JsonObject();
        metadata[field] = map;
        return map;
    }

    private Dictionary<string, string> ReadStringMap(string field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Metadata?[field] is not JsonObject map) return result;
        foreach (var (k, v) in map)
        {
            if (v is JsonValue value && value.TryGetValue<string>(out var s)) result[k] = s;
        }
        return result;
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Storage;

/// <summary>
/// One object as the store holds it: immutable UTF-8 JSON (with <c>metadata.resourceVersion</c> already set) plus the few
/// fields indexes and selectors need. Call <see cref="ToJsonObject"/> for a private, mutable copy.
/// </summary>
internal sealed class StoredObject
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    private StoredObject(GroupResource resource, string ns, string name, long resourceVersion, byte[] json, JsonObject body)
    {
        Resource = resource;
        Namespace = ns;
        Name = name;
        ResourceVersion = resourceVersion;
        Json = json;
        var metadata = body["metadata"] as JsonObject;
        Uid = Text(metadata?["uid"]);
        CreationTimestamp = Text(metadata?["creationTimestamp"]);
        IsTerminating = metadata?["deletionTimestamp"] is not null;
        Labels = ReadLabels(metadata?["labels"] as JsonObject);
        OwnerUids = metadata?["ownerReferences"] is JsonArray owners
            ? owners.OfType<JsonObject>().Select(o => Text(o["uid"])).Where(u => u.Length > 0).ToArray()
            : [];
        Finalizers = metadata?["finalizers"] is JsonArray finalizers ? finalizers.Select(Text).Where(f => f.Length > 0).ToArray() : [];
    }

    public GroupResource Resource { get; }
    public string Namespace { get; }
    public string Name { get; }
    public long ResourceVersion { get; }

    /// <summary>The object's compact UTF-8 JSON. Never modify.</summary>
    public byte[] Json { get; }
    public string Uid { get; }
    public string CreationTimestamp { get; }
    public bool IsTerminating { get; }
    public IReadOnlyDictionary<string, string> Labels { get; }
    public IReadOnlyList<string> OwnerUids { get; }
    public IReadOnlyList<string> Finalizers { get; }

    /// <summary>A fresh mutable copy of the object.</summary>
    public JsonObject ToJsonObject() => (JsonObject)JsonNode.Parse(Json)!;

    /// <summary>Stamps <paramref name="resourceVersion"/> into <paramref name="body"/> (which the store now owns) and freezes it.</summary>
    public static StoredObject Create(GroupResource resource, JsonObject body, long resourceVersion)
    {
        var metadata = body["metadata"] as JsonObject ?? throw new ArgumentException("object has no metadata", nameof(body));
        metadata["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) body.WriteTo(writer);
        return new StoredObject(resource, Text(metadata["namespace"]), Text(metadata["name"]), resourceVersion, buffer.WrittenSpan.ToArray(), body);
    }

    /// <summary>Rebuilds a stored object from persisted JSON.</summary>
    public static StoredObject Load(GroupResource resource, byte[] json, long resourceVersion)
    {
        var body = (JsonObject)JsonNode.Parse(json)!;
        var metadata = body["metadata"] as JsonObject;
        return new StoredObject(resource, Text(metadata?["namespace"]), Text(metadata?["name"]), resourceVersion, json, body);
    }

    private static Dictionary<string, string> ReadLabels(JsonObject? labels)
    {
        var result = new Dictionary<string, string>(labels?.Count ?? 0, StringComparer.Ordinal);
        if (labels is null) return result;
        foreach (var (key, value) in labels) result[key] = Text(value);
        return result;
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}

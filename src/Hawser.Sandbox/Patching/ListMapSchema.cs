using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// Which list fields of a kind merge by key or by value. Paths are the field names from the object's root joined by dots,
/// list items adding no segment: <c>spec.template.spec.containers.env</c>. Lists not named here are atomic.
/// Built-in kinds come from one table (<see cref="BuiltInListTypes"/>); custom resources from their CRD's OpenAPI v3 schema.
/// </summary>
internal sealed class ListMapSchema
{
    /// <summary>No keyed lists at all: every list is atomic.</summary>
    public static readonly ListMapSchema Empty = new(new Dictionary<string, ListType>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));

    private readonly Dictionary<string, ListType> lists;
    private readonly HashSet<string> atomicMaps;

    private ListMapSchema(Dictionary<string, ListType> lists, HashSet<string> atomicMaps)
    {
        this.lists = lists;
        this.atomicMaps = atomicMaps;
    }

    /// <summary>The number of non-atomic list fields known.</summary>
    public int Count => lists.Count;

    /// <summary>The list type at a dotted path; <see cref="ListType.Atomic"/> when unknown.</summary>
    public ListType Get(string path) => lists.TryGetValue(path, out var type) ? type : ListType.Atomic;

    /// <summary>
    /// True for a map or struct that server-side apply owns and replaces as a whole (<c>x-kubernetes-map-type: atomic</c>,
    /// <c>+structType=atomic</c>: label selectors, a Service's selector, a pod's nodeSelector).
    /// </summary>
    public bool IsAtomicMap(string path) => atomicMaps.Count > 0 && atomicMaps.Contains(path);

    /// <summary>The schema of a built-in kind (one shared instance per kind).</summary>
    public static ListMapSchema ForBuiltIn(GroupVersionKind kind) => BuiltInListTypes.For(kind.GroupKind, static (l, m) => new ListMapSchema(l, m));

    /// <summary>
    /// The schema of a custom resource from its CRD's <c>openAPIV3Schema</c>: <c>x-kubernetes-list-type: map</c> with
    /// <c>x-kubernetes-list-map-keys</c>, <c>set</c>, atomic otherwise. Object metadata lists (finalizers, ownerReferences) are always included.
    /// </summary>
    public static ListMapSchema FromCrdSchema(JsonObject? openApiV3Schema)
    {
        var lists = new Dictionary<string, ListType>(StringComparer.Ordinal);
        var atomicMaps = new HashSet<string>(StringComparer.Ordinal);
        BuiltInListTypes.AddMetadata(lists);
        if (openApiV3Schema is not null) Walk(openApiV3Schema, "", lists, atomicMaps);
        return new ListMapSchema(lists, atomicMaps);
    }

    private static void Walk(JsonObject schema, string path, Dictionary<string, ListType> lists, HashSet<string> atomicMaps)
    {
        if (path.Length > 0 && schema["x-kubernetes-map-type"] is JsonValue mapType && mapType.TryGetValue<string>(out var m) && m == "atomic")
        {
            atomicMaps.Add(path);
        }
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                if (child is JsonObject childSchema) Walk(childSchema, path.Length == 0 ? name : $"{path}.{name}", lists, atomicMaps);
            }
        }
        if (schema["items"] is not JsonObject items) return;
        var listType = schema["x-kubernetes-list-type"]?.GetValue<string>();
        if (listType == "map" && schema["x-kubernetes-list-map-keys"] is JsonArray keys && keys.Count > 0)
        {
            lists[path] = ListType.Map([.. keys.Select(k => k?.GetValue<string>() ?? "")]);
        }
        else if (listType == "set")
        {
            lists[path] = ListType.Set;
        }
        Walk(items, path, lists, atomicMaps);
    }
}

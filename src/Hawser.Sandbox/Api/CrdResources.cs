using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Api;

/// <summary>
/// Turns a CustomResourceDefinition into the resource types it serves: one per served version, the storage version first
/// (kubectl uses the first version discovery lists), each with its status and scale subresources, printer columns and schema.
/// </summary>
internal static class CrdResources
{
    public static IReadOnlyList<ResourceType> From(JsonObject crd)
    {
        if (crd["spec"] is not JsonObject spec || spec["names"] is not JsonObject names) return [];
        var group = Text(spec["group"]);
        var plural = Text(names["plural"]);
        var kind = Text(names["kind"]);
        if (group.Length == 0 || plural.Length == 0 || kind.Length == 0) return [];
        if (spec["versions"] is not JsonArray versions) return [];

        var served = versions.OfType<JsonObject>().Where(v => v["served"]?.GetValueKind() != System.Text.Json.JsonValueKind.False).ToList();
        var storage = versions.OfType<JsonObject>().FirstOrDefault(v => v["storage"]?.GetValueKind() == System.Text.Json.JsonValueKind.True) ?? served.FirstOrDefault();
        if (storage is null) return [];
        var storageVersion = Text(storage["name"]);
        served.Sort((a, b) => (a == storage ? 0 : 1).CompareTo(b == storage ? 0 : 1));

        var singular = Text(names["singular"]);
        var result = new List<ResourceType>(served.Count);
        foreach (var version in served)
        {
            var schema = (version["schema"] as JsonObject)?["openAPIV3Schema"] as JsonObject;
            result.Add(new ResourceType
            {
                Group = group,
                Version = Text(version["name"]),
                StorageVersion = storageVersion,
                Resource = plural,
                Singular = singular.Length > 0 ? singular : kind.ToLowerInvariant(),
                Kind = kind,
                Namespaced = Text(spec["scope"]) != "Cluster",
                ShortNames = Strings(names["shortNames"]),
                Categories = Strings(names["categories"]),
                HasStatus = (version["subresources"] as JsonObject)?["status"] is JsonObject,
                Scale = ScaleOf((version["subresources"] as JsonObject)?["scale"] as JsonObject),
                HasGeneration = true,
                IsCustom = true,
                PrinterColumns = Columns(version["additionalPrinterColumns"] as JsonArray),
                Schema = schema,
                TopLevelFields = TopLevel(schema),
            });
        }
        return result;
    }

    private static ScaleSubresource? ScaleOf(JsonObject? scale)
    {
        if (scale is null) return null;
        var spec = Text(scale["specReplicasPath"]);
        var status = Text(scale["statusReplicasPath"]);
        if (spec.Length == 0 || status.Length == 0) return null;
        var selector = Text(scale["labelSelectorPath"]);
        return new ScaleSubresource(spec, status, selector.Length > 0 ? selector : null, SelectorIsLabelSelector: false);
    }

    private static IReadOnlyList<PrinterColumn> Columns(JsonArray? columns)
    {
        if (columns is null) return [];
        return columns.OfType<JsonObject>()
            .Select(c => new PrinterColumn(Text(c["name"]), Text(c["type"]), Text(c["jsonPath"]),
                c["priority"] is JsonValue p && p.TryGetValue<int>(out var priority) ? priority : 0, Text(c["format"])))
            .Where(c => c.Name.Length > 0 && c.JsonPath.Length > 0)
            .ToList();
    }

    private static HashSet<string>? TopLevel(JsonObject? schema)
    {
        if (schema is null || schema["properties"] is not JsonObject properties) return null;
        if (schema["x-kubernetes-preserve-unknown-fields"]?.GetValueKind() == System.Text.Json.JsonValueKind.True) return null;
        return new HashSet<string>(properties.Select(p => p.Key).Where(k => k is not ("apiVersion" or "kind" or "metadata")), StringComparer.Ordinal);
    }

    private static string[] Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(Text).Where(s => s.Length > 0).ToArray() : [];

    private static string Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}

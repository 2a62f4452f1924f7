using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Tables;

/// <summary>
/// Server-side Tables (<c>meta.k8s.io/v1</c>) for <c>kubectl get</c>: column definitions, one row per object with its cells
/// computed now, and a PartialObjectMetadata per row (kubectl reads namespace and labels from it for <c>-A</c> and <c>-L</c>).
/// </summary>
internal static class TableWriter
{
    /// <summary>True when the Accept header asks for a Table.</summary>
    public static bool Wanted(string accept) => accept.Contains("as=Table", StringComparison.Ordinal);

    public static IReadOnlyList<TableColumn> ColumnsFor(ResourceType type) =>
        type.IsCustom ? BuiltInColumns.ForCustom(type.PrinterColumns ?? []) : BuiltInColumns.For(new Manifests.GroupKind(type.Group, type.Kind));

    public static void Write(Utf8JsonWriter writer, ResourceType type, IEnumerable<JsonObject> objects, string resourceVersion, string? continueToken, DateTimeOffset now, bool includeColumns = true)
    {
        var columns = ColumnsFor(type);
        writer.WriteStartObject();
        writer.WriteString("kind", "Table");
        writer.WriteString("apiVersion", "meta.k8s.io/v1");
        writer.WriteStartObject("metadata");
        writer.WriteString("resourceVersion", resourceVersion);
        if (!string.IsNullOrEmpty(continueToken)) writer.WriteString("continue", continueToken);
        writer.WriteEndObject();
        writer.WriteStartArray("columnDefinitions");
        if (includeColumns)
        {
            foreach (var c in columns)
            {
                writer.WriteStartObject();
                writer.WriteString("name", c.Name);
                writer.WriteString("type", c.Type);
                writer.WriteString("format", c.Format);
                writer.WriteString("description", "");
                writer.WriteNumber("priority", c.Priority);
                writer.WriteEndObject();
            }
        }
        writer.WriteEndArray();
        writer.WriteStartArray("rows");
        foreach (var obj in objects)
        {
            writer.WriteStartObject();
            writer.WriteStartArray("cells");
            foreach (var c in columns)
            {
                var cell = c.Cell(obj, now);
                if (cell is null) writer.WriteNullValue();
                else cell.WriteTo(writer);
            }
            writer.WriteEndArray();
            writer.WriteStartObject("object");
            writer.WriteString("kind", "PartialObjectMetadata");
            writer.WriteString("apiVersion", "meta.k8s.io/v1");
            writer.WriteStartObject("metadata");
            foreach (var (key, value) in obj["metadata"] as JsonObject ?? [])
            {
                if (key == "managedFields") continue;
                writer.WritePropertyName(key);
                if (value is null) writer.WriteNullValue();
                else value.WriteTo(writer);
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

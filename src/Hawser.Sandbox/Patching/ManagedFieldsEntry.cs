using System.Globalization;
using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// One entry of <c>metadata.managedFields</c>: a manager, its operation (<c>Apply</c> or <c>Update</c>), the API version it used,
/// when its fields last changed, and the fields it owns. Managers are told apart by name, operation and subresource, as on the API server.
/// </summary>
internal sealed class ManagedFieldsEntry
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public required string Manager { get; init; }
    public required string Operation { get; init; }
    public string Subresource { get; init; } = "";
    public required string ApiVersion { get; set; }
    public required string Time { get; set; }
    public required FieldTree Fields { get; set; }

    /// <summary>True when the entry was changed and must be written back.</summary>
    public bool Dirty { get; set; }

    public bool Is(string manager, string operation) =>
        Manager == manager && Operation == operation && Subresource.Length == 0;

    /// <summary>Formats a time as the API server does: RFC 3339, UTC, whole seconds.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads the entries of an object, in order; entries that are not FieldsV1 are skipped.</summary>
    public static List<ManagedFieldsEntry> Read(JsonObject obj)
    {
        var entries = new List<ManagedFieldsEntry>();
        if (obj["metadata"]?["managedFields"] is not JsonArray array) return entries;
        foreach (var node in array)
        {
            if (node is not JsonObject entry) continue;
            if (entry["fieldsType"] is JsonValue type && type.GetValue<string>() != "FieldsV1") continue;
            entries.Add(new ManagedFieldsEntry
            {
                Manager = Text(entry, "manager"),
                Operation = Text(entry, "operation"),
                Subresource = Text(entry, "subresource"),
                ApiVersion = Text(entry, "apiVersion"),
                Time = Text(entry, "time"),
                Fields = FieldTree.Parse(entry["fieldsV1"] as JsonObject),
            });
        }
        return entries;
    }

    /// <summary>
    /// Writes the entries into <c>metadata.managedFields</c>, dropping entries that own nothing; removes the field when none are left.
    /// Entries are sorted as the API server sorts them: Apply before Update, then by time, manager, API version and subresource.
    /// </summary>
    public static void Write(JsonObject obj, IEnumerable<ManagedFieldsEntry> entries)
    {
        var array = new JsonArray();
        var ordered = entries
            .OrderBy(e => e.Operation, StringComparer.Ordinal)
            .ThenBy(e => e.Time, StringComparer.Ordinal)
            .ThenBy(e => e.Manager, StringComparer.Ordinal)
            .ThenBy(e => e.ApiVersion, StringComparer.Ordinal)
            .ThenBy(e => e.Subresource, StringComparer.Ordinal);
        foreach (var entry in ordered)
        {
            if (entry.Fields.HasAnyMember) array.Add((JsonNode)entry.ToJson());
        }
        if (obj["metadata"] is not JsonObject metadata)
        {
            if (array.Count == 0) return;
            metadata = [];
            obj["metadata"] = metadata;
        }
        if (array.Count == 0) metadata.Remove("managedFields");
        else metadata["managedFields"] = array;
    }

    private JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["manager"] = Manager,
            ["operation"] = Operation,
            ["apiVersion"] = ApiVersion,
            ["time"] = Time,
            ["fieldsType"] = "FieldsV1",
            ["fieldsV1"] = Fields.ToJson(),
        };
        if (Subresource.Length > 0) json["subresource"] = Subresource;
        return json;
    }

    private static string Text(JsonObject obj, string field) =>
        obj[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : "";
}

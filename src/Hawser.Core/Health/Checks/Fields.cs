using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Health.Checks;

/// <summary>Tolerant readers for the fields health checks look at: a missing or mistyped field reads as absent.</summary>
internal static class Fields
{
    public static JsonNode? At(JsonNode? node, params ReadOnlySpan<string> path)
    {
        foreach (var segment in path)
        {
            if (node is not JsonObject obj) return null;
            node = obj[segment];
        }
        return node;
    }

    public static string Str(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";

    public static long? Int(JsonNode? node, params ReadOnlySpan<string> path)
    {
        if (At(node, path) is not JsonValue v) return null;
        switch (v.GetValueKind())
        {
            case JsonValueKind.Number:
                if (v.TryGetValue<long>(out var l)) return l;
                if (v.TryGetValue<int>(out var i)) return i;
                return v.TryGetValue<double>(out var d) ? (long)d : null;
            case JsonValueKind.String:
                return long.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : null;
            default:
                return null;
        }
    }

    public static long IntOrZero(JsonNode? node, params ReadOnlySpan<string> path) => Int(node, path) ?? 0;

    public static bool Bool(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    public static IEnumerable<JsonObject> Objects(JsonNode? node, params ReadOnlySpan<string> path) =>
        At(node, path) is JsonArray array ? array.OfType<JsonObject>().ToList() : [];

    /// <summary>The first condition of the given type under <c>status.conditions</c>, or null.</summary>
    public static Condition? FindCondition(JsonNode? body, string type) =>
        Conditions(body).FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.Ordinal));

    /// <summary>Every condition under <c>status.conditions</c>, in the order the object lists them.</summary>
    public static IReadOnlyList<Condition> Conditions(JsonNode? body) =>
        Objects(body, "status", "conditions").Select(Condition.From).ToList();
}

/// <summary>One entry of <c>status.conditions</c>.</summary>
internal sealed record Condition(string Type, string Status, string Reason, string Message)
{
    public bool IsTrue => string.Equals(Status, "True", StringComparison.Ordinal);
    public bool IsFalse => string.Equals(Status, "False", StringComparison.Ordinal);

    public static Condition From(JsonObject c) =>
        new(Fields.Str(c, "type"), Fields.Str(c, "status"), Fields.Str(c, "reason"), Fields.Str(c, "message"));
}

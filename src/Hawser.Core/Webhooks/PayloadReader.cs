using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Webhooks;

/// <summary>Reads a provider's JSON payload by field path; a field that is missing or of the wrong type is an error naming
/// the provider, the event and the field.</summary>
internal sealed class PayloadReader
{
    private readonly string _what;

    private PayloadReader(string what, JsonObject root)
    {
        _what = what;
        Root = root;
    }

    public JsonObject Root { get; }

    /// <summary>Parses the body; <paramref name="what"/> names the payload in errors (<c>GitHub push payload</c>).</summary>
    public static PayloadReader Parse(string what, ReadOnlyMemory<byte> body)
    {
        var span = body.Span.TrimStart((byte)' ');
        if (span.StartsWith("payload="u8))
            throw new WebhookPayloadException($"{what}: the body is form-encoded; set the webhook's content type to application/json");
        try
        {
            return JsonNode.Parse(body.Span) is JsonObject root
                ? new PayloadReader(what, root)
                : throw new WebhookPayloadException($"{what}: the body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new WebhookPayloadException($"{what}: the body is not valid JSON ({e.Message})");
        }
    }

    /// <summary>A string field by dotted path, or null when absent or null.</summary>
    public string? Text(string path) => Text(Root, path, path);

    /// <summary>A string field that must be present.</summary>
    public string Required(string path) => Text(path) is { Length: > 0 } value ? value : throw Missing(path);

    /// <summary>The objects of an array field (empty when absent).</summary>
    public IReadOnlyList<(JsonObject Item, string Path)> Objects(string path) => Objects(Root, path, path);

    /// <summary>The objects of an array field under <paramref name="node"/>.</summary>
    public IReadOnlyList<(JsonObject Item, string Path)> Objects(JsonObject node, string field, string shown)
    {
        var value = Walk(node, field);
        if (value is null) return [];
        if (value is not JsonArray array) throw Wrong(shown, "an array");
        var items = new List<(JsonObject, string)>();
        for (var i = 0; i < array.Count; i++)
            items.Add(array[i] is JsonObject item ? (item, $"{shown}[{i}]") : throw Wrong($"{shown}[{i}]", "an object"));
        return items;
    }

    /// <summary>A string field under <paramref name="node"/>; <paramref name="shown"/> is its full path for errors.</summary>
    public string? Text(JsonObject node, string field, string shown)
    {
        var value = Walk(node, field);
        if (value is null) return null;
        return value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : throw Wrong(shown, "a string");
    }

    /// <summary>The strings of an array field under <paramref name="node"/> (empty when absent).</summary>
    public IReadOnlyList<string> Strings(JsonObject node, string field, string shown)
    {
        var value = Walk(node, field);
        if (value is null) return [];
        if (value is not JsonArray array) throw Wrong(shown, "an array of strings");
        return array.Select((item, i) => item is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Wrong($"{shown}[{i}]", "a string")).ToList();
    }

    /// <summary>An integer field, or null.</summary>
    public long? Integer(string path) => Walk(Root, path) is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;

    public WebhookPayloadException Missing(string path) => new($"{_what}: field {path} is missing");

    private WebhookPayloadException Wrong(string path, string expected) => new($"{_what}: field {path} is not {expected}");

    private JsonNode? Walk(JsonObject node, string path)
    {
        JsonNode? current = node;
        foreach (var part in path.Split('.'))
        {
            if (current is not JsonObject obj) return null;
            current = obj[part];
        }
        return current;
    }
}

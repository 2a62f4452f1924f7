using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Writes;

/// <summary>
/// What the API server refuses while decoding a body into its Go types, before any validation: a value of the wrong JSON
/// type in a string map (ConfigMap <c>data</c>, labels, annotations, Secret <c>data</c>) and Secret <c>data</c> that is not
/// standard base64. The answer is the server's 400: <c>ConfigMap in version "v1" cannot be handled as a ConfigMap: json:
/// cannot unmarshal number into Go struct field ConfigMap.data of type string</c>, or for base64 <c>illegal base64 data at
/// input byte 4</c>. Secret values are never quoted.
/// </summary>
internal static class DecodeChecks
{
    public static void Check(ResourceType type, JsonObject body)
    {
        var metadata = body["metadata"] as JsonObject;
        StringMap(type, metadata?["labels"], "ObjectMeta.metadata.labels", "string");
        StringMap(type, metadata?["annotations"], "ObjectMeta.metadata.annotations", "string");
        if (type.IsCustom || type.Group.Length != 0) return;
        switch (type.Kind)
        {
            case "ConfigMap":
                StringMap(type, body["data"], "ConfigMap.data", "string");
                StringMap(type, body["binaryData"], "ConfigMap.binaryData", "[]uint8");
                Base64Values(type, body["binaryData"]);
                break;
            case "Secret":
                StringMap(type, body["data"], "Secret.data", "[]uint8");
                StringMap(type, body["stringData"], "Secret.stringData", "string");
                Base64Values(type, body["data"]);
                break;
        }
    }

    private static void StringMap(ResourceType type, JsonNode? map, string goField, string goType)
    {
        if (map is null) return;
        if (map is not JsonObject entries)
            throw Undecodable(type, $"json: cannot unmarshal {JsonTypeName(map)} into Go struct field {goField} of type map[string]{goType}");
        foreach (var (_, value) in entries)
        {
            if (value is null || value.GetValueKind() == JsonValueKind.String) continue;
            throw Undecodable(type, $"json: cannot unmarshal {JsonTypeName(value)} into Go struct field {goField} of type {goType}");
        }
    }

    private static void Base64Values(ResourceType type, JsonNode? map)
    {
        if (map is not JsonObject entries) return;
        foreach (var (_, value) in entries)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text) && Base64Check.FirstError(text) is { } offset)
                throw Undecodable(type, $"illegal base64 data at input byte {offset}");
        }
    }

    private static ApiException Undecodable(ResourceType type, string detail) =>
        ApiException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: {detail}");

    private static string JsonTypeName(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "string",
    };
}

/// <summary>
/// Standard padded base64 as Go's <c>encoding/base64.StdEncoding</c> reads it (the decoder behind a JSON <c>[]byte</c>):
/// line breaks are skipped, padding must complete the last quantum, nothing may follow it. Returns the offset of the first
/// byte Go reports as illegal, or null when the text decodes.
/// </summary>
internal static class Base64Check
{
    public static int? FirstError(string text)
    {
        var i = 0;
        while (true)
        {
            var count = 0;
            while (count < 4)
            {
                if (i == text.Length)
                {
                    if (count == 0) return null;
                    return i - count;
                }
                var c = text[i++];
                if (c is '\r' or '\n') continue;
                if (IsAlphabet(c))
                {
                    count++;
                    continue;
                }
                if (c != '=' || count < 2) return i - 1;
                if (count == 2)
                {
                    while (i < text.Length && text[i] is '\r' or '\n') i++;
                    if (i == text.Length) return text.Length;
                    if (text[i] != '=') return i - 1;
                    i++;
                }
                while (i < text.Length && text[i] is '\r' or '\n') i++;
                return i < text.Length ? i : null;
            }
        }
    }

    private static bool IsAlphabet(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/';
}

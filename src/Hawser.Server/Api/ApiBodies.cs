using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Hawser.Server.Api;

/// <summary>Reads JSON request bodies with limits: at most 1 MiB (Kestrel) and 32 levels of nesting; anything else is a 400.</summary>
internal static class ApiBodies
{
    private const int MaxDepth = 32;

    /// <summary>The body as a JSON object, null when empty.</summary>
    /// <exception cref="BadHttpRequestException">Not JSON, too deep, or not an object.</exception>
    public static async Task<JsonObject?> ReadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength == 0) return null;
        JsonNode? node;
        try
        {
            node = await JsonNode.ParseAsync(context.Request.Body, documentOptions: new JsonDocumentOptions { MaxDepth = MaxDepth }, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException($"the request body is not valid JSON (at most {MaxDepth} levels deep): {e.Message}", StatusCodes.Status400BadRequest, e);
        }
        return node switch
        {
            null => null,
            JsonObject obj => obj,
            _ => throw new BadHttpRequestException("the request body must be a JSON object", StatusCodes.Status400BadRequest),
        };
    }

    /// <summary>A string field's value, or empty.</summary>
    public static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    /// <summary>A boolean field of the body (absent or null: <paramref name="fallback"/>).</summary>
    /// <exception cref="BadHttpRequestException">The field is there but not a boolean.</exception>
    public static bool Bool(JsonObject? body, string field, bool fallback = false) => body?[field] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        _ => throw Invalid(field, "a boolean"),
    };

    /// <summary>An integer field of the body (absent or null: null); a string of digits is accepted too, as gRPC-gateway writes int64.</summary>
    /// <exception cref="BadHttpRequestException">The field is there but not an integer.</exception>
    public static long? Long(JsonObject? body, string field) => body?[field] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw Invalid(field, "an integer"),
    };

    /// <summary>A list of strings (absent: empty).</summary>
    /// <exception cref="BadHttpRequestException">The field is there but not a list of strings.</exception>
    public static IReadOnlyList<string> Strings(JsonNode? node, string field) => node switch
    {
        null => [],
        JsonArray a when a.All(i => i is JsonValue v && v.TryGetValue<string>(out _)) => a.Select(i => i!.GetValue<string>()).ToList(),
        _ => throw Invalid(field, "a list of strings"),
    };

    private static BadHttpRequestException Invalid(string field, string what) =>
        new($"the request body's field \"{field}\" must be {what}", StatusCodes.Status400BadRequest);
}

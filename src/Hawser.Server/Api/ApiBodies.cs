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
}

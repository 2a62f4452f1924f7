using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Hawser.Server.Api;

/// <summary>
/// Writes the API's JSON bodies. Every body is built as a <see cref="JsonNode"/>, so it is written through the
/// source-generated <see cref="ApiJsonContext"/> rather than reflection: the same bytes, and sound under NativeAOT.
/// </summary>
internal static class ApiJson
{
    /// <summary>A result writing <paramref name="body"/> as <c>application/json</c>.</summary>
    public static IResult Result(JsonNode body, int? statusCode = null) =>
        Results.Json(body, ApiJsonContext.Default.JsonNode, statusCode: statusCode);

    /// <summary>Writes <paramref name="body"/> to the response as <c>application/json</c>.</summary>
    public static Task WriteAsync(HttpResponse response, JsonNode body) =>
        response.WriteAsJsonAsync(body, ApiJsonContext.Default.JsonNode);
}

/// <summary>Serializer metadata for the API's bodies (see <see cref="ApiJson"/>).</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;

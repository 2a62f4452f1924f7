using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Manifests;
using Hawser.Sandbox.Api;
using Microsoft.AspNetCore.Http;

namespace Hawser.Sandbox.Http;

/// <summary>Reads a request body as JSON, YAML or Kubernetes protobuf (the <c>kubectl create</c> generators send protobuf).</summary>
internal static class RequestBody
{
    public const int MaxBytes = 3 * 1024 * 1024;

    public static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw new ApiException(413, "RequestEntityTooLarge", $"Request entity too large: limit is {MaxBytes}");
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>The media type without parameters, lower-cased.</summary>
    public static string MediaType(HttpRequest request)
    {
        var contentType = request.ContentType ?? "application/json";
        var semi = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semi < 0 ? contentType : contentType[..semi]).Trim().ToLowerInvariant();
    }

    /// <summary>Decodes an object body (POST, PUT, apply).</summary>
    public static JsonObject DecodeObject(byte[] body, string mediaType)
    {
        if (mediaType == "application/vnd.kubernetes.protobuf") return ProtobufBody.Decode(body);
        if (body.Length == 0) throw ApiException.BadRequest("the request body is empty");
        try
        {
            if (mediaType is "application/json" or "application/merge-patch+json" or "application/strategic-merge-patch+json" || LooksLikeJson(body))
            {
                return JsonNode.Parse(body) as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");
            }
            if (mediaType is "application/yaml" or "application/apply-patch+yaml" or "application/x-yaml" or "text/yaml")
            {
                var documents = YamlDocuments.Parse(Encoding.UTF8.GetString(body), "request");
                return documents.FirstOrDefault(d => d.Root is not null)?.Root as JsonObject
                    ?? throw ApiException.BadRequest("the request body must be a YAML mapping");
            }
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
        catch (ManifestException e)
        {
            throw ApiException.BadRequest($"the request body is not valid YAML: {e.Message}");
        }
        throw ApiException.UnsupportedMediaType(mediaType);
    }

    private static bool LooksLikeJson(byte[] body)
    {
        foreach (var b in body)
        {
            if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t') continue;
            return b == (byte)'{';
        }
        return false;
    }
}

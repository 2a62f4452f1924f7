using System.Text;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Microsoft.AspNetCore.Http;

namespace Hawser.Sandbox.Http;

/// <summary>PATCH of one object (or its <c>/status</c>): the patch is applied to the live object, then the usual write path runs.</summary>
internal sealed class PatchHandler
{
    private readonly ApiServices _api;

    public PatchHandler(ApiServices api) => _api = api;

    public async Task PatchAsync(HttpContext context, ResourceType type, string ns, string name, bool status, CancellationToken cancellationToken)
    {
        var mediaType = RequestBody.MediaType(context.Request);
        var bytes = await RequestBody.ReadBytesAsync(context.Request, cancellationToken);
        var options = WriteHandlers.Options(context);
        var live = _api.Store.Get(type.GroupResource, ns, name) ?? throw ApiException.NotFound(type.GroupResource, name);
        if (mediaType != "application/merge-patch+json") throw ApiException.UnsupportedMediaType(mediaType);
        var patch = JsonNode.Parse(Encoding.UTF8.GetString(bytes)) as JsonObject ?? throw ApiException.BadRequest("a merge patch must be a JSON object");
        var merged = (JsonObject)MergePatch(live.ToJsonObject(), patch)!;
        var result = _api.Writer.Update(type, live, merged, status, options);
        await WriteHandlers.RespondAsync(context, result, cancellationToken);
    }

    private static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target as JsonObject ?? new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null) result.Remove(key);
            else result[key] = MergePatch(result[key]?.DeepClone(), value);
        }
        return result;
    }
}

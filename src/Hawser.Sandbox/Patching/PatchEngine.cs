using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// The sandbox's patch and apply engines, pure functions over JSON objects that the request handlers call.
/// <list type="bullet">
/// <item><see cref="ApplyPatch"/>: <c>application/merge-patch+json</c> (RFC 7386), <c>application/json-patch+json</c> (RFC 6902) and
/// <c>application/strategic-merge-patch+json</c> (built-in kinds only).</item>
/// <item><see cref="ServerSideApply"/>: <c>application/apply-patch+yaml</c>, with field ownership in <c>metadata.managedFields</c>.</item>
/// <item><see cref="RecordUpdate"/>: ownership for every other write (operation <c>Update</c>).</item>
/// </list>
/// Inputs are never changed: results are fresh objects (or, for <see cref="RecordUpdate"/>, the caller's private <c>after</c>).
/// </summary>
internal static class PatchEngine
{
    public const string MergePatchType = "application/merge-patch+json";
    public const string JsonPatchType = "application/json-patch+json";
    public const string StrategicMergePatchType = "application/strategic-merge-patch+json";
    public const string ApplyPatchType = "application/apply-patch+yaml";

    /// <summary>
    /// Applies a merge, JSON or strategic merge patch to a copy of <paramref name="live"/>.
    /// Throws <see cref="PatchException"/> for an invalid patch, <see cref="UnsupportedPatchTypeException"/> for a strategic merge patch
    /// on a custom resource or an unknown content type.
    /// </summary>
    public static JsonObject ApplyPatch(JsonObject live, string contentType, string body, ListMapSchema schema, bool isCustomResource)
    {
        var mediaType = MediaType(contentType);
        switch (mediaType)
        {
            case MergePatchType:
                return MergePatch.Apply(live, Parse(body));
            case JsonPatchType:
                return JsonPatch.Apply(live, Parse(body));
            case StrategicMergePatchType when isCustomResource:
                throw new UnsupportedPatchTypeException(mediaType, $"the body of the request was in an unknown format - accepted media types include: {JsonPatchType}, {MergePatchType}, {ApplyPatchType}");
            case StrategicMergePatchType:
                return StrategicMergePatch.Apply(live, Parse(body), schema);
            default:
                throw new UnsupportedPatchTypeException(mediaType, $"the body of the request was in an unknown format - accepted media types include: {JsonPatchType}, {MergePatchType}, {ApplyPatchType}, {StrategicMergePatchType}");
        }
    }

    /// <summary>
    /// Server-side apply of <paramref name="applied"/> by <see cref="ApplyRequest.Manager"/>. A null <paramref name="live"/> creates.
    /// Returns the merged object with updated managed fields, or the live object and the conflicts when another manager owns
    /// a field with a different value and <see cref="ApplyRequest.Force"/> is false.
    /// </summary>
    public static ApplyOutcome ServerSideApply(JsonObject? live, JsonObject applied, ApplyRequest request, ListMapSchema schema) =>
        ServerSideApplier.Apply(live, applied, request, schema);

    /// <summary>
    /// Records <c>metadata.managedFields</c> on <paramref name="after"/> (changed in place) for a create (<paramref name="before"/> null),
    /// update or patch by <paramref name="manager"/>, operation <c>Update</c>.
    /// </summary>
    public static void RecordUpdate(JsonObject? before, JsonObject after, string manager, string apiVersion, DateTimeOffset now, ListMapSchema schema) =>
        UpdateRecorder.Record(before, after, manager, apiVersion, now, schema);

    /// <summary>The media type without parameters, lower case.</summary>
    public static string MediaType(string contentType)
    {
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semicolon < 0 ? contentType : contentType[..semicolon]).Trim().ToLowerInvariant();
    }

    private static JsonNode? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw new PatchException($"the patch is not valid JSON: {e.Message}", e) { IsMalformed = true };
        }
    }
}

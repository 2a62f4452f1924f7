using System.Text;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Patching;
using Hawser.Sandbox.Writes;
using Microsoft.AspNetCore.Http;

namespace Hawser.Sandbox.Http;

/// <summary>
/// The <c>/scale</c> subresource (autoscaling/v1 Scale) of Deployments, StatefulSets, ReplicaSets and custom resources
/// whose CRD declares <c>subresources.scale</c>: GET shows the Scale; PUT and PATCH (merge, JSON, strategic merge, and apply,
/// whose <c>spec.replicas</c> is taken as given) change only the desired replicas of the object, through the usual write path,
/// so generation, managed fields, watch events and the simulated status follow. A <c>metadata.resourceVersion</c> in the
/// Scale is a precondition.
/// </summary>
internal sealed class ScaleHandler
{
    private readonly ApiServices _api;

    public ScaleHandler(ApiServices api) => _api = api;

    public Task GetAsync(HttpContext context, ResourceType type, ScaleSubresource scale, string ns, string name, CancellationToken cancellationToken)
    {
        var live = _api.Store.Get(type.GroupResource, ns, name) ?? throw ApiException.NotFound(type.GroupResource, name);
        return JsonResponses.WriteNodeAsync(context, 200, ScaleView.Of(scale, live.ToJsonObject()), cancellationToken);
    }

    public async Task UpdateAsync(HttpContext context, ResourceType type, ScaleSubresource scale, string ns, string name, CancellationToken cancellationToken)
    {
        var method = context.Request.Method;
        var mediaType = RequestBody.MediaType(context.Request);
        var bytes = await RequestBody.ReadBytesAsync(context.Request, cancellationToken);
        var options = WriteHandlers.Options(context);
        var recorder = ManagedFields.Recorder(type, options.FieldManager, _api.Time.GetUtcNow());
        try
        {
            var result = Retry.OnConflict(() =>
            {
                var live = _api.Store.Get(type.GroupResource, ns, name) ?? throw ApiException.NotFound(type.GroupResource, name);
                var liveBody = live.ToJsonObject();
                var current = ScaleView.Of(scale, liveBody);
                var desired = method == "PUT" || mediaType == PatchEngine.ApplyPatchType
                    ? RequestBody.DecodeObject(bytes, mediaType)
                    : PatchEngine.ApplyPatch(current, context.Request.ContentType ?? "", Encoding.UTF8.GetString(bytes), ListMapSchema.Empty, isCustomResource: false);
                var replicas = ScaleView.DesiredReplicas(desired, name);
                var precondition = ObjectWriter.Str(desired["metadata"]?["resourceVersion"]);
                if (precondition.Length > 0 && precondition != ObjectWriter.Str(current["metadata"]?["resourceVersion"]))
                    throw ApiException.Conflict(type.GroupResource, name);
                var candidate = ScaleView.WithReplicas(scale, ObjectWriter.Present(type, liveBody), replicas);
                if (candidate["metadata"] is System.Text.Json.Nodes.JsonObject metadata) metadata.Remove("resourceVersion");
                return _api.Writer.Update(type, live, candidate, statusOnly: false, options with { Validation = FieldValidationMode.Ignore }, recorder);
            });
            await JsonResponses.WriteNodeAsync(context, 200, ScaleView.Of(scale, result.Object), cancellationToken);
        }
        catch (PatchException e)
        {
            throw e.IsMalformed ? ApiException.BadRequest(e.Message) : new ApiException(422, "Invalid", e.Message, name, "autoscaling", ScaleView.Kind);
        }
        catch (UnsupportedPatchTypeException e)
        {
            throw new ApiException(415, "UnsupportedMediaType", e.Message);
        }
    }
}

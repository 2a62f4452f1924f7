using System.Text;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Patching;
using Hawser.Sandbox.Writes;
using Microsoft.AspNetCore.Http;

namespace Hawser.Sandbox.Http;

/// <summary>
/// PATCH of one object (or its <c>/status</c>). Server-side apply (<c>application/apply-patch+yaml</c>) creates a missing
/// object (201) and answers field conflicts with 409 and one cause per field unless <c>force=true</c>; merge, JSON and
/// strategic merge patches are applied to the live object. The patch engine computes the object; the usual write path
/// (validation, preconditions, generation, storage, watch event) stores it.
/// </summary>
internal sealed class PatchHandler
{
    private readonly ApiServices _api;

    public PatchHandler(ApiServices api) => _api = api;

    public async Task PatchAsync(HttpContext context, ResourceType type, string ns, string name, bool status, CancellationToken cancellationToken)
    {
        var mediaType = RequestBody.MediaType(context.Request);
        var bytes = await RequestBody.ReadBytesAsync(context.Request, cancellationToken);
        var options = WriteHandlers.Options(context);
        var now = _api.Time.GetUtcNow();
        try
        {
            var result = Retry.OnConflict(() => mediaType == PatchEngine.ApplyPatchType
                ? Apply(context, type, ns, name, status, bytes, options, now)
                : Patch(context, type, ns, name, status, bytes, options, now));
            await WriteHandlers.RespondAsync(context, result, cancellationToken);
        }
        catch (PatchException e)
        {
            throw e.IsMalformed ? ApiException.BadRequest(e.Message) : new ApiException(422, "Invalid", e.Message, name, type.Group, type.Kind);
        }
        catch (UnsupportedPatchTypeException e)
        {
            throw new ApiException(415, "UnsupportedMediaType", e.Message);
        }
    }

    private WriteResult Patch(HttpContext context, ResourceType type, string ns, string name, bool status, byte[] bytes, WriteRequest options, DateTimeOffset now)
    {
        var live = _api.Store.Get(type.GroupResource, ns, name) ?? throw ApiException.NotFound(type.GroupResource, name);
        var liveBody = ObjectWriter.Present(type, live.ToJsonObject());
        var patched = PatchEngine.ApplyPatch(liveBody, context.Request.ContentType ?? "", Encoding.UTF8.GetString(bytes), ManagedFields.SchemaFor(type), type.IsCustom);
        return _api.Writer.Update(type, live, patched, status, options, ManagedFields.Recorder(type, options.FieldManager, now));
    }

    private WriteResult Apply(HttpContext context, ResourceType type, string ns, string name, bool status, byte[] bytes, WriteRequest options, DateTimeOffset now)
    {
        if (context.Request.Query["fieldManager"].ToString().Length == 0)
            throw ApiException.BadRequest("PATCH, application/apply-patch+yaml requires fieldManager to be set");
        var force = context.Request.Query["force"] == "true";
        var applied = RequestBody.DecodeObject(bytes, PatchEngine.ApplyPatchType);
        var metadata = applied["metadata"] as JsonObject ?? new JsonObject();
        applied["metadata"] = metadata;
        var appliedName = ObjectWriter.Str(metadata["name"]);
        if (appliedName.Length > 0 && appliedName != name)
            throw ApiException.BadRequest($"the name of the object ({appliedName}) does not match the name on the URL ({name})");
        metadata["name"] = name;
        if (type.Namespaced)
        {
            var appliedNs = ObjectWriter.Str(metadata["namespace"]);
            if (appliedNs.Length > 0 && appliedNs != ns)
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var request = new ApplyRequest(options.FieldManager, force, type.ApiVersion, now);
        var schema = ManagedFields.SchemaFor(type);
        var live = _api.Store.Get(type.GroupResource, ns, name);
        if (live is null)
        {
            if (status) throw ApiException.NotFound(type.GroupResource, name);
            if (type.Namespaced) _api.Writer.RequireLiveNamespace(ns);
            FieldValidation.Check(type, applied, options.Validation);
            var created = PatchEngine.ServerSideApply(null, applied, request, schema);
            return _api.Writer.Create(type, type.Namespaced ? ns : null, created.Object, options with { Validation = FieldValidationMode.Ignore });
        }
        var warnings = FieldValidation.Check(type, applied, options.Validation);
        var outcome = PatchEngine.ServerSideApply(ObjectWriter.Present(type, live.ToJsonObject()), applied, request, schema);
        if (outcome.HasConflicts) throw Conflict(type, name, outcome.Conflicts);
        var result = _api.Writer.Update(type, live, outcome.Object, status, options with { Validation = FieldValidationMode.Ignore });
        return result with { Warnings = warnings };
    }

    /// <summary>The 409 the API server sends for apply conflicts (kubectl prints its message and suggests --force-conflicts).</summary>
    private static ApiException Conflict(ResourceType type, string name, IReadOnlyList<FieldConflict> conflicts)
    {
        string detail;
        if (conflicts.Count == 1)
        {
            detail = $"{conflicts[0].Message}: {conflicts[0].Field}";
        }
        else
        {
            var lines = new List<string>();
            foreach (var group in conflicts.GroupBy(c => (c.Manager, c.ApiVersion)).OrderBy(g => g.Key.Manager, StringComparer.Ordinal))
            {
                lines.Add($"conflicts with \"{group.Key.Manager}\" using {group.Key.ApiVersion}:");
                lines.AddRange(group.Select(c => $"- {c.Field}"));
            }
            detail = string.Join("\n", lines);
        }
        var message = $"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? "" : "s")}: {detail}";
        var causes = conflicts.Select(c => new StatusCause("FieldManagerConflict", c.Message, c.Field)).ToList();
        return new ApiException(409, "Conflict", message, name, type.Group, type.Resource, causes);
    }
}

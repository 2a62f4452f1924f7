using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Storage;
using Hawser.Sandbox.Writes;
using Microsoft.AspNetCore.Http;

namespace Hawser.Sandbox.Http;

/// <summary>POST (create), PUT (replace, also on <c>/status</c>), DELETE of one object and DELETE of a collection.</summary>
internal sealed class WriteHandlers
{
    private readonly ApiServices _api;

    public WriteHandlers(ApiServices api) => _api = api;

    public async Task CreateAsync(HttpContext context, ResourceType type, string? ns, CancellationToken cancellationToken)
    {
        var body = RequestBody.DecodeObject(await RequestBody.ReadBytesAsync(context.Request, cancellationToken), RequestBody.MediaType(context.Request));
        var options = Options(context);
        var record = ManagedFields.Recorder(type, options.FieldManager, _api.Time.GetUtcNow());
        var result = _api.Writer.Create(type, ns, body, options, b => record(null, b));
        await RespondAsync(context, result, cancellationToken);
    }

    public async Task ReplaceAsync(HttpContext context, ResourceType type, string ns, string name, bool status, CancellationToken cancellationToken)
    {
        var body = RequestBody.DecodeObject(await RequestBody.ReadBytesAsync(context.Request, cancellationToken), RequestBody.MediaType(context.Request));
        var options = Options(context);
        var recorder = ManagedFields.Recorder(type, options.FieldManager, _api.Time.GetUtcNow());
        var result = Retry.OnConflict(() =>
        {
            var live = _api.Store.Get(type.GroupResource, ns, name) ?? throw ApiException.NotFound(type.GroupResource, name);
            return _api.Writer.Update(type, live, body.DeepClone().AsObject(), status, options, recorder);
        });
        await RespondAsync(context, result, cancellationToken);
    }

    public async Task DeleteAsync(HttpContext context, ResourceType type, string ns, string name, CancellationToken cancellationToken)
    {
        var request = await DeleteOptionsAsync(context, cancellationToken);
        var live = _api.Store.Get(type.GroupResource, ns, name);
        var result = _api.Deleter.Delete(type, ns, name, request);
        var stillThere = !request.DryRun && _api.Store.Get(type.GroupResource, ns, name) is not null;
        if (stillThere || request.DryRun) await JsonResponses.WriteNodeAsync(context, 200, result.Object, cancellationToken);
        else await JsonResponses.WriteNodeAsync(context, 200, JsonResponses.Success(type, name, live?.Uid ?? ""), cancellationToken);
    }

    public async Task DeleteCollectionAsync(HttpContext context, ResourceType type, string? ns, CancellationToken cancellationToken)
    {
        var request = await DeleteOptionsAsync(context, cancellationToken);
        var labels = Selectors.LabelSelector.Parse(context.Request.Query["labelSelector"]);
        var fields = Selectors.FieldSelector.Parse(context.Request.Query["fieldSelector"]);
        var (items, version) = _api.Store.List(type.GroupResource, ns);
        var deleted = new JsonArray();
        foreach (var obj in items)
        {
            if (!labels.Matches(obj.Labels) || !fields.Matches(obj)) continue;
            try
            {
                deleted.Add((JsonNode)_api.Deleter.Delete(type, obj.Namespace, obj.Name, request).Object);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Deleted concurrently: nothing left to do for this one.
            }
        }
        var list = new JsonObject
        {
            ["kind"] = type.ListKind,
            ["apiVersion"] = type.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = _api.Store.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        };
        _ = version;
        await JsonResponses.WriteNodeAsync(context, 200, list, cancellationToken);
    }

    /// <summary>dryRun, fieldManager and fieldValidation from the query.</summary>
    public static WriteRequest Options(HttpContext context)
    {
        var query = context.Request.Query;
        var dryRun = query["dryRun"].Any(v => v == "All");
        var manager = query["fieldManager"].ToString();
        if (manager.Length == 0) manager = DefaultManager(context.Request.Headers.UserAgent.ToString());
        if (manager.Length > 128) throw ApiException.BadRequest("fieldManager must not be longer than 128 characters");
        return new WriteRequest(dryRun, manager, FieldValidation.ParseMode(query["fieldValidation"]));
    }

    /// <summary>The manager name when none is given: the User-Agent's product, as the API server does.</summary>
    private static string DefaultManager(string userAgent)
    {
        var slash = userAgent.IndexOf('/', StringComparison.Ordinal);
        var name = slash > 0 ? userAgent[..slash] : userAgent;
        return name.Length == 0 ? "unknown" : name;
    }

    public static async Task RespondAsync(HttpContext context, WriteResult result, CancellationToken cancellationToken)
    {
        foreach (var warning in result.Warnings)
        {
            context.Response.Headers.Append("Warning", $"299 - \"{warning.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        }
        await JsonResponses.WriteNodeAsync(context, result.Code, result.Object, cancellationToken);
    }

    private static async Task<DeleteRequest> DeleteOptionsAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var dryRun = query["dryRun"].Any(v => v == "All");
        var policy = query["propagationPolicy"].ToString();
        if (query["orphanDependents"] == "true") policy = "Orphan";
        string? uid = null, rv = null;
        var bytes = await RequestBody.ReadBytesAsync(context.Request, cancellationToken);
        if (bytes.Length > 0)
        {
            var options = RequestBody.DecodeObject(bytes, RequestBody.MediaType(context.Request));
            if (ObjectWriter.Str(options["propagationPolicy"]) is { Length: > 0 } p) policy = p;
            if (options["orphanDependents"]?.ToString() == "true") policy = "Orphan";
            if (options["dryRun"] is JsonArray d && d.Any(v => v?.ToString() == "All")) dryRun = true;
            uid = ObjectWriter.Str(options["preconditions"]?["uid"]);
            rv = ObjectWriter.Str(options["preconditions"]?["resourceVersion"]);
        }
        var propagation = policy switch
        {
            "" or "Background" => Propagation.Background,
            "Foreground" => Propagation.Foreground,
            "Orphan" => Propagation.Orphan,
            _ => throw ApiException.BadRequest($"unsupported propagationPolicy \"{policy}\": must be Background, Foreground or Orphan"),
        };
        return new DeleteRequest(dryRun, propagation, uid, rv);
    }
}

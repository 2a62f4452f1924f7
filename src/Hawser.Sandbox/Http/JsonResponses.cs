using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Microsoft.AspNetCore.Http;

namespace Hawser.Sandbox.Http;

/// <summary>Writes JSON answers straight to the response pipe with <see cref="Utf8JsonWriter"/>; every error is a v1 Status.</summary>
internal static class JsonResponses
{
    public const string Json = "application/json";
    private static readonly JsonWriterOptions Options = new() { Indented = false, SkipValidation = true };

    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> write, CancellationToken cancellationToken, string contentType = Json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        using (var writer = new Utf8JsonWriter(context.Response.BodyWriter, Options)) write(writer);
        await context.Response.BodyWriter.FlushAsync(cancellationToken);
    }

    public static Task WriteNodeAsync(HttpContext context, int status, JsonNode node, CancellationToken cancellationToken, string contentType = Json) =>
        WriteAsync(context, status, w => node.WriteTo(w), cancellationToken, contentType);

    public static Task WriteStatusAsync(HttpContext context, ApiException error, CancellationToken cancellationToken)
    {
        if (error.RetryAfterSeconds > 0) context.Response.Headers.RetryAfter = error.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return WriteNodeAsync(context, error.Code, StatusOf(error), cancellationToken);
    }

    public static JsonObject StatusOf(ApiException error)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = error.Message,
        };
        if (error.Reason.Length > 0) status["reason"] = error.Reason;
        if (error.Name.Length > 0 || error.Kind.Length > 0 || error.Causes.Count > 0)
        {
            var details = new JsonObject();
            if (error.Name.Length > 0) details["name"] = error.Name;
            if (error.Group.Length > 0) details["group"] = error.Group;
            if (error.Kind.Length > 0) details["kind"] = error.Kind;
            if (error.Causes.Count > 0)
            {
                details["causes"] = new JsonArray(error.Causes.Select(c => (JsonNode)new JsonObject
                {
                    ["reason"] = c.Reason,
                    ["message"] = c.Message,
                    ["field"] = c.Field,
                }).ToArray());
            }
            if (error.RetryAfterSeconds > 0) details["retryAfterSeconds"] = error.RetryAfterSeconds;
            status["details"] = details;
        }
        status["code"] = error.Code;
        return status;
    }

    /// <summary>The Success Status a delete may answer with.</summary>
    public static JsonObject Success(ResourceType type, string name, string uid) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject { ["name"] = name, ["group"] = type.Group, ["kind"] = type.Resource, ["uid"] = uid },
    };
}

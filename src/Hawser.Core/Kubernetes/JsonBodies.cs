using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Kubernetes;

/// <summary>Request bodies written with <see cref="Utf8JsonWriter"/>, and response bodies parsed straight from the stream.</summary>
internal static class JsonBodies
{
    public static ReadOnlyMemory<byte> Serialize(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true }))
        {
            node.WriteTo(writer);
        }
        return buffer.WrittenMemory;
    }

    public static async Task<JsonObject> ReadObjectAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken) as JsonObject
            ?? throw new JsonException("the server answered with JSON that is not an object");
    }

    /// <summary>Wraps a server object, filling in <c>apiVersion</c> and <c>kind</c>, which list items omit.</summary>
    public static KubeObject ToObject(JsonObject body, GroupVersionKind kind)
    {
        if (body["apiVersion"] is null) body["apiVersion"] = kind.ApiVersion;
        if (body["kind"] is null) body["kind"] = kind.Kind;
        return new KubeObject(body);
    }

    /// <summary>The DeleteOptions body.</summary>
    public static ReadOnlyMemory<byte> DeleteOptions(DeleteOptions options)
    {
        var body = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "v1", ["propagationPolicy"] = options.PropagationPolicy.ToString() };
        if (options.GracePeriodSeconds is { } grace) body["gracePeriodSeconds"] = grace;
        if (options.DryRun) body["dryRun"] = new JsonArray("All");
        if (options.PreconditionUid is not null || options.PreconditionResourceVersion is not null)
        {
            var preconditions = new JsonObject();
            if (options.PreconditionUid is not null) preconditions["uid"] = options.PreconditionUid;
            if (options.PreconditionResourceVersion is not null) preconditions["resourceVersion"] = options.PreconditionResourceVersion;
            body["preconditions"] = preconditions;
        }
        return Serialize(body);
    }
}

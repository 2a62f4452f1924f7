using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Writes;

/// <summary>
/// The autoscaling/v1 <c>Scale</c> a kind's <c>/scale</c> subresource shows, and the change a Scale makes to the object:
/// <c>spec.replicas</c> from the desired-replicas path, <c>status.replicas</c> from the observed-replicas path (0 when
/// unset), <c>status.selector</c> as the label selector's string form (<c>app=web,tier in (a,b)</c>).
/// </summary>
internal static class ScaleView
{
    public const string ApiVersion = "autoscaling/v1";
    public const string Kind = "Scale";

    /// <summary>The Scale of <paramref name="obj"/>.</summary>
    public static JsonObject Of(ScaleSubresource scale, JsonObject obj)
    {
        var metadata = new JsonObject();
        foreach (var field in new[] { "name", "namespace", "uid", "resourceVersion", "creationTimestamp" })
        {
            if (obj["metadata"]?[field] is { } value) metadata[field] = value.DeepClone();
        }
        var status = new JsonObject { ["replicas"] = Replicas(Find(obj, scale.StatusReplicasPath)) };
        var selector = scale.LabelSelectorPath is null ? null : Find(obj, scale.LabelSelectorPath);
        var text = scale.SelectorIsLabelSelector ? SelectorString(selector as JsonObject) : selector is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
        if (text.Length > 0) status["selector"] = text;
        return new JsonObject
        {
            ["kind"] = Kind,
            ["apiVersion"] = ApiVersion,
            ["metadata"] = metadata,
            ["spec"] = new JsonObject { ["replicas"] = Replicas(Find(obj, scale.SpecReplicasPath)) },
            ["status"] = status,
        };
    }

    /// <summary>
    /// Checks a Scale sent by the client and returns its replicas: kind and apiVersion (when given) must be Scale and
    /// autoscaling/v1, <c>spec.replicas</c> a non-negative integer. Failures are the API server's 400 and 422 answers.
    /// </summary>
    public static long DesiredReplicas(JsonObject scaleBody, string name)
    {
        var kind = ObjectWriter.Str(scaleBody["kind"]);
        var apiVersion = ObjectWriter.Str(scaleBody["apiVersion"]);
        if ((kind.Length > 0 && kind != Kind) || (apiVersion.Length > 0 && apiVersion != ApiVersion))
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({ApiVersion})");
        var replicas = scaleBody["spec"]?["replicas"];
        long value = 0;
        if (replicas is not null && !(replicas is JsonValue v && v.TryGetValue(out value)))
            throw ApiException.BadRequest("Scale in version \"v1\" cannot be handled as a Scale: spec.replicas must be an integer");
        if (value < 0)
        {
            throw ApiException.Invalid(Kind, "autoscaling", name,
                [new StatusCause("FieldValueInvalid", $"Invalid value: {value}: must be greater than or equal to 0", "spec.replicas")]);
        }
        return value;
    }

    /// <summary>A copy of <paramref name="obj"/> with the desired replicas set.</summary>
    public static JsonObject WithReplicas(ScaleSubresource scale, JsonObject obj, long replicas)
    {
        var copy = (JsonObject)obj.DeepClone();
        var segments = Segments(scale.SpecReplicasPath);
        JsonObject node = copy;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (node[segments[i]] is not JsonObject next)
            {
                next = new JsonObject();
                node[segments[i]] = next;
            }
            node = next;
        }
        node[segments[^1]] = replicas;
        return copy;
    }

    /// <summary>The string form of a LabelSelector, requirements sorted by key as the API server prints them.</summary>
    public static string SelectorString(JsonObject? selector)
    {
        if (selector is null) return "";
        var parts = new List<(string Key, string Text)>();
        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
            parts.Add((key, $"{key}={ObjectWriter.Str(value)}"));
        foreach (var expression in (selector["matchExpressions"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var key = ObjectWriter.Str(expression["key"]);
            var values = ((expression["values"] as JsonArray) ?? []).Select(ObjectWriter.Str).Order(StringComparer.Ordinal);
            var text = ObjectWriter.Str(expression["operator"]) switch
            {
                "In" => $"{key} in ({string.Join(",", values)})",
                "NotIn" => $"{key} notin ({string.Join(",", values)})",
                "Exists" => key,
                "DoesNotExist" => $"!{key}",
                _ => "",
            };
            if (text.Length > 0) parts.Add((key, text));
        }
        return string.Join(",", parts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Text));
    }

    private static long Replicas(JsonNode? node) => node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;

    private static JsonNode? Find(JsonObject obj, string path)
    {
        JsonNode? node = obj;
        foreach (var segment in Segments(path)) node = (node as JsonObject)?[segment];
        return node;
    }

    private static string[] Segments(string path) => path.TrimStart('.').Split('.', StringSplitOptions.RemoveEmptyEntries);
}

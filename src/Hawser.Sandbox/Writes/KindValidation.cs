using System.Text;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Selectors;

namespace Hawser.Sandbox.Writes;

/// <summary>
/// The kind-specific validation a real API server does that tests are most likely to trip over, with its messages:
/// <list type="bullet">
/// <item>apps/v1 Deployments, ReplicaSets, StatefulSets and DaemonSets need <c>spec.selector</c>, and it must select the pod
/// template's labels (<c>spec.selector: Required value</c>; <c>`selector` does not match template `labels`</c>).</item>
/// <item>A ConfigMap or Secret created with <c>immutable: true</c> keeps its data and stays immutable
/// (<c>data: Forbidden: field is immutable when `immutable` is set</c>); a Secret's <c>type</c> never changes.</item>
/// </list>
/// All causes are reported at once, as one 422 Invalid.
/// </summary>
internal static class KindValidation
{
    private const string ImmutableMessage = "Forbidden: field is immutable when `immutable` is set";

    /// <summary>The causes that make <paramref name="body"/> invalid (<paramref name="live"/> is null on create).</summary>
    public static List<StatusCause> Validate(ResourceType type, JsonObject body, JsonObject? live)
    {
        var causes = new List<StatusCause>();
        if (type.IsCustom) return causes;
        switch (type.Group, type.Kind)
        {
            case ("apps", "Deployment" or "ReplicaSet" or "StatefulSet" or "DaemonSet"):
                Selector(type.Kind.ToLowerInvariant(), body, causes);
                break;
            case ("", "ConfigMap") when live is not null:
                Immutable(body, live, causes, "data", "binaryData");
                break;
            case ("", "Secret") when live is not null:
                Immutable(body, live, causes, "data");
                var type0 = ObjectWriter.Str(live["type"]);
                var type1 = ObjectWriter.Str(body["type"]);
                if (type0 != type1)
                    causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{type1}\": field is immutable", "type"));
                break;
        }
        return causes;
    }

    private static void Selector(string kind, JsonObject body, List<StatusCause> causes)
    {
        var selector = body["spec"]?["selector"] as JsonObject;
        var labels = body["spec"]?["template"]?["metadata"]?["labels"] as JsonObject;
        if (selector is null) causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.selector"));
        else if (selector["matchLabels"] is not JsonObject { Count: > 0 } && selector["matchExpressions"] is not JsonArray { Count: > 0 })
        {
            causes.Add(new StatusCause("FieldValueInvalid",
                $"Invalid value: v1.LabelSelector{{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}}: empty selector is invalid for {kind}",
                "spec.selector"));
        }
        var text = ScaleView.SelectorString(selector);
        var matches = selector is not null && LabelSelector.Parse(text).Matches(Strings(labels));
        if (!matches)
        {
            causes.Add(new StatusCause("FieldValueInvalid",
                $"Invalid value: {GoMap(labels)}: `selector` does not match template `labels`", "spec.template.metadata.labels"));
        }
    }

    private static void Immutable(JsonObject body, JsonObject live, List<StatusCause> causes, params string[] fields)
    {
        if (live["immutable"] is not JsonValue was || !was.TryGetValue<bool>(out var immutable) || !immutable) return;
        if (!(body["immutable"] is JsonValue now && now.TryGetValue<bool>(out var still) && still))
            causes.Add(new StatusCause("FieldValueForbidden", ImmutableMessage, "immutable"));
        foreach (var field in fields)
        {
            if (!JsonNode.DeepEquals(Empty(body[field]), Empty(live[field])))
                causes.Add(new StatusCause("FieldValueForbidden", ImmutableMessage, field));
        }
    }

    private static JsonNode? Empty(JsonNode? node) => node is JsonObject { Count: 0 } ? null : node;

    private static Dictionary<string, string> Strings(JsonObject? labels)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels ?? []) result[key] = ObjectWriter.Str(value);
        return result;
    }

    /// <summary>A label map as Go's <c>%#v</c> prints it: <c>map[string]string{"app":"web", "tier":"a"}</c>, keys sorted.</summary>
    private static string GoMap(JsonObject? labels)
    {
        if (labels is null) return "map[string]string(nil)";
        var builder = new StringBuilder("map[string]string{");
        var first = true;
        foreach (var (key, value) in labels.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!first) builder.Append(", ");
            first = false;
            builder.Append('"').Append(key).Append("\":\"").Append(ObjectWriter.Str(value)).Append('"');
        }
        return builder.Append('}').ToString();
    }
}

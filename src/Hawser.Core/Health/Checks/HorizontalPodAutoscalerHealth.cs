using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// autoscaling/HorizontalPodAutoscaler: walks the conditions in order (<c>status.conditions</c> for v2, the
/// <c>autoscaling.alpha.kubernetes.io/conditions</c> annotation for v1); a failing scale or metric is Degraded, a
/// successful rescale or a replica count within range is Healthy, otherwise "Waiting to Autoscale".
/// </summary>
internal static class HorizontalPodAutoscalerHealth
{
    private static readonly (string Type, string Reason)[] DegradedStates =
    [
        ("AbleToScale", "FailedGetScale"),
        ("AbleToScale", "FailedUpdateScale"),
        ("ScalingActive", "FailedGetResourceMetric"),
        ("ScalingActive", "InvalidSelector"),
    ];

    private static readonly (string Type, string Reason)[] HealthyStates =
    [
        ("AbleToScale", "SucceededRescale"),
        ("ScalingLimited", "DesiredWithinRange"),
        ("ScalingLimited", "TooFewReplicas"),
        ("ScalingLimited", "TooManyReplicas"),
    ];

    public static HealthResult Assess(KubeObject obj)
    {
        foreach (var condition in ReadConditions(obj))
        {
            if (DegradedStates.Contains((condition.Type, condition.Reason))) return HealthResult.Degraded(condition.Message);
            if (HealthyStates.Contains((condition.Type, condition.Reason))) return HealthResult.Healthy(condition.Message);
        }
        return HealthResult.Progressing("Waiting to Autoscale");
    }

    private static IReadOnlyList<Condition> ReadConditions(KubeObject obj)
    {
        var conditions = Fields.Conditions(obj.Body);
        if (conditions.Count > 0) return conditions;
        var annotation = obj.GetAnnotation("autoscaling.alpha.kubernetes.io/conditions");
        if (annotation is null) return [];
        try
        {
            return JsonNode.Parse(annotation) is JsonArray array ? array.OfType<JsonObject>().Select(Condition.From).ToList() : [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }
}

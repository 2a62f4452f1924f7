namespace Hawser.Health.Checks;

/// <summary>Shared readings of <c>status.conditions</c> for the custom resource checks.</summary>
internal static class ConditionRules
{
    /// <summary><c>Reason: message</c>, or whichever of the two is set.</summary>
    public static string Describe(Condition condition) =>
        condition.Reason.Length == 0 ? condition.Message
        : condition.Message.Length == 0 ? condition.Reason
        : $"{condition.Reason}: {condition.Message}";

    /// <summary>
    /// One decisive condition: True is Healthy, False is Degraded, Unknown (or a value other than True/False) is Progressing;
    /// a missing condition is Progressing with <paramref name="waiting"/> (the controller has not reported yet).
    /// </summary>
    public static HealthResult ByCondition(Condition? condition, string waiting)
    {
        if (condition is null) return HealthResult.Progressing(waiting);
        if (condition.IsTrue) return HealthResult.Healthy(condition.Message);
        if (condition.IsFalse) return HealthResult.Degraded(Describe(condition));
        return HealthResult.Progressing(Describe(condition));
    }

    /// <summary>Progressing when <c>status.observedGeneration</c> is behind <c>metadata.generation</c>, else null.</summary>
    public static HealthResult? NotObserved(System.Text.Json.Nodes.JsonNode body)
    {
        var observed = Fields.Int(body, "status", "observedGeneration");
        var generation = Fields.Int(body, "metadata", "generation");
        return observed is { } o && generation is { } g && o < g
            ? HealthResult.Progressing($"Waiting for the controller to observe generation {g} (observed {o})")
            : null;
    }
}

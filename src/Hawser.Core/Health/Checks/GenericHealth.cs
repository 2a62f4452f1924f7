using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// Rules for kinds without a dedicated check, in the spirit of kstatus: a controller that has not observed the latest
/// generation is Progressing; <c>Stalled=True</c> is Degraded and <c>Reconciling=True</c> Progressing; then the
/// <c>Ready</c> (else <c>Available</c>) condition: True is Healthy, False is Degraded, Unknown is Progressing.
/// An object with none of these has no health (null).
/// </summary>
internal static class GenericHealth
{
    public static HealthResult? Assess(KubeObject obj)
    {
        var body = obj.Body;
        var observed = Fields.Int(body, "status", "observedGeneration");
        var generation = Fields.Int(body, "metadata", "generation");
        if (observed is { } o && generation is { } g && o < g)
            return HealthResult.Progressing($"Waiting for the controller to observe generation {g} (observed {o})");

        var conditions = Fields.Conditions(body);
        if (conditions.FirstOrDefault(c => c.Type == "Stalled" && c.IsTrue) is { } stalled)
            return HealthResult.Degraded(Describe(stalled));
        if (conditions.FirstOrDefault(c => c.Type == "Reconciling" && c.IsTrue) is { } reconciling)
            return HealthResult.Progressing(Describe(reconciling));

        var decisive = conditions.FirstOrDefault(c => c.Type == "Ready") ?? conditions.FirstOrDefault(c => c.Type == "Available");
        if (decisive is null) return null;
        if (decisive.IsTrue) return HealthResult.Healthy(decisive.Message);
        if (decisive.IsFalse) return HealthResult.Degraded(Describe(decisive));
        return HealthResult.Progressing(Describe(decisive));
    }

    private static string Describe(Condition condition) =>
        condition.Reason.Length == 0 ? condition.Message
        : condition.Message.Length == 0 ? condition.Reason
        : $"{condition.Reason}: {condition.Message}";
}

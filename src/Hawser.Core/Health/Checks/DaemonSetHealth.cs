using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>apps/DaemonSet: generation, then updated and available pods against the desired number scheduled.</summary>
internal static class DaemonSetHealth
{
    public static HealthResult Assess(KubeObject obj)
    {
        var body = obj.Body;
        if (Fields.IntOrZero(body, "metadata", "generation") > Fields.IntOrZero(body, "status", "observedGeneration"))
            return HealthResult.Progressing("Waiting for rollout to finish: observed daemon set generation less than desired generation");

        var desired = Fields.IntOrZero(body, "status", "desiredNumberScheduled");
        var updated = Fields.IntOrZero(body, "status", "updatedNumberScheduled");
        var available = Fields.IntOrZero(body, "status", "numberAvailable");
        if (Fields.Str(body, "spec", "updateStrategy", "type") == "OnDelete")
            return HealthResult.Healthy($"daemon set {updated} out of {desired} new pods have been updated");
        if (updated < desired)
            return HealthResult.Progressing($"Waiting for daemon set \"{obj.Name}\" rollout to finish: {updated} out of {desired} new pods have been updated...");
        if (available < desired)
            return HealthResult.Progressing($"Waiting for daemon set \"{obj.Name}\" rollout to finish: {available} of {desired} updated pods are available...");
        return HealthResult.Healthy();
    }
}

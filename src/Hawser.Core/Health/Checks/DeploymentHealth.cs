using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>apps/Deployment, following gitops-engine's deployment check: paused, generation, progress deadline, replicas.</summary>
internal static class DeploymentHealth
{
    public static HealthResult Assess(KubeObject obj)
    {
        var body = obj.Body;
        if (Fields.Bool(body, "spec", "paused")) return HealthResult.Suspended("Deployment is paused");

        var generation = Fields.IntOrZero(body, "metadata", "generation");
        var observed = Fields.IntOrZero(body, "status", "observedGeneration");
        if (generation > observed)
            return HealthResult.Progressing("Waiting for rollout to finish: observed deployment generation less than desired generation");

        var progressing = Fields.FindCondition(body, "Progressing");
        if (progressing is { Reason: "ProgressDeadlineExceeded" })
            return HealthResult.Degraded($"Deployment \"{obj.Name}\" exceeded its progress deadline");

        var desired = Fields.Int(body, "spec", "replicas");
        var replicas = Fields.IntOrZero(body, "status", "replicas");
        var updated = Fields.IntOrZero(body, "status", "updatedReplicas");
        var available = Fields.IntOrZero(body, "status", "availableReplicas");
        if (desired is { } want && updated < want)
            return HealthResult.Progressing($"Waiting for rollout to finish: {updated} out of {want} new replicas have been updated...");
        if (replicas > updated)
            return HealthResult.Progressing($"Waiting for rollout to finish: {replicas - updated} old replicas are pending termination...");
        if (available < updated)
            return HealthResult.Progressing($"Waiting for rollout to finish: {available} of {updated} updated replicas are available...");
        return HealthResult.Healthy();
    }
}

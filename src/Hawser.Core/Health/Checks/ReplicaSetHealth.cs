using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>apps/ReplicaSet: generation, a true ReplicaFailure condition, then available replicas.</summary>
internal static class ReplicaSetHealth
{
    public static HealthResult Assess(KubeObject obj)
    {
        var body = obj.Body;
        if (Fields.IntOrZero(body, "metadata", "generation") > Fields.IntOrZero(body, "status", "observedGeneration"))
            return HealthResult.Progressing("Waiting for rollout to finish: observed replica set generation less than desired generation");

        if (Fields.FindCondition(body, "ReplicaFailure") is { IsTrue: true } failure)
            return HealthResult.Degraded(failure.Message);

        var available = Fields.IntOrZero(body, "status", "availableReplicas");
        if (Fields.Int(body, "spec", "replicas") is { } want && available < want)
            return HealthResult.Progressing($"Waiting for rollout to finish: {available} out of {want} new replicas are available...");
        return HealthResult.Healthy();
    }
}

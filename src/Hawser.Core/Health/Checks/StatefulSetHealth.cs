using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>apps/StatefulSet: generation, ready replicas, then the update strategy (partitioned RollingUpdate, OnDelete, revisions).</summary>
internal static class StatefulSetHealth
{
    public static HealthResult Assess(KubeObject obj)
    {
        var body = obj.Body;
        var observed = Fields.IntOrZero(body, "status", "observedGeneration");
        if (observed == 0 || Fields.IntOrZero(body, "metadata", "generation") > observed)
            return HealthResult.Progressing("Waiting for statefulset spec update to be observed...");

        var desired = Fields.Int(body, "spec", "replicas");
        var ready = Fields.IntOrZero(body, "status", "readyReplicas");
        var updated = Fields.IntOrZero(body, "status", "updatedReplicas");
        if (desired is { } want && ready < want)
            return HealthResult.Progressing($"Waiting for {want - ready} pods to be ready...");

        var strategy = Fields.Str(body, "spec", "updateStrategy", "type");
        if (strategy == "OnDelete")
            return HealthResult.Healthy($"statefulset has {ready} ready pods");

        // The API server defaults rollingUpdate.partition to 0, so a live RollingUpdate set always takes this branch.
        if (strategy == "RollingUpdate" && Fields.At(body, "spec", "updateStrategy", "rollingUpdate") is not null)
        {
            var partition = Fields.Int(body, "spec", "updateStrategy", "rollingUpdate", "partition");
            if (desired is { } replicas && partition is { } p && updated < replicas - p)
                return HealthResult.Progressing($"Waiting for partitioned roll out to finish: {updated} out of {replicas - p} new pods have been updated...");
            return HealthResult.Healthy($"partitioned roll out complete: {updated} new pods have been updated...");
        }

        var updateRevision = Fields.Str(body, "status", "updateRevision");
        var currentRevision = Fields.Str(body, "status", "currentRevision");
        if (updateRevision != currentRevision)
            return HealthResult.Progressing($"waiting for statefulset rolling update to complete {updated} pods at revision {updateRevision}...");
        var current = Fields.IntOrZero(body, "status", "currentReplicas");
        return HealthResult.Healthy($"statefulset rolling update complete {current} pods at revision {currentRevision}...");
    }
}

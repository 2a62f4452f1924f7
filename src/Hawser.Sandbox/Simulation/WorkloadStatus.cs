using System.Text.Json.Nodes;
using static Hawser.Sandbox.Simulation.ObjectFields;

namespace Hawser.Sandbox.Simulation;

/// <summary>
/// The status a controller and kubelets would give Deployments, ReplicaSets, StatefulSets and DaemonSets: every replica
/// ready and available at the observed generation (one simulated node for DaemonSets), or, when the object asks to fail,
/// none ready and (for Deployments) <c>Progressing=False/ProgressDeadlineExceeded</c>.
/// </summary>
internal static class WorkloadStatus
{
    public static bool Deployment(JsonObject obj, DateTimeOffset now)
    {
        var outcome = SimulateAnnotation.OutcomeOf(obj);
        var replicas = Int(obj["spec"]?["replicas"], 1);
        var ready = outcome == SimulatedOutcome.Succeed ? replicas : 0;
        var replicaSet = $"{Name(obj)}-{TemplateHash(obj["spec"]?["template"])}";
        var status = new JsonObject { ["observedGeneration"] = Generation(obj) };
        if (replicas > 0)
        {
            status["replicas"] = replicas;
            status["updatedReplicas"] = replicas;
        }
        if (ready > 0)
        {
            status["readyReplicas"] = ready;
            status["availableReplicas"] = ready;
        }
        if (replicas - ready > 0) status["unavailableReplicas"] = replicas - ready;
        DesiredCondition[] conditions = outcome switch
        {
            SimulatedOutcome.Fail =>
            [
                new("Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
                new("Progressing", false, "ProgressDeadlineExceeded", $"ReplicaSet \"{replicaSet}\" has timed out progressing."),
            ],
            SimulatedOutcome.Pending =>
            [
                new("Available", false, "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
                new("Progressing", true, "ReplicaSetUpdated", $"ReplicaSet \"{replicaSet}\" is progressing."),
            ],
            _ =>
            [
                new("Available", true, "MinimumReplicasAvailable", "Deployment has minimum availability."),
                new("Progressing", true, "NewReplicaSetAvailable", $"ReplicaSet \"{replicaSet}\" has successfully progressed."),
            ],
        };
        status["conditions"] = StatusConditions.Build(obj["status"]?["conditions"] as JsonArray, conditions, Time(now), "lastUpdateTime");
        return SetStatus(obj, status);
    }

    public static bool ReplicaSet(JsonObject obj, DateTimeOffset now)
    {
        var replicas = Int(obj["spec"]?["replicas"], 1);
        var ready = SimulateAnnotation.OutcomeOf(obj) == SimulatedOutcome.Succeed ? replicas : 0;
        var status = new JsonObject
        {
            ["replicas"] = replicas,
            ["fullyLabeledReplicas"] = replicas,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["observedGeneration"] = Generation(obj),
        };
        return SetStatus(obj, status);
    }

    public static bool StatefulSet(JsonObject obj, DateTimeOffset now)
    {
        var replicas = Int(obj["spec"]?["replicas"], 1);
        var ready = SimulateAnnotation.OutcomeOf(obj) == SimulatedOutcome.Succeed ? replicas : 0;
        var revision = $"{Name(obj)}-{TemplateHash(obj["spec"]?["template"])}";
        var status = new JsonObject
        {
            ["observedGeneration"] = Generation(obj),
            ["replicas"] = replicas,
            ["readyReplicas"] = ready,
            ["currentReplicas"] = replicas,
            ["updatedReplicas"] = replicas,
            ["availableReplicas"] = ready,
            ["currentRevision"] = revision,
            ["updateRevision"] = revision,
            ["collisionCount"] = 0L,
        };
        return SetStatus(obj, status);
    }

    public static bool DaemonSet(JsonObject obj, DateTimeOffset now)
    {
        var ready = SimulateAnnotation.OutcomeOf(obj) == SimulatedOutcome.Succeed ? 1L : 0L;
        var status = new JsonObject
        {
            ["currentNumberScheduled"] = 1L,
            ["numberMisscheduled"] = 0L,
            ["desiredNumberScheduled"] = 1L,
            ["numberReady"] = ready,
            ["observedGeneration"] = Generation(obj),
            ["updatedNumberScheduled"] = 1L,
            ["numberAvailable"] = ready,
        };
        if (ready == 0) status["numberUnavailable"] = 1L;
        return SetStatus(obj, status);
    }
}

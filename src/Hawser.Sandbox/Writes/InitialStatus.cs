using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Writes;

/// <summary>
/// The status a real API server stores on create for built-in kinds with a status subresource: whatever the client sent is
/// dropped and the kind's initial status is set, as the server's create strategy and its Go types write it. Types whose
/// status fields are all optional read back as <c>status: {}</c> (Deployment, Job, CronJob, ResourceQuota); counters without
/// <c>omitempty</c> read back as 0 (StatefulSet, ReplicaSet, DaemonSet, PodDisruptionBudget, HorizontalPodAutoscaler);
/// Services and Ingresses get an empty <c>loadBalancer</c>; claims and volumes start Pending; Pods start Pending with their
/// QoS class. Namespaces (phase Active) and CRDs (conditions, accepted names) are set elsewhere.
/// </summary>
internal static class InitialStatus
{
    /// <summary>Replaces <c>status</c> on a new object of <paramref name="type"/>; custom resources lose any status sent.</summary>
    public static void Set(ResourceType type, JsonObject body)
    {
        body.Remove("status");
        if (type.IsCustom) return;
        var status = For(type.Group, type.Kind, body);
        if (status is not null) body["status"] = status;
    }

    private static JsonObject? For(string group, string kind, JsonObject body) => (group, kind) switch
    {
        ("apps", "Deployment") or ("batch", "Job" or "CronJob") or ("", "ResourceQuota") => [],
        ("apps", "StatefulSet") => new JsonObject { ["replicas"] = 0, ["availableReplicas"] = 0 },
        ("apps", "ReplicaSet") => new JsonObject { ["replicas"] = 0 },
        ("apps", "DaemonSet") => new JsonObject
        {
            ["currentNumberScheduled"] = 0, ["numberMisscheduled"] = 0, ["desiredNumberScheduled"] = 0, ["numberReady"] = 0,
        },
        ("policy", "PodDisruptionBudget") => new JsonObject
        {
            ["disruptionsAllowed"] = 0, ["currentHealthy"] = 0, ["desiredHealthy"] = 0, ["expectedPods"] = 0,
        },
        ("autoscaling", "HorizontalPodAutoscaler") => new JsonObject { ["desiredReplicas"] = 0 },
        ("", "Service") or ("networking.k8s.io", "Ingress") => new JsonObject { ["loadBalancer"] = new JsonObject() },
        ("", "PersistentVolumeClaim" or "PersistentVolume") => new JsonObject { ["phase"] = "Pending" },
        ("", "Pod") => new JsonObject { ["phase"] = "Pending", ["qosClass"] = QosClass(body["spec"] as JsonObject) },
        _ => null,
    };

    /// <summary>
    /// The Pod's QoS class as the API server computes it: BestEffort without any request or limit; Guaranteed when every
    /// container limits cpu and memory and requests (defaulting to the limits) equal them; Burstable otherwise.
    /// </summary>
    public static string QosClass(JsonObject? spec)
    {
        var containers = new List<JsonObject>();
        foreach (var list in new[] { "containers", "initContainers" })
            containers.AddRange((spec?[list] as JsonArray)?.OfType<JsonObject>() ?? []);
        var any = false;
        var guaranteed = containers.Count > 0;
        foreach (var container in containers)
        {
            var requests = container["resources"]?["requests"] as JsonObject;
            var limits = container["resources"]?["limits"] as JsonObject;
            any |= requests is { Count: > 0 } || limits is { Count: > 0 };
            foreach (var resource in new[] { "cpu", "memory" })
            {
                var limit = limits?[resource]?.ToString();
                var request = requests?[resource]?.ToString() ?? limit;
                if (limit is null || request != limit) guaranteed = false;
            }
        }
        return !any ? "BestEffort" : guaranteed ? "Guaranteed" : "Burstable";
    }
}

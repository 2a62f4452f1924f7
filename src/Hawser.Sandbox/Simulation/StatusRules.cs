using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Simulation;

/// <summary>Brings an object's simulated fields up to date on a private copy; returns true when it changed.</summary>
internal delegate bool StatusRule(JsonObject obj, DateTimeOffset now);

/// <summary>Which resources are simulated, by which rule, and whether they wait for the configured delay.</summary>
internal static class StatusRules
{
    private static readonly Dictionary<GroupResource, (StatusRule Rule, bool Delayed)> Rules = new()
    {
        [new("apps", "deployments")] = (WorkloadStatus.Deployment, true),
        [new("apps", "replicasets")] = (WorkloadStatus.ReplicaSet, true),
        [new("apps", "statefulsets")] = (WorkloadStatus.StatefulSet, true),
        [new("apps", "daemonsets")] = (WorkloadStatus.DaemonSet, true),
        [new("batch", "jobs")] = (JobStatus.Job, true),
        [new("", "persistentvolumeclaims")] = (ClaimStatus.PersistentVolumeClaim, true),
        [new("", "pods")] = (PodStatus.Pod, true),
        [new("networking.k8s.io", "ingresses")] = (IngressStatus.Ingress, true),
        [new("", "services")] = (ServiceAddresses.Service, false),
        [new("apiextensions.k8s.io", "customresourcedefinitions")] = (CrdStatus.CustomResourceDefinition, false),
    };

    public static bool TryFind(GroupResource resource, out StatusRule rule, out bool delayed)
    {
        if (Rules.TryGetValue(resource, out var entry))
        {
            (rule, delayed) = entry;
            return true;
        }
        rule = static (_, _) => false;
        delayed = false;
        return false;
    }
}

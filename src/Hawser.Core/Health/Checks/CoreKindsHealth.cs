using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>The small built-in checks: PersistentVolumeClaim, Service, Ingress, Namespace.</summary>
internal static class CoreKindsHealth
{
    /// <summary>v1/PersistentVolumeClaim: Bound is Healthy, Pending is Progressing, Lost is Degraded.</summary>
    public static HealthResult PersistentVolumeClaim(KubeObject obj) => Fields.Str(obj.Body, "status", "phase") switch
    {
        "Bound" => HealthResult.Healthy(),
        "Pending" => HealthResult.Progressing(),
        "Lost" => HealthResult.Degraded(),
        _ => HealthResult.Unknown(),
    };

    /// <summary>v1/Service: a LoadBalancer is Progressing until it has an ingress address; other types are Healthy.</summary>
    public static HealthResult Service(KubeObject obj)
    {
        if (Fields.Str(obj.Body, "spec", "type") != "LoadBalancer") return HealthResult.Healthy();
        return HasLoadBalancerIngress(obj) ? HealthResult.Healthy() : HealthResult.Progressing();
    }

    /// <summary>networking.k8s.io and extensions Ingress: Healthy once the load balancer reports an ingress address.</summary>
    public static HealthResult Ingress(KubeObject obj) =>
        HasLoadBalancerIngress(obj) ? HealthResult.Healthy() : HealthResult.Progressing();

    /// <summary>v1/Namespace: Terminating is Progressing, anything else Healthy.</summary>
    public static HealthResult Namespace(KubeObject obj) =>
        Fields.Str(obj.Body, "status", "phase") == "Terminating"
            ? HealthResult.Progressing("Namespace is terminating")
            : HealthResult.Healthy();

    private static bool HasLoadBalancerIngress(KubeObject obj) =>
        Fields.At(obj.Body, "status", "loadBalancer", "ingress") is JsonArray { Count: > 0 };
}

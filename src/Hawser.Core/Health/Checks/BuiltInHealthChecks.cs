using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>The built-in checks, one per group and kind.</summary>
internal static class BuiltInHealthChecks
{
    private static readonly Dictionary<GroupKind, Func<KubeObject, HealthResult>> Checks = new()
    {
        [new("apps", "Deployment")] = DeploymentHealth.Assess,
        [new("extensions", "Deployment")] = DeploymentHealth.Assess,
        [new("apps", "StatefulSet")] = StatefulSetHealth.Assess,
        [new("apps", "DaemonSet")] = DaemonSetHealth.Assess,
        [new("extensions", "DaemonSet")] = DaemonSetHealth.Assess,
        [new("apps", "ReplicaSet")] = ReplicaSetHealth.Assess,
        [new("extensions", "ReplicaSet")] = ReplicaSetHealth.Assess,
        [new("", "Pod")] = PodHealth.Assess,
        [new("", "PersistentVolumeClaim")] = CoreKindsHealth.PersistentVolumeClaim,
        [new("", "Service")] = CoreKindsHealth.Service,
        [new("", "Namespace")] = CoreKindsHealth.Namespace,
        [new("networking.k8s.io", "Ingress")] = CoreKindsHealth.Ingress,
        [new("extensions", "Ingress")] = CoreKindsHealth.Ingress,
        [new("batch", "Job")] = JobHealth.Assess,
        [new("batch", "CronJob")] = CronJobHealth.Assess,
        [new("autoscaling", "HorizontalPodAutoscaler")] = HorizontalPodAutoscalerHealth.Assess,
        [new("apiregistration.k8s.io", "APIService")] = ApiServiceHealth.Assess,
        [new("apiextensions.k8s.io", "CustomResourceDefinition")] = CustomResourceDefinitionHealth.Assess,
    };

    /// <summary>The built-in check for a kind, or null when it has none.</summary>
    public static Func<KubeObject, HealthResult>? Find(GroupKind groupKind) =>
        Checks.GetValueOrDefault(groupKind);

    /// <summary>The kinds with a built-in check, sorted, for documentation and tests.</summary>
    public static IReadOnlyList<GroupKind> Kinds =>
        Checks.Keys.OrderBy(k => k.Group, StringComparer.Ordinal).ThenBy(k => k.Kind, StringComparer.Ordinal).ToList();
}

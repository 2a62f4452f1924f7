namespace Hawser.Sync;

/// <summary>
/// Helm's install order (<c>pkg/releaseutil/kind_sorter.go</c>), which Argo CD's gitops-engine also uses within a wave:
/// what others depend on (namespaces, quotas, accounts, configuration, storage, CRDs, RBAC) comes before what uses it
/// (services, workloads, ingress). Kinds not listed come last, ordered by name with the rest of the tie-breakers.
/// </summary>
internal static class KindOrder
{
    private static readonly string[] Install =
    [
        "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount",
        "Secret", "SecretList", "ConfigMap", "StorageClass", "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition",
        "ClusterRole", "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding",
        "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment",
        "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob", "IngressClass", "Ingress", "APIService",
    ];

    private static readonly Dictionary<string, int> Rank =
        Install.Select((kind, i) => (kind, i)).ToDictionary(p => p.kind, p => p.i, StringComparer.Ordinal);

    /// <summary>The position of <paramref name="kind"/> in the install order; unknown kinds share the last position.</summary>
    public static int Of(string kind) => Rank.TryGetValue(kind, out var r) ? r : Install.Length;
}

namespace Hawser.Sandbox.Api;

/// <summary>
/// The built-in kinds the sandbox serves, in one table: group/version, plural and singular names, kind, scope,
/// short names, categories, status, scale and token subresources, the create-only reviews, and the top-level fields <c>fieldValidation=Strict</c> accepts.
/// The order here is the order discovery lists groups in (core first, as a real API server does).
/// </summary>
internal static class BuiltInResources
{
    private const bool Namespaced = true;
    private const bool Cluster = false;
    private static readonly string[] All = ["all"];
    private static readonly string[] SpecStatus = ["spec", "status"];

    public static IReadOnlyList<ResourceType> Types { get; } = Build();

    private static List<ResourceType> Build() =>
    [
        Make("", "v1", "namespaces", "Namespace", Cluster, ["ns"], status: true, fields: SpecStatus),
        Make("", "v1", "configmaps", "ConfigMap", Namespaced, ["cm"], fields: ["data", "binaryData", "immutable"]),
        Make("", "v1", "secrets", "Secret", Namespaced, [], fields: ["data", "stringData", "type", "immutable"]),
        Make("", "v1", "serviceaccounts", "ServiceAccount", Namespaced, ["sa"], fields: ["secrets", "imagePullSecrets", "automountServiceAccountToken"]) with { HasTokenRequest = true },
        Make("", "v1", "services", "Service", Namespaced, ["svc"], All, status: true, fields: SpecStatus),
        Make("", "v1", "endpoints", "Endpoints", Namespaced, ["ep"], fields: ["subsets"]),
        Make("", "v1", "pods", "Pod", Namespaced, ["po"], All, status: true, generation: true, fields: SpecStatus),
        Make("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", Namespaced, ["pvc"], status: true, fields: SpecStatus),
        Make("", "v1", "persistentvolumes", "PersistentVolume", Cluster, ["pv"], status: true, fields: SpecStatus),
        Make("", "v1", "events", "Event", Namespaced, ["ev"], fields:
            ["involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type", "eventTime",
             "series", "action", "related", "reportingComponent", "reportingInstance"]),
        Make("", "v1", "resourcequotas", "ResourceQuota", Namespaced, ["quota"], status: true, fields: SpecStatus),
        Make("", "v1", "limitranges", "LimitRange", Namespaced, ["limits"], fields: ["spec"]),
        Make("apps", "v1", "deployments", "Deployment", Namespaced, ["deploy"], All, status: true, generation: true, fields: SpecStatus, scale: true),
        Make("apps", "v1", "statefulsets", "StatefulSet", Namespaced, ["sts"], All, status: true, generation: true, fields: SpecStatus, scale: true),
        Make("apps", "v1", "daemonsets", "DaemonSet", Namespaced, ["ds"], All, status: true, generation: true, fields: SpecStatus),
        Make("apps", "v1", "replicasets", "ReplicaSet", Namespaced, ["rs"], All, status: true, generation: true, fields: SpecStatus, scale: true),
        Make("batch", "v1", "jobs", "Job", Namespaced, [], All, status: true, generation: true, fields: SpecStatus),
        Make("batch", "v1", "cronjobs", "CronJob", Namespaced, ["cj"], All, status: true, generation: true, fields: SpecStatus),
        Make("networking.k8s.io", "v1", "ingresses", "Ingress", Namespaced, ["ing"], status: true, generation: true, fields: SpecStatus),
        Make("networking.k8s.io", "v1", "ingressclasses", "IngressClass", Cluster, [], fields: ["spec"]),
        Make("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", Namespaced, ["netpol"], generation: true, fields: SpecStatus),
        Make("rbac.authorization.k8s.io", "v1", "roles", "Role", Namespaced, [], fields: ["rules"]),
        Make("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", Namespaced, [], fields: ["subjects", "roleRef"]),
        Make("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", Cluster, [], fields: ["rules", "aggregationRule"]),
        Make("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", Cluster, [], fields: ["subjects", "roleRef"]),
        Review("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview"),
        Review("authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview"),
        Review("authorization.k8s.io", "selfsubjectrulesreviews", "SelfSubjectRulesReview"),
        Make("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", Namespaced, ["pdb"], status: true, generation: true, fields: SpecStatus),
        Make("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", Namespaced, ["hpa"], All, status: true, generation: true, fields: SpecStatus),
        Make("storage.k8s.io", "v1", "storageclasses", "StorageClass", Cluster, ["sc"], fields:
            ["provisioner", "parameters", "reclaimPolicy", "mountOptions", "allowVolumeExpansion", "volumeBindingMode", "allowedTopologies"]),
        Make("coordination.k8s.io", "v1", "leases", "Lease", Namespaced, [], fields: ["spec"]),
        Make("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", Cluster, ["pc"], fields: ["value", "globalDefault", "description", "preemptionPolicy"]),
        Make("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "ValidatingWebhookConfiguration", Cluster, [], generation: true, fields: ["webhooks"]),
        Make("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "MutatingWebhookConfiguration", Cluster, [], generation: true, fields: ["webhooks"]),
        Make("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", Cluster, ["crd", "crds"], status: true, generation: true, fields: SpecStatus),
    ];

    // A create-only v1 kind answered from the request and the caller (Http.ReviewHandlers), never stored.
    private static ResourceType Review(string group, string resource, string kind) =>
        Make(group, "v1", resource, kind, Cluster, [], fields: SpecStatus) with { IsReview = true, Verbs = ["create"] };

    private static ResourceType Make(
        string group, string version, string resource, string kind, bool namespaced, string[] shortNames,
        string[]? categories = null, bool status = false, bool generation = false, string[]? fields = null, bool scale = false) => new()
    {
        Group = group,
        Version = version,
        StorageVersion = version,
        Resource = resource,
        Singular = kind.ToLowerInvariant(),
        Kind = kind,
        Namespaced = namespaced,
        ShortNames = shortNames,
        Categories = categories ?? [],
        HasStatus = status,
        HasGeneration = generation,
        Scale = scale ? ScaleSubresource.Workload : null,
        TopLevelFields = new HashSet<string>(fields ?? [], StringComparer.Ordinal),
    };
}

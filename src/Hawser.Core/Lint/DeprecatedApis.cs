namespace Hawser.Lint;

/// <summary>An API version Kubernetes stopped serving for a kind, and what replaces it.</summary>
/// <param name="ApiVersion">The removed group/version.</param>
/// <param name="Kind">The kind.</param>
/// <param name="DeprecatedIn">The release from which it is deprecated (its replacement is served from then on).</param>
/// <param name="RemovedIn">The first release that no longer serves it.</param>
/// <param name="Replacement">The API version to use instead.</param>
internal sealed record DeprecatedApi(string ApiVersion, string Kind, KubeVersion DeprecatedIn, KubeVersion RemovedIn, string Replacement);

/// <summary>
/// The removals of Kubernetes' Deprecated API Migration Guide (kubernetes.io/docs/reference/using-api/deprecation-guide),
/// release by release. <see cref="DeprecatedApi.DeprecatedIn"/> is the release the guide gives the replacement as available
/// since, from which the old version is deprecated.
/// </summary>
internal static class DeprecatedApis
{
    public static IReadOnlyList<DeprecatedApi> All { get; } = Build();

    /// <summary>The entry for an object's apiVersion and kind, or null when Kubernetes never removed it.</summary>
    public static DeprecatedApi? Find(string apiVersion, string kind) => All.FirstOrDefault(a => a.ApiVersion == apiVersion && a.Kind == kind);

    private static List<DeprecatedApi> Build()
    {
        var list = new List<DeprecatedApi>();
        void Add(string apiVersion, string kinds, string deprecated, string removed, string replacement)
        {
            foreach (var kind in kinds.Split(' ')) list.Add(new DeprecatedApi(apiVersion, kind, KubeVersion.Parse(deprecated), KubeVersion.Parse(removed), replacement));
        }

        // v1.16
        Add("extensions/v1beta1", "NetworkPolicy", "1.8", "1.16", "networking.k8s.io/v1");
        Add("extensions/v1beta1", "PodSecurityPolicy", "1.10", "1.16", "policy/v1beta1");
        Add("extensions/v1beta1", "DaemonSet Deployment ReplicaSet", "1.9", "1.16", "apps/v1");
        Add("apps/v1beta1", "Deployment StatefulSet ReplicaSet DaemonSet", "1.9", "1.16", "apps/v1");
        Add("apps/v1beta2", "Deployment StatefulSet ReplicaSet DaemonSet", "1.9", "1.16", "apps/v1");
        // v1.22
        Add("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration ValidatingWebhookConfiguration", "1.16", "1.22", "admissionregistration.k8s.io/v1");
        Add("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "1.16", "1.22", "apiextensions.k8s.io/v1");
        Add("apiregistration.k8s.io/v1beta1", "APIService", "1.10", "1.22", "apiregistration.k8s.io/v1");
        Add("authentication.k8s.io/v1beta1", "TokenReview", "1.6", "1.22", "authentication.k8s.io/v1");
        Add("authorization.k8s.io/v1beta1", "SubjectAccessReview LocalSubjectAccessReview SelfSubjectAccessReview", "1.6", "1.22", "authorization.k8s.io/v1");
        Add("certificates.k8s.io/v1beta1", "CertificateSigningRequest", "1.19", "1.22", "certificates.k8s.io/v1");
        Add("coordination.k8s.io/v1beta1", "Lease", "1.14", "1.22", "coordination.k8s.io/v1");
        Add("extensions/v1beta1", "Ingress", "1.19", "1.22", "networking.k8s.io/v1");
        Add("networking.k8s.io/v1beta1", "Ingress IngressClass", "1.19", "1.22", "networking.k8s.io/v1");
        Add("rbac.authorization.k8s.io/v1beta1", "ClusterRole ClusterRoleBinding Role RoleBinding", "1.8", "1.22", "rbac.authorization.k8s.io/v1");
        Add("scheduling.k8s.io/v1beta1", "PriorityClass", "1.14", "1.22", "scheduling.k8s.io/v1");
        Add("storage.k8s.io/v1beta1", "CSIDriver CSINode StorageClass VolumeAttachment", "1.19", "1.22", "storage.k8s.io/v1");
        // v1.25
        Add("batch/v1beta1", "CronJob", "1.21", "1.25", "batch/v1");
        Add("discovery.k8s.io/v1beta1", "EndpointSlice", "1.21", "1.25", "discovery.k8s.io/v1");
        Add("events.k8s.io/v1beta1", "Event", "1.19", "1.25", "events.k8s.io/v1");
        Add("autoscaling/v2beta1", "HorizontalPodAutoscaler", "1.23", "1.25", "autoscaling/v2");
        Add("policy/v1beta1", "PodDisruptionBudget", "1.21", "1.25", "policy/v1");
        Add("policy/v1beta1", "PodSecurityPolicy", "1.21", "1.25", "Pod Security Admission (no replacement kind)");
        Add("node.k8s.io/v1beta1", "RuntimeClass", "1.20", "1.25", "node.k8s.io/v1");
        // v1.26
        Add("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema PriorityLevelConfiguration", "1.23", "1.26", "flowcontrol.apiserver.k8s.io/v1");
        Add("autoscaling/v2beta2", "HorizontalPodAutoscaler", "1.23", "1.26", "autoscaling/v2");
        // v1.27
        Add("storage.k8s.io/v1beta1", "CSIStorageCapacity", "1.24", "1.27", "storage.k8s.io/v1");
        // v1.29
        Add("flowcontrol.apiserver.k8s.io/v1beta2", "FlowSchema PriorityLevelConfiguration", "1.26", "1.29", "flowcontrol.apiserver.k8s.io/v1");
        // v1.32
        Add("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema PriorityLevelConfiguration", "1.29", "1.32", "flowcontrol.apiserver.k8s.io/v1");
        return list;
    }
}

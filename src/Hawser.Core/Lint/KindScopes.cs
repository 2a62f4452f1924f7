using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Lint;

/// <summary>
/// Which kinds are cluster-scoped, without a cluster: Kubernetes' built-in cluster-scoped kinds, plus every
/// CustomResourceDefinition rendered by any app of the repo (its <c>spec.scope</c>). Any other kind is taken as namespaced,
/// as a sync would before the CRD's discovery is known.
/// </summary>
internal sealed class KindScopes
{
    private static readonly HashSet<GroupKind> BuiltIn =
    [
        new("", "Namespace"), new("", "Node"), new("", "PersistentVolume"), new("", "ComponentStatus"),
        new("rbac.authorization.k8s.io", "ClusterRole"), new("rbac.authorization.k8s.io", "ClusterRoleBinding"),
        new("apiextensions.k8s.io", "CustomResourceDefinition"), new("apiregistration.k8s.io", "APIService"),
        new("storage.k8s.io", "StorageClass"), new("storage.k8s.io", "CSIDriver"), new("storage.k8s.io", "CSINode"), new("storage.k8s.io", "VolumeAttachment"),
        new("scheduling.k8s.io", "PriorityClass"), new("node.k8s.io", "RuntimeClass"), new("networking.k8s.io", "IngressClass"),
        new("admissionregistration.k8s.io", "MutatingWebhookConfiguration"), new("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"),
        new("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"), new("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"),
        new("certificates.k8s.io", "CertificateSigningRequest"), new("policy", "PodSecurityPolicy"), new("extensions", "PodSecurityPolicy"),
        new("flowcontrol.apiserver.k8s.io", "FlowSchema"), new("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"),
        new("authentication.k8s.io", "TokenReview"), new("authorization.k8s.io", "SubjectAccessReview"), new("authorization.k8s.io", "SelfSubjectAccessReview"),
        new("authorization.k8s.io", "SelfSubjectRulesReview"),
    ];

    private readonly Dictionary<GroupKind, bool> _crds = [];

    /// <summary>Learns the scopes of the CustomResourceDefinitions among <paramref name="objects"/>.</summary>
    public void Learn(IEnumerable<KubeObject> objects)
    {
        foreach (var crd in objects.Where(o => o.Group == "apiextensions.k8s.io" && o.Kind == "CustomResourceDefinition"))
        {
            if (crd.Body["spec"] is not JsonObject spec) continue;
            var group = Text(spec["group"]);
            var kind = Text(spec["names"]?["kind"]);
            if (group is null || kind is null) continue;
            _crds[new GroupKind(group, kind)] = Text(spec["scope"]) == "Cluster";
        }
    }

    /// <summary>True when objects of the kind have no namespace.</summary>
    public bool IsClusterScoped(string group, string kind) =>
        _crds.TryGetValue(new GroupKind(group, kind), out var cluster) ? cluster : BuiltIn.Contains(new GroupKind(group, kind));

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

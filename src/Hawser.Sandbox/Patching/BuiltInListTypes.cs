using System.Collections.Concurrent;
using Hawser.Manifests;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// The one table of keyed and set lists of the built-in kinds, from the Kubernetes API's
/// <c>x-kubernetes-list-type</c>/<c>x-kubernetes-list-map-keys</c> markers (server-side apply) and
/// <c>patchStrategy=merge</c>/<c>patchMergeKey</c> tags (strategic merge patch, which merges by the first key).
/// Lists not named here (args, command, tolerations, envFrom, rules, subjects, volumeClaimTemplates...) are atomic.
/// </summary>
internal static class BuiltInListTypes
{
    private static readonly ConcurrentDictionary<GroupKind, ListMapSchema> Cache = new();

    /// <summary>Where each workload kind keeps its pod spec.</summary>
    private static readonly Dictionary<GroupKind, string> PodSpecPaths = new()
    {
        [new("", "Pod")] = "spec",
        [new("", "PodTemplate")] = "template.spec",
        [new("", "ReplicationController")] = "spec.template.spec",
        [new("apps", "Deployment")] = "spec.template.spec",
        [new("apps", "ReplicaSet")] = "spec.template.spec",
        [new("apps", "StatefulSet")] = "spec.template.spec",
        [new("apps", "DaemonSet")] = "spec.template.spec",
        [new("batch", "Job")] = "spec.template.spec",
        [new("batch", "CronJob")] = "spec.jobTemplate.spec.template.spec",
    };

    /// <summary>Keyed lists inside a pod spec, relative to it.</summary>
    private static readonly (string Path, ListType Type)[] PodSpecLists =
    [
        ("volumes", ListType.Map("name")),
        ("imagePullSecrets", ListType.Map("name")),
        ("hostAliases", ListType.Map("ip")),
        ("topologySpreadConstraints", ListType.Map("topologyKey", "whenUnsatisfiable")),
        ("resourceClaims", ListType.Map("name")),
        ("schedulingGates", ListType.Map("name")),
    ];

    /// <summary>Keyed lists inside a container, relative to it; the same for containers, initContainers and ephemeralContainers.</summary>
    private static readonly (string Path, ListType Type)[] ContainerLists =
    [
        ("ports", ListType.Map("containerPort", "protocol")),
        ("env", ListType.Map("name")),
        ("volumeMounts", ListType.Map("mountPath")),
        ("volumeDevices", ListType.Map("devicePath")),
        ("resizePolicy", ListType.Map("resourceName")),
    ];

    private static readonly string[] ContainerFields = ["containers", "initContainers", "ephemeralContainers"];

    /// <summary>Keyed lists of other kinds, from the object's root.</summary>
    private static readonly Dictionary<GroupKind, (string Path, ListType Type)[]> KindLists = new()
    {
        [new("", "Service")] = [("spec.ports", ListType.Map("port", "protocol"))],
        [new("", "Node")] = [("spec.taints", ListType.Map("key", "effect")), ("status.addresses", ListType.Map("type"))],
        [new("admissionregistration.k8s.io", "MutatingWebhookConfiguration")] = [("webhooks", ListType.Map("name"))],
        [new("admissionregistration.k8s.io", "ValidatingWebhookConfiguration")] = [("webhooks", ListType.Map("name"))],
        [new("apiextensions.k8s.io", "CustomResourceDefinition")] = [("status.storedVersions", ListType.Set)],
        [new("", "Namespace")] = [("spec.finalizers", ListType.Set)],
    };

    /// <summary>The schema of one built-in kind, built once.</summary>
    public static ListMapSchema For(GroupKind kind, Func<Dictionary<string, ListType>, HashSet<string>, ListMapSchema> create) =>
        Cache.GetOrAdd(kind, k => create(Build(k), AtomicMaps(k)));

    /// <summary>Label selectors (<c>+structType=atomic</c>) and selector maps (<c>+mapType=atomic</c>) of one kind.</summary>
    private static HashSet<string> AtomicMaps(GroupKind kind)
    {
        var maps = new HashSet<string>(StringComparer.Ordinal);
        if (PodSpecPaths.TryGetValue(kind, out var podSpec))
        {
            maps.Add($"{podSpec}.nodeSelector");
            if (kind.Kind != "Pod" && kind.Kind != "CronJob" && kind.Kind != "PodTemplate") maps.Add("spec.selector");
        }
        if (kind.Kind == "CronJob") maps.Add("spec.jobTemplate.spec.selector");
        if (kind is { Group: "", Kind: "Service" } or { Group: "policy", Kind: "PodDisruptionBudget" }) maps.Add("spec.selector");
        if (kind is { Group: "networking.k8s.io", Kind: "NetworkPolicy" }) maps.Add("spec.podSelector");
        return maps;
    }

    /// <summary>Adds the keyed lists every object has in its metadata.</summary>
    public static void AddMetadata(Dictionary<string, ListType> lists)
    {
        lists["metadata.finalizers"] = ListType.Set;
        lists["metadata.ownerReferences"] = ListType.Map("uid");
    }

    private static Dictionary<string, ListType> Build(GroupKind kind)
    {
        var lists = new Dictionary<string, ListType>(StringComparer.Ordinal);
        AddMetadata(lists);
        lists["status.conditions"] = ListType.Map("type");
        if (PodSpecPaths.TryGetValue(kind, out var podSpec))
        {
            foreach (var (path, type) in PodSpecLists) lists[$"{podSpec}.{path}"] = type;
            foreach (var containers in ContainerFields)
            {
                lists[$"{podSpec}.{containers}"] = ListType.Map("name");
                foreach (var (path, type) in ContainerLists) lists[$"{podSpec}.{containers}.{path}"] = type;
            }
        }
        if (kind is { Group: "", Kind: "Pod" }) lists["status.podIPs"] = ListType.Map("ip");
        if (KindLists.TryGetValue(kind, out var extra))
        {
            foreach (var (path, type) in extra) lists[path] = type;
        }
        return lists;
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Hawser.Health;
using Hawser.Kubernetes;
using Hawser.Manifests;

namespace Hawser.Controller;

/// <summary>One object of an app's resource tree.</summary>
/// <param name="Key">The object.</param>
/// <param name="Version">Its API version without the group.</param>
/// <param name="Uid">metadata.uid (empty for a declared object that does not exist).</param>
/// <param name="ResourceVersion">metadata.resourceVersion.</param>
/// <param name="ParentRefs">The objects of the tree that own it (from its <c>ownerReferences</c>); empty for the app's own objects.</param>
/// <param name="Health">Its health, when its kind has one (Missing when a declared object does not exist).</param>
/// <param name="CreatedAt">metadata.creationTimestamp, when known.</param>
/// <param name="Images">The container images of a workload or Pod.</param>
public sealed record ResourceNode(
    ResourceKey Key,
    string Version,
    string Uid,
    string ResourceVersion,
    IReadOnlyList<ResourceParentRef> ParentRefs,
    HealthResult? Health,
    DateTimeOffset? CreatedAt,
    IReadOnlyList<string> Images);

/// <summary>An owner of a tree node.</summary>
public sealed record ResourceParentRef(ResourceKey Key, string Uid);

/// <summary>
/// Builds an app's resource tree as Argo CD shows it: the app's own objects, then every object that one of them owns through
/// <c>ownerReferences</c> (a Deployment's ReplicaSets and their Pods, a CronJob's Jobs, a StatefulSet's ControllerRevisions,
/// a Service's EndpointSlices), level by level, each with its health. Owned objects are found by listing the kinds that
/// controllers create in the namespaces of the app's objects; kinds the cluster does not serve are skipped.
/// </summary>
public static class ResourceTree
{
    private const int MaxDepth = 5;

    /// <summary>Kinds that Kubernetes controllers create on behalf of an app's objects.</summary>
    private static readonly GroupVersionKind[] OwnedKinds =
    [
        new("apps", "v1", "ReplicaSet"),
        new("", "v1", "Pod"),
        new("apps", "v1", "ControllerRevision"),
        new("batch", "v1", "Job"),
        new("discovery.k8s.io", "v1", "EndpointSlice"),
    ];

    /// <summary>The tree of <paramref name="managed"/> (the app's objects from its status) in the cluster of <paramref name="client"/>.</summary>
    public static async Task<IReadOnlyList<ResourceNode>> BuildAsync(IKubernetesClient client, IReadOnlyList<ResourceStatus> managed, IHealthAssessor health,
        CancellationToken cancellationToken)
    {
        var nodes = new List<ResourceNode>();
        var byUid = new Dictionary<string, ResourceNode>(StringComparer.Ordinal);
        foreach (var resource in managed.OrderBy(r => r.Key))
        {
            var kind = new GroupVersionKind(resource.Key.Group, resource.Version, resource.Key.Kind);
            KubeObject? live;
            try
            {
                live = await client.GetAsync(kind, resource.Key.Namespace, resource.Key.Name, cancellationToken);
            }
            catch (UnknownKindException)
            {
                live = null;
            }
            var node = live is null
                ? new ResourceNode(resource.Key, resource.Version, "", "", [], resource.Health, null, [])
                : Node(live, [], health);
            nodes.Add(node);
            if (node.Uid.Length > 0) byUid[node.Uid] = node;
        }

        var namespaces = managed.Select(r => r.Key.Namespace).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var candidates = new List<KubeObject>();
        foreach (var ns in namespaces)
        {
            foreach (var kind in OwnedKinds)
            {
                try
                {
                    candidates.AddRange((await client.ListAsync(kind, new ListOptions(ns), cancellationToken)).Items);
                }
                catch (UnknownKindException)
                {
                    // The cluster does not serve this kind: nothing of it to show.
                }
            }
        }

        var frontier = byUid.Keys.ToHashSet(StringComparer.Ordinal);
        for (var depth = 0; depth < MaxDepth && frontier.Count > 0; depth++)
        {
            var next = new HashSet<string>(StringComparer.Ordinal);
            foreach (var candidate in candidates)
            {
                if (candidate.Uid.Length == 0 || byUid.ContainsKey(candidate.Uid)) continue;
                var parents = OwnerUids(candidate).Where(frontier.Contains).Select(uid => new ResourceParentRef(byUid[uid].Key, uid)).ToList();
                if (parents.Count == 0) continue;
                var node = Node(candidate, parents, health);
                nodes.Add(node);
                byUid[node.Uid] = node;
                next.Add(node.Uid);
            }
            frontier = next;
        }
        return nodes.OrderBy(n => n.ParentRefs.Count == 0 ? 0 : 1).ThenBy(n => n.Key).ToList();
    }

    private static ResourceNode Node(KubeObject live, IReadOnlyList<ResourceParentRef> parents, IHealthAssessor health)
    {
        var apiVersion = live.ApiVersion;
        var version = apiVersion.Contains('/') ? apiVersion[(apiVersion.IndexOf('/') + 1)..] : apiVersion;
        DateTimeOffset? created = DateTimeOffset.TryParse(live.Metadata?["creationTimestamp"]?.GetValue<string>(), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        return new ResourceNode(live.Key, version, live.Uid, live.ResourceVersion, parents, health.Assess(live), created, Images(live.Body));
    }

    private static IEnumerable<string> OwnerUids(KubeObject obj) =>
        (obj.Metadata?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(o => o["uid"] is JsonValue v && v.TryGetValue<string>(out var uid) ? uid : "")
            .Where(uid => uid.Length > 0);

    // Containers of a Pod (spec.containers) or of a workload's Pod template (spec.template.spec.containers, jobTemplate too).
    private static List<string> Images(JsonObject body)
    {
        var spec = body["spec"];
        var podSpec = spec?["containers"] is not null ? spec
            : spec?["template"]?["spec"] ?? spec?["jobTemplate"]?["spec"]?["template"]?["spec"];
        return new[] { "initContainers", "containers" }
            .SelectMany(field => (podSpec?[field] as JsonArray ?? []).OfType<JsonObject>())
            .Select(c => c["image"] is JsonValue v && v.TryGetValue<string>(out var image) ? image : "")
            .Where(i => i.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}

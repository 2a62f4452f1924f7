using System.Text.Json.Nodes;
using Hawser.Kubernetes;
using Hawser.Manifests;
using Hawser.Sync;

namespace Hawser.Compare;

/// <summary>A desired object ready to be compared and written: namespace defaulted, tracking id set, annotations parsed.</summary>
/// <param name="Target">The private copy to write.</param>
/// <param name="Directives">Its parsed annotations.</param>
/// <param name="KindServed">False when the cluster does not serve the kind yet (its CRD is applied by the same sync).</param>
internal sealed record PreparedObject(KubeObject Target, ResourceDirectives Directives, bool KindServed)
{
    public bool IsHook => Directives.Hook is not null;
}

/// <summary>
/// Turns rendered objects into what Hawser writes: the destination namespace is given to namespaced objects that have none
/// (and removed from cluster-scoped ones, which the API ignores it on), and the tracking id names the app and the object.
/// Whether a kind is namespaced comes from the REST mapping, or for a kind the cluster does not serve yet from the
/// <c>spec.scope</c> of a CRD in the same set.
/// </summary>
internal static class DesiredPreparation
{
    /// <param name="tolerateUnservedKinds">Prepare objects of kinds the cluster does not serve (as namespaced, <c>KindServed</c> false)
    /// instead of failing; for reading an app's state, where they are simply Missing.</param>
    /// <exception cref="UnknownKindException">A kind is not served, no CRD of the set defines it and its objects do not skip the
    /// dry run; the message names every such kind.</exception>
    public static async Task<IReadOnlyList<PreparedObject>> PrepareAsync(
        IKubernetesClient client, string app, string destinationNamespace, IReadOnlyList<KubeObject> desired, SyncOptionSet appOptions,
        CancellationToken cancellationToken, bool tolerateUnservedKinds = false)
    {
        var crdScopes = CrdScopes(desired);
        var mappings = new Dictionary<GroupVersionKind, ResourceMapping?>();
        var prepared = new List<PreparedObject>(desired.Count);
        var unserved = new SortedSet<string>(StringComparer.Ordinal);
        GroupVersionKind? firstUnserved = null;
        foreach (var obj in desired)
        {
            var gvk = obj.GroupVersionKind;
            if (!mappings.TryGetValue(gvk, out var mapping))
            {
                try { mapping = await client.GetMappingAsync(gvk, cancellationToken); }
                catch (UnknownKindException) { mapping = null; }
                mappings[gvk] = mapping;
            }
            var target = obj.DeepClone();
            var skipDryRun = SyncOptionSet.ParseAnnotation(obj.GetAnnotation(SyncOptionSet.Annotation), appOptions).SkipDryRunOnMissingResource;
            var namespaced = mapping?.Namespaced ?? (crdScopes.TryGetValue(gvk.GroupKind, out var scoped) ? scoped : true);
            if (mapping is null && !crdScopes.ContainsKey(gvk.GroupKind) && !skipDryRun && !tolerateUnservedKinds)
            {
                unserved.Add($"{gvk.ApiVersion} {gvk.Kind}");
                firstUnserved ??= gvk;
            }
            if (!namespaced) target.Metadata?.Remove("namespace");
            else if (target.Namespace.Length == 0 && destinationNamespace.Length > 0) target.SetMetadataField("namespace", destinationNamespace);
            var directives = ResourceDirectives.Of(target, appOptions);
            if (target.Name.Length > 0) target.SetAnnotation(TrackingId.Annotation, new TrackingId(app, target.Key).ToString());
            if (target.Name.Length > 0 && directives.Hook is null) AppliedFingerprint.Stamp(target);
            prepared.Add(new PreparedObject(target, directives, KindServed: mapping is not null));
        }
        if (firstUnserved is { } first)
            throw new UnknownKindException(first, $"the cluster has no resource type for {string.Join(", ", unserved)} (are their CRDs installed?)");
        return prepared;
    }

    /// <summary>Group/kind → namespaced, for every CRD in <paramref name="desired"/>.</summary>
    public static Dictionary<GroupKind, bool> CrdScopes(IEnumerable<KubeObject> desired)
    {
        var scopes = new Dictionary<GroupKind, bool>();
        foreach (var crd in desired.Where(IsCrd))
        {
            if (crd.Body["spec"] is not JsonObject spec) continue;
            var group = spec["group"]?.GetValue<string>() ?? "";
            var kind = spec["names"]?["kind"]?.GetValue<string>() ?? "";
            scopes[new GroupKind(group, kind)] = !string.Equals(spec["scope"]?.GetValue<string>(), "Cluster", StringComparison.Ordinal);
        }
        return scopes;
    }

    public static bool IsCrd(KubeObject obj) => obj is { Kind: "CustomResourceDefinition", Group: "apiextensions.k8s.io" };
}

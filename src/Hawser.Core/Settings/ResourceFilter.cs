using Hawser.Globs;

namespace Hawser.Settings;

/// <summary>
/// One <c>resource.exclusions</c> / <c>resource.inclusions</c> entry: globs over API groups, kinds and cluster server
/// URLs. An empty list matches everything, as in Argo CD.
/// </summary>
/// <param name="ApiGroups">Group globs (<c>""</c> is the core group, <c>*</c> any).</param>
/// <param name="Kinds">Kind globs.</param>
/// <param name="Clusters">Cluster server URL globs.</param>
public sealed record FilteredResource(IReadOnlyList<string> ApiGroups, IReadOnlyList<string> Kinds, IReadOnlyList<string> Clusters)
{
    /// <summary>Whether the entry covers objects of <paramref name="group"/>/<paramref name="kind"/> on <paramref name="cluster"/>.</summary>
    public bool Matches(string group, string kind, string cluster) =>
        Any(ApiGroups, group) && Any(Kinds, kind) && Any(Clusters, cluster);

    private static bool Any(IReadOnlyList<string> patterns, string value) =>
        patterns.Count == 0 || patterns.Any(p => Glob.Matches(p, value, GlobOptions.ResourceWildcard));
}

/// <summary>
/// Which kinds Hawser manages at all (argocd-cm <c>resource.exclusions</c> and <c>resource.inclusions</c>): a kind is
/// excluded when an exclusion matches it, or when inclusions are given and none matches it. Argo CD's core exclusions
/// (<c>Event</c>s of both groups, <c>metrics.k8s.io</c>) always apply. An excluded object in an app's manifests is left
/// out of the app with a warning, never applied, compared or pruned; the live cache does not watch excluded kinds.
/// </summary>
public sealed record ResourceFilter(IReadOnlyList<FilteredResource> Exclusions, IReadOnlyList<FilteredResource> Inclusions)
{
    /// <summary>Argo CD's exclusions that no configuration removes.</summary>
    public static IReadOnlyList<FilteredResource> CoreExclusions { get; } =
    [
        new(["events.k8s.io", "metrics.k8s.io"], [], []),
        new([""], ["Event"], []),
    ];

    /// <summary>Only the core exclusions.</summary>
    public static ResourceFilter Default { get; } = new([], []);

    /// <summary>Whether objects of this group and kind on the cluster with server URL <paramref name="cluster"/> are left alone.</summary>
    public bool IsExcluded(string group, string kind, string cluster) =>
        CoreExclusions.Any(e => e.Matches(group, kind, cluster))
        || Exclusions.Any(e => e.Matches(group, kind, cluster))
        || (Inclusions.Count > 0 && !Inclusions.Any(i => i.Matches(group, kind, cluster)));
}

using Hawser.Manifests;

namespace Hawser.Apps;

/// <summary>
/// An Argo CD <c>AppProject</c>: which repositories an app may render from, which destinations it may deploy to, and which
/// kinds it may manage. Empty allow lists allow nothing (as in Argo CD), except that an empty namespace-resource allow
/// list allows every namespaced kind.
/// </summary>
/// <param name="Metadata">Name, namespace, labels, annotations, finalizers.</param>
/// <param name="Description">spec.description.</param>
/// <param name="SourceRepos">Repository URL globs apps may use (<c>*</c> for any).</param>
/// <param name="Destinations">Allowed destinations (server or name globs, namespace globs).</param>
/// <param name="ClusterResourceWhitelist">Cluster-scoped kinds apps may manage.</param>
/// <param name="ClusterResourceBlacklist">Cluster-scoped kinds apps may not manage.</param>
/// <param name="NamespaceResourceWhitelist">Namespaced kinds apps may manage (empty: any).</param>
/// <param name="NamespaceResourceBlacklist">Namespaced kinds apps may not manage.</param>
/// <param name="SourceNamespaces">Namespaces whose Applications may use this project.</param>
/// <param name="Roles">Project roles with their policies and groups.</param>
/// <param name="Source">Where it was read from.</param>
public sealed record AppProject(
    ObjectMetadata Metadata,
    string Description,
    IReadOnlyList<string> SourceRepos,
    IReadOnlyList<ProjectDestination> Destinations,
    IReadOnlyList<GroupKindPattern> ClusterResourceWhitelist,
    IReadOnlyList<GroupKindPattern> ClusterResourceBlacklist,
    IReadOnlyList<GroupKindPattern> NamespaceResourceWhitelist,
    IReadOnlyList<GroupKindPattern> NamespaceResourceBlacklist,
    IReadOnlyList<string> SourceNamespaces,
    IReadOnlyList<ProjectRole> Roles,
    SourceLocation? Source = null)
{
    public string Name => Metadata.Name;

    public override string ToString() => $"AppProject \"{Name}\"";
}

/// <summary>An allowed destination of a project; fields are globs, null matches nothing specific (any).</summary>
public sealed record ProjectDestination(string? Server, string? Name, string? Namespace);

/// <summary>A group/kind pattern of a project's resource lists; <c>*</c> matches any.</summary>
public sealed record GroupKindPattern(string Group, string Kind);

/// <summary>A project role: Argo CD policy lines (<c>p, proj:name:role, applications, sync, proj/*, allow</c>) and SSO groups.</summary>
public sealed record ProjectRole(string Name, string Description, IReadOnlyList<string> Policies, IReadOnlyList<string> Groups);

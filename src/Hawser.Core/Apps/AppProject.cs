using Hawser.Manifests;

namespace Hawser.Apps;

/// <summary>
/// An Argo CD <c>AppProject</c>: which repositories an app may render from, which destinations it may deploy to, and which
/// kinds it may manage, and when it may sync. Empty allow lists allow nothing (as in Argo CD), except that a
/// namespace-resource allow list that is not declared at all allows every namespaced kind (a declared empty one allows none).
/// Enforced by <see cref="AppProjectRules"/> and <see cref="SyncWindowSet"/>.
/// </summary>
/// <param name="Metadata">Name, namespace, labels, annotations, finalizers.</param>
/// <param name="Description">spec.description.</param>
/// <param name="SourceRepos">Repository URL globs apps may use (<c>*</c> for any).</param>
/// <param name="Destinations">Allowed destinations (server or name globs, namespace globs).</param>
/// <param name="ClusterResourceWhitelist">Cluster-scoped kinds apps may manage.</param>
/// <param name="ClusterResourceBlacklist">Cluster-scoped kinds apps may not manage.</param>
/// <param name="NamespaceResourceWhitelist">Namespaced kinds apps may manage; null (not declared) allows any, empty allows none.</param>
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
    IReadOnlyList<GroupKindPattern>? NamespaceResourceWhitelist,
    IReadOnlyList<GroupKindPattern> NamespaceResourceBlacklist,
    IReadOnlyList<string> SourceNamespaces,
    IReadOnlyList<ProjectRole> Roles,
    SourceLocation? Source = null)
{
    public string Name => Metadata.Name;

    /// <summary>spec.syncWindows: when apps of the project may sync.</summary>
    public IReadOnlyList<SyncWindow> SyncWindows { get; init; } = [];

    /// <summary>spec.orphanedResources, or null when the project does not look for orphaned resources.</summary>
    public OrphanedResourcesPolicy? OrphanedResources { get; init; }

    /// <summary>
    /// Argo CD's <c>default</c> project as it exists when no AppProject of that name is declared: any source, any
    /// destination, any kind.
    /// </summary>
    public static AppProject Default { get; } = new(
        new ObjectMetadata("default", "", new Dictionary<string, string>(), new Dictionary<string, string>(), []),
        "the default project (not declared: allows everything)", ["*"], [new ProjectDestination("*", null, "*")],
        [new GroupKindPattern("*", "*")], [], null, [], [], []);

    public override string ToString() => $"AppProject \"{Name}\"";
}

/// <summary>spec.orphanedResources: report objects in the app's destination namespace that no app tracks.</summary>
/// <param name="Warn">Report them as warnings.</param>
/// <param name="Ignore">Objects never reported (group, kind and name globs).</param>
public sealed record OrphanedResourcesPolicy(bool Warn, IReadOnlyList<OrphanedResourceIgnore> Ignore);

/// <summary>One entry of spec.orphanedResources.ignore; empty fields match any.</summary>
public sealed record OrphanedResourceIgnore(string Group, string Kind, string Name);

/// <summary>An issued project role token as Argo CD lists it in the role's <c>jwtTokens</c>: its issue time and id.</summary>
/// <param name="IssuedAt">iat, seconds since the epoch.</param>
/// <param name="Id">The token id (jti), empty for old tokens known only by iat.</param>
/// <param name="ExpiresAt">exp, seconds since the epoch, 0 for none.</param>
public sealed record ProjectJwtToken(long IssuedAt, string Id, long ExpiresAt);

/// <summary>An allowed destination of a project; fields are globs, null matches nothing specific (any).</summary>
public sealed record ProjectDestination(string? Server, string? Name, string? Namespace);

/// <summary>A group/kind pattern of a project's resource lists; <c>*</c> matches any.</summary>
public sealed record GroupKindPattern(string Group, string Kind);

/// <summary>A project role: Argo CD policy lines (<c>p, proj:name:role, applications, sync, proj/*, allow</c>) and SSO groups.</summary>
public sealed record ProjectRole(string Name, string Description, IReadOnlyList<string> Policies, IReadOnlyList<string> Groups)
{
    /// <summary>The role's tokens as declared in Git (<c>jwtTokens</c>); tokens Hawser issues are kept in the state store.</summary>
    public IReadOnlyList<ProjectJwtToken> JwtTokens { get; init; } = [];
}

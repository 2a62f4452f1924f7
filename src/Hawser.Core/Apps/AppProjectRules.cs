using Hawser.Manifests;

namespace Hawser.Apps;

/// <summary>
/// What an AppProject permits, with Argo CD's semantics. Each refusal names the project, the rule (the spec field) and the
/// value that broke it.
/// <list type="bullet">
/// <item><b>sourceRepos</b>: a source is permitted when it matches an entry and no <c>!</c> entry excludes it (URLs compared
/// case-insensitively without a trailing <c>/</c> or <c>.git</c>; <c>*</c> stops at <c>/</c>, <c>**</c> does not).</item>
/// <item><b>destinations</b>: the destination (server or name, and namespace) must match an entry, and no entry with a
/// <c>!</c> field may exclude it. Every namespaced object the app writes is checked the same way with its own namespace.</item>
/// <item><b>cluster/namespace resource lists</b>: a cluster-scoped kind must be in <c>clusterResourceWhitelist</c> (empty:
/// none) and not in the blacklist; a namespaced kind must be in <c>namespaceResourceWhitelist</c> when it is declared
/// (declared empty: none) and not in <c>namespaceResourceBlacklist</c>.</item>
/// <item><b>sourceNamespaces</b>: an app outside Hawser's control-plane namespaces must live in one of these namespaces.</item>
/// </list>
/// </summary>
public static class AppProjectRules
{
    /// <summary>The namespaces Argo CD and Hawser treat as their own (apps there need no sourceNamespaces entry).</summary>
    public static IReadOnlyList<string> DefaultControlNamespaces { get; } = ["argocd", "hawser"];

    /// <summary>The app-level refusals: project, source namespace, source repositories and destination. Empty when permitted.</summary>
    public static IReadOnlyList<string> CheckApp(AppProject project, Application app, IReadOnlyList<string> controlNamespaces)
    {
        var problems = new List<string>();
        var ns = app.Metadata.Namespace;
        if (ns.Length > 0 && !controlNamespaces.Contains(ns, StringComparer.Ordinal)
            && !project.SourceNamespaces.Any(p => ProjectGlob.Matches(p, ns)))
        {
            problems.Add($"{project}: spec.sourceNamespaces: {app} lives in namespace \"{ns}\", which is not one of the project's source namespaces ({List(project.SourceNamespaces)})");
        }
        foreach (var source in app.Spec.Sources)
        {
            if (source.RepoUrl is not { Length: > 0 } repo) continue;
            if (!IsSourcePermitted(project, repo))
                problems.Add($"{project}: spec.sourceRepos: repository \"{repo}\" of {app} is not permitted (allowed: {List(project.SourceRepos)})");
        }
        var destination = app.Spec.Destination;
        if (!IsDestinationPermitted(project, destination.Server, destination.Name, destination.Namespace))
            problems.Add($"{project}: spec.destinations: destination {Describe(destination.Server, destination.Name, destination.Namespace)} of {app} is not permitted (allowed: {Describe(project.Destinations)})");
        return problems;
    }

    /// <summary>Why the app may not write or delete <paramref name="key"/> (namespaced when its namespace is set), or null.</summary>
    public static string? CheckResource(AppProject project, Application app, ResourceKey key)
    {
        var namespaced = key.Namespace.Length > 0;
        if (!IsGroupKindPermitted(project, key.Group, key.Kind, namespaced))
        {
            var rule = namespaced
                ? (project.NamespaceResourceWhitelist is { } w && !InList(w, key.Group, key.Kind) ? "spec.namespaceResourceWhitelist" : "spec.namespaceResourceBlacklist")
                : (InList(project.ClusterResourceWhitelist, key.Group, key.Kind) ? "spec.clusterResourceBlacklist" : "spec.clusterResourceWhitelist");
            return $"{key}: {(namespaced ? "namespaced" : "cluster-scoped")} kind {GroupKind(key.Group, key.Kind)} is not permitted by {project} ({rule})";
        }
        var d = app.Spec.Destination;
        if (namespaced && !IsDestinationPermitted(project, d.Server, d.Name, key.Namespace))
            return $"{key}: namespace \"{key.Namespace}\" on {Describe(d.Server, d.Name, null)} is not permitted by {project} (spec.destinations)";
        return null;
    }

    /// <summary>Argo CD's sourceRepos rule.</summary>
    public static bool IsSourcePermitted(AppProject project, string repoUrl)
    {
        var url = NormalizeRepo(repoUrl);
        var any = false;
        foreach (var entry in project.SourceRepos)
        {
            var deny = ProjectGlob.IsDeny(entry);
            var pattern = deny ? "!" + NormalizeRepo(entry[1..]) : NormalizeRepo(entry);
            if (ProjectGlob.Matches(pattern, url, slashIsSeparator: true)) any = true;
            else if (deny) return false;
        }
        return any;
    }

    /// <summary>Argo CD's destinations rule (a match on server or name, and on namespace; a failing <c>!</c> field denies).</summary>
    public static bool IsDestinationPermitted(AppProject project, string? server, string? name, string ns)
    {
        var any = false;
        foreach (var item in project.Destinations)
        {
            var serverMatched = server is { Length: > 0 } && ProjectGlob.Matches(item.Server, server);
            var nameMatched = name is { Length: > 0 } && ProjectGlob.Matches(item.Name, name);
            var namespaceMatched = ProjectGlob.Matches(item.Namespace ?? "", ns);
            if ((serverMatched || nameMatched) && namespaceMatched) any = true;
            else if ((!nameMatched && ProjectGlob.IsDeny(item.Name)) || (!serverMatched && ProjectGlob.IsDeny(item.Server))
                || (!namespaceMatched && ProjectGlob.IsDeny(item.Namespace)))
            {
                return false;
            }
        }
        return any;
    }

    /// <summary>Argo CD's resource list rule.</summary>
    public static bool IsGroupKindPermitted(AppProject project, string group, string kind, bool namespaced)
    {
        if (namespaced)
        {
            var allowed = project.NamespaceResourceWhitelist is not { } white || InList(white, group, kind);
            return allowed && !InList(project.NamespaceResourceBlacklist, group, kind);
        }
        return InList(project.ClusterResourceWhitelist, group, kind) && !InList(project.ClusterResourceBlacklist, group, kind);
    }

    private static bool InList(IReadOnlyList<GroupKindPattern> list, string group, string kind) =>
        list.Any(p => ProjectGlob.Matches(p.Group, group) && ProjectGlob.Matches(p.Kind, kind));

    private static string NormalizeRepo(string url)
    {
        var u = url.Trim().ToLowerInvariant().TrimEnd('/');
        return u.EndsWith(".git", StringComparison.Ordinal) ? u[..^4] : u;
    }

    private static string GroupKind(string group, string kind) => group.Length == 0 ? kind : $"{group}/{kind}";

    private static string Describe(string? server, string? name, string? ns) =>
        (server is { Length: > 0 } ? $"server \"{server}\"" : $"cluster \"{name}\"") + (ns is null ? "" : $" namespace \"{ns}\"");

    private static string Describe(IReadOnlyList<ProjectDestination> destinations) =>
        destinations.Count == 0 ? "none" : string.Join("; ", destinations.Select(d => $"{d.Server ?? d.Name ?? "?"} {d.Namespace ?? "\"\""}"));

    private static string List(IReadOnlyList<string> values) => values.Count == 0 ? "none" : string.Join(", ", values);
}

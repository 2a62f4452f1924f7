using Hawser.Manifests;

namespace Hawser.Apps;

/// <summary>Reads an AppProject's spec.</summary>
internal static class AppProjectReader
{
    public static AppProject? Read(FieldCursor root, ObjectMetadata metadata, SourceLocation? location)
    {
        var spec = root.Object("spec");
        root.Finish();
        if (spec is null) return new AppProject(metadata, "", [], [], [], [], [], [], [], [], location);

        var destinations = spec.ObjectList("destinations").Select(d =>
        {
            var result = new ProjectDestination(d.NonEmptyString("server"), d.NonEmptyString("name"), d.NonEmptyString("namespace"));
            d.Finish();
            return result;
        }).ToList();
        var roles = spec.ObjectList("roles").Select(r =>
        {
            var result = new ProjectRole(r.NonEmptyString("name", required: true) ?? "", r.String("description") ?? "", r.StringList("policies"), r.StringList("groups"));
            r.Skip("jwtTokens");
            r.Finish();
            return result;
        }).ToList();
        var project = new AppProject(
            metadata,
            spec.String("description") ?? "",
            spec.StringList("sourceRepos"),
            destinations,
            GroupKinds(spec, "clusterResourceWhitelist"),
            GroupKinds(spec, "clusterResourceBlacklist"),
            GroupKinds(spec, "namespaceResourceWhitelist"),
            GroupKinds(spec, "namespaceResourceBlacklist"),
            spec.StringList("sourceNamespaces"),
            roles,
            location);
        foreach (var field in new[] { "syncWindows", "orphanedResources", "signatureKeys", "destinationServiceAccounts", "permitOnlyProjectScopedClusters" })
            spec.Unsupported(field, "not implemented");
        spec.Finish();
        return project;
    }

    private static List<GroupKindPattern> GroupKinds(FieldCursor spec, string key) =>
        spec.ObjectList(key).Select(g =>
        {
            var result = new GroupKindPattern(g.String("group") ?? "", g.NonEmptyString("kind", required: true) ?? "");
            g.Finish();
            return result;
        }).ToList();
}

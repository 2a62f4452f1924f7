using Hawser.Manifests;

namespace Hawser.Apps;

/// <summary>Reads an AppProject's spec.</summary>
internal static class AppProjectReader
{
    public static AppProject? Read(FieldCursor root, ObjectMetadata metadata, SourceLocation? location)
    {
        var spec = root.Object("spec");
        root.Finish();
        if (spec is null) return new AppProject(metadata, "", [], [], [], [], null, [], [], [], location);

        var destinations = spec.ObjectList("destinations").Select(d =>
        {
            var result = new ProjectDestination(Glob(d, d.NonEmptyString("server"), "server"), Glob(d, d.NonEmptyString("name"), "name"),
                Glob(d, d.NonEmptyString("namespace"), "namespace"));
            d.Finish();
            return result;
        }).ToList();
        var roles = spec.ObjectList("roles").Select(r =>
        {
            var result = new ProjectRole(r.NonEmptyString("name", required: true) ?? "", r.String("description") ?? "", r.StringList("policies"), r.StringList("groups"));
            var tokens = r.ObjectList("jwtTokens").Select(t =>
            {
                var token = new ProjectJwtToken(t.Integer("iat") ?? 0, t.String("id") ?? "", t.Integer("exp") ?? 0);
                t.Finish();
                return token;
            }).ToList();
            r.Finish();
            return result with { JwtTokens = tokens };
        }).ToList();
        var project = new AppProject(
            metadata,
            spec.String("description") ?? "",
            Globs(spec, "sourceRepos", slashIsSeparator: true),
            destinations,
            GroupKinds(spec, "clusterResourceWhitelist"),
            GroupKinds(spec, "clusterResourceBlacklist"),
            spec.Has("namespaceResourceWhitelist") ? GroupKinds(spec, "namespaceResourceWhitelist") : null,
            GroupKinds(spec, "namespaceResourceBlacklist"),
            Globs(spec, "sourceNamespaces", slashIsSeparator: false),
            roles,
            location)
        {
            SyncWindows = spec.ObjectList("syncWindows").Select((w, i) => SyncWindowReader.Read(w, i)).OfType<SyncWindow>().ToList(),
            OrphanedResources = Orphaned(spec.Object("orphanedResources")),
        };
        foreach (var field in new[] { "signatureKeys", "destinationServiceAccounts", "permitOnlyProjectScopedClusters" })
            spec.Unsupported(field, "not implemented");
        spec.Finish();
        return project;
    }

    private static OrphanedResourcesPolicy? Orphaned(FieldCursor? o)
    {
        if (o is null) return null;
        var ignore = o.ObjectList("ignore").Select(i =>
        {
            var entry = new OrphanedResourceIgnore(i.String("group") ?? "", i.String("kind") ?? "", i.String("name") ?? "");
            i.Finish();
            return entry;
        }).ToList();
        var result = new OrphanedResourcesPolicy(o.Bool("warn"), ignore);
        o.Finish();
        return result;
    }

    private static List<GroupKindPattern> GroupKinds(FieldCursor spec, string key) =>
        spec.ObjectList(key).Select(g =>
        {
            var result = new GroupKindPattern(g.String("group") ?? "", g.NonEmptyString("kind", required: true) ?? "");
            g.Finish();
            return result;
        }).ToList();

    // Globs of a list field, each refused (naming the project and the field) when it does not compile: an invalid glob
    // would otherwise match nothing and refuse apps without saying why.
    private static IReadOnlyList<string> Globs(FieldCursor spec, string key, bool slashIsSeparator)
    {
        var list = spec.StringList(key);
        for (var i = 0; i < list.Count; i++)
        {
            if (ProjectGlob.Error(list[i], slashIsSeparator) is { } error) spec.Error(key, $"[{i}]: {error}");
        }
        return list;
    }

    private static string? Glob(FieldCursor d, string? pattern, string key)
    {
        if (pattern is not null && ProjectGlob.Error(pattern, slashIsSeparator: false) is { } error) d.Error(key, error);
        return pattern;
    }
}

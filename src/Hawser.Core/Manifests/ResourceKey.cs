namespace Hawser.Manifests;

/// <summary>
/// The identity of a Kubernetes object: API group (empty for the core group), kind, namespace
/// (empty for cluster-scoped objects) and name. Every stage pairs, sorts, tracks and reports objects by it.
/// The version is deliberately not part of the identity: <c>apps/v1</c> and <c>apps/v1beta1</c> Deployments are the same object.
/// </summary>
public readonly record struct ResourceKey(string Group, string Kind, string Namespace, string Name) : IComparable<ResourceKey>
{
    /// <summary>The group and kind, e.g. <c>apps/Deployment</c> or <c>/ConfigMap</c> for the core group.</summary>
    public GroupKind GroupKind => new(Group, Kind);

    /// <summary>Formats as <c>Kind/namespace/name</c> (or <c>Kind/name</c> when cluster-scoped), the form used in every message.</summary>
    public override string ToString() =>
        Namespace.Length == 0 ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";

    /// <summary>Orders by group, kind, namespace then name, ordinally, so output never depends on input order.</summary>
    public int CompareTo(ResourceKey other)
    {
        var c = string.CompareOrdinal(Group, other.Group);
        if (c != 0) return c;
        c = string.CompareOrdinal(Kind, other.Kind);
        if (c != 0) return c;
        c = string.CompareOrdinal(Namespace, other.Namespace);
        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }

    /// <summary>The same key with another namespace.</summary>
    public ResourceKey WithNamespace(string ns) => this with { Namespace = ns };
}

/// <summary>An API group and kind, e.g. <c>apps</c>/<c>Deployment</c>; the core group is the empty string.</summary>
public readonly record struct GroupKind(string Group, string Kind)
{
    public override string ToString() => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}

/// <summary>An API group, version and kind, as written in <c>apiVersion</c> and <c>kind</c>.</summary>
public readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary>The <c>apiVersion</c> string: <c>v1</c> for the core group, otherwise <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public GroupKind GroupKind => new(Group, Kind);

    /// <summary>Splits an <c>apiVersion</c> such as <c>apps/v1</c> or <c>v1</c>.</summary>
    public static GroupVersionKind From(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new GroupVersionKind("", apiVersion, kind)
            : new GroupVersionKind(apiVersion[..slash], apiVersion[(slash + 1)..], kind);
    }

    public override string ToString() => $"{ApiVersion}, Kind={Kind}";
}

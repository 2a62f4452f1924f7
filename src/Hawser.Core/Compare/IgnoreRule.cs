using Hawser.Globs;
using Hawser.Manifests;

namespace Hawser.Compare;

/// <summary>
/// One <c>ignoreDifferences</c> entry of an Application: the fields of matching objects that never make them OutOfSync.
/// </summary>
/// <param name="Group">The API group ("" for core); <c>*</c> matches any, and matches any run of characters in a
/// pattern such as <c>*.crossplane.io</c> (argocd-cm customizations).</param>
/// <param name="Kind">The kind; <c>*</c> as for the group.</param>
/// <param name="Name">When set, only the object with this name.</param>
/// <param name="Namespace">When set, only objects in this namespace.</param>
/// <param name="JsonPointers">RFC 6901 pointers, e.g. <c>/spec/replicas</c>.</param>
/// <param name="JqPathExpressions">jq paths in the common forms (<c>.spec.replicas</c>, <c>.a[] | select(.name == "x") | .image</c>, <c>.metadata.annotations["k"]</c>).</param>
/// <param name="ManagedFieldsManagers">Field managers whose fields (as recorded in the live object's managedFields) are ignored.</param>
public sealed record IgnoreRule(
    string Group,
    string Kind,
    string? Name = null,
    string? Namespace = null,
    IReadOnlyList<string>? JsonPointers = null,
    IReadOnlyList<string>? JqPathExpressions = null,
    IReadOnlyList<string>? ManagedFieldsManagers = null)
{
    /// <summary>The rule for one <c>spec.ignoreDifferences</c> entry as the Apps stage read it.</summary>
    public static IgnoreRule From(Hawser.Apps.IgnoreDifference d) =>
        new(d.Group, d.Kind, d.Name, d.Namespace, d.JsonPointers, d.JqPathExpressions, d.ManagedFieldsManagers);

    /// <summary>True when this rule concerns the object <paramref name="key"/>.</summary>
    public bool Matches(ResourceKey key) =>
        Glob.Matches(Group, key.Group, GlobOptions.ResourceWildcard)
        && Glob.Matches(Kind, key.Kind, GlobOptions.ResourceWildcard)
        && (string.IsNullOrEmpty(Name) || Name == key.Name)
        && (string.IsNullOrEmpty(Namespace) || Namespace == key.Namespace);
}

/// <summary>An <see cref="IgnoreRule"/> with its paths parsed once.</summary>
internal sealed record CompiledIgnoreRule(IgnoreRule Rule, IReadOnlyList<FieldPath> Paths)
{
    /// <summary>Parses every path of every rule, reporting all malformed ones at once.</summary>
    public static IReadOnlyList<CompiledIgnoreRule> Compile(IReadOnlyList<IgnoreRule> rules)
    {
        var errors = new List<string>();
        var compiled = new List<CompiledIgnoreRule>();
        foreach (var rule in rules)
        {
            var paths = new List<FieldPath>();
            foreach (var p in rule.JsonPointers ?? [])
            {
                try { paths.Add(FieldPath.FromJsonPointer(p)); }
                catch (FormatException e) { errors.Add(e.Message); }
            }
            foreach (var p in rule.JqPathExpressions ?? [])
            {
                try { paths.Add(FieldPath.FromJq(p)); }
                catch (FormatException e) { errors.Add(e.Message); }
            }
            compiled.Add(new CompiledIgnoreRule(rule, paths));
        }
        if (errors.Count > 0) throw new FormatException("ignoreDifferences: " + string.Join("; ", errors));
        return compiled;
    }
}

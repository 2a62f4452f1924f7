using System.Text;
using Hawser.Manifests;

namespace Hawser.Kubernetes;

/// <summary>Builds REST paths (<c>/api/v1/namespaces/ns/configmaps/name</c>, <c>/apis/apps/v1/deployments</c>) and query strings.</summary>
internal static class ResourcePaths
{
    public static string Collection(ResourceMapping mapping, string @namespace)
    {
        var builder = new StringBuilder(64);
        AppendGroupVersion(builder, mapping.Kind);
        if (mapping.Namespaced && @namespace.Length > 0) builder.Append("/namespaces/").Append(Uri.EscapeDataString(@namespace));
        return builder.Append('/').Append(mapping.Resource).ToString();
    }

    public static string Item(ResourceMapping mapping, string @namespace, string name, string? subresource = null)
    {
        var path = Collection(mapping, @namespace) + "/" + Uri.EscapeDataString(name);
        return subresource is null ? path : path + "/" + subresource;
    }

    /// <summary><c>Kind/namespace/name</c> (or <c>Kind/name</c>), the prefix of every error about an object.</summary>
    public static string Involved(GroupVersionKind kind, string @namespace, string name) =>
        new ResourceKey(kind.Group, kind.Kind, @namespace, name).ToString();

    private static void AppendGroupVersion(StringBuilder builder, GroupVersionKind kind)
    {
        if (kind.Group.Length == 0) builder.Append("/api/").Append(kind.Version);
        else builder.Append("/apis/").Append(kind.Group).Append('/').Append(kind.Version);
    }
}

/// <summary>A query string built parameter by parameter; empty values are left out.</summary>
internal sealed class Query
{
    private readonly StringBuilder _builder = new();

    public Query Add(string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return this;
        _builder.Append(_builder.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        return this;
    }

    public Query Add(string name, bool value) => value ? Add(name, "true") : this;

    public Query DryRun(bool dryRun) => dryRun ? Add("dryRun", "All") : this;

    public override string ToString() => _builder.ToString();
}

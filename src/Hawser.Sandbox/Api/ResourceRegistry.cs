using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Api;

/// <summary>
/// Every resource the sandbox serves, built-in and custom, as one immutable snapshot that is swapped whole when a CRD
/// changes. Discovery (aggregated and legacy), OpenAPI and request routing all read from it, so they never disagree.
/// </summary>
internal sealed class ResourceRegistry
{
    private volatile RegistrySnapshot _current = new(BuiltInResources.Types, 0);

    /// <summary>The snapshot to use for one request.</summary>
    public RegistrySnapshot Current => _current;

    /// <summary>Rebuilds the custom part from the CRDs now stored (ordered by name), keeping the built-ins.</summary>
    public void Rebuild(IEnumerable<JsonObject> crds)
    {
        var custom = crds.SelectMany(CrdResources.From)
            .Where(t => !BuiltInResources.Types.Any(b => b.Group == t.Group))
            .ToList();
        var previous = _current;
        _current = new RegistrySnapshot([.. BuiltInResources.Types, .. custom], previous.Generation + 1);
    }
}

/// <summary>One consistent view of the served resources.</summary>
internal sealed class RegistrySnapshot
{
    private readonly Dictionary<(string Group, string Version, string Resource), ResourceType> _byPath = new();
    private readonly Dictionary<(string Group, string Kind), ResourceType> _byKind = new();
    private readonly Dictionary<GroupResource, ResourceType> _byGroupResource = new();

    public RegistrySnapshot(IReadOnlyList<ResourceType> types, long generation)
    {
        Types = types;
        Generation = generation;
        foreach (var type in types)
        {
            _byPath.TryAdd((type.Group, type.Version, type.Resource), type);
            _byKind.TryAdd((type.Group, type.Kind), type);
            _byGroupResource.TryAdd(type.GroupResource, type);
        }
        Groups = types.GroupBy(t => t.Group)
            .Select(g => new ApiGroup(g.Key, g.Select(t => t.Version).Distinct(StringComparer.Ordinal).ToList(), g.ToList()))
            .ToList();
    }

    /// <summary>All types, built-ins first in table order, then CRD versions (storage version first).</summary>
    public IReadOnlyList<ResourceType> Types { get; }

    /// <summary>Groups in discovery order; each group's versions with the preferred one first.</summary>
    public IReadOnlyList<ApiGroup> Groups { get; }

    /// <summary>Increases whenever the set of CRDs changes (feeds the OpenAPI hash).</summary>
    public long Generation { get; }

    public ResourceType? Find(string group, string version, string resource) =>
        _byPath.GetValueOrDefault((group, version, resource));

    /// <summary>The preferred (first) version of a group and kind.</summary>
    public ResourceType? FindKind(string group, string kind) => _byKind.GetValueOrDefault((group, kind));

    /// <summary>The preferred version of a stored resource.</summary>
    public ResourceType? Find(GroupResource resource) => _byGroupResource.GetValueOrDefault(resource);
}

/// <summary>An API group as discovery lists it.</summary>
internal sealed record ApiGroup(string Name, IReadOnlyList<string> Versions, IReadOnlyList<ResourceType> Types)
{
    public IEnumerable<ResourceType> TypesOf(string version) => Types.Where(t => t.Version == version);
}

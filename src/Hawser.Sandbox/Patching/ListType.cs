namespace Hawser.Sandbox.Patching;

/// <summary>How a list field merges: as a whole (<see cref="Atomic"/>), as a set of scalars, or as a map of objects by key fields.</summary>
internal enum ListKind
{
    /// <summary>Replaced as a whole and owned as one field.</summary>
    Atomic,

    /// <summary>A set of scalars (<c>x-kubernetes-list-type: set</c>, strategic-merge "merge" of primitives): items merge by value.</summary>
    Set,

    /// <summary>Objects merged by key fields (<c>x-kubernetes-list-type: map</c>, strategic-merge <c>patchMergeKey</c>).</summary>
    Map,
}

/// <summary>The merge behaviour of one list field; <see cref="Keys"/> is non-empty only for <see cref="ListKind.Map"/>.</summary>
internal sealed record ListType(ListKind Kind, IReadOnlyList<string> Keys)
{
    public static readonly ListType Atomic = new(ListKind.Atomic, []);
    public static readonly ListType Set = new(ListKind.Set, []);

    public static ListType Map(params string[] keys) => new(ListKind.Map, keys);

    /// <summary>The strategic-merge-patch merge key: the first list-map key.</summary>
    public string MergeKey => Keys.Count > 0 ? Keys[0] : "";
}

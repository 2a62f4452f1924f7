using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// A set of field paths in the API server's <c>fieldsV1</c> shape. Each child is keyed by one path element:
/// <c>f:name</c> (a field), <c>k:{"name":"web"}</c> (a list-map item by its keys), <c>v:"x"</c> (a set item) or <c>i:0</c> (an index).
/// A node is a member of the set when it is a leaf (<c>{}</c>) or carries <c>".": {}</c>; a node with only children is just a way there.
/// </summary>
internal sealed class FieldTree
{
    private Dictionary<string, FieldTree>? children;

    /// <summary>True when the path ending at this node is in the set.</summary>
    public bool IsMember { get; set; }

    /// <summary>True when neither this node nor any descendant is a member.</summary>
    public bool IsEmpty => !HasAnyMember;

    /// <summary>True when this node or any descendant is a member.</summary>
    public bool HasAnyMember
    {
        get
        {
            if (IsMember) return true;
            if (children is null) return false;
            foreach (var child in children.Values)
            {
                if (child.HasAnyMember) return true;
            }
            return false;
        }
    }

    public bool HasChildren => children is { Count: > 0 };

    /// <summary>The children, in no particular order; callers needing an order sort the keys.</summary>
    public IReadOnlyDictionary<string, FieldTree> Children =>
        (IReadOnlyDictionary<string, FieldTree>?)children ?? EmptyChildren;

    private static readonly Dictionary<string, FieldTree> EmptyChildren = new(StringComparer.Ordinal);

    /// <summary>The child for one path element, created when missing.</summary>
    public FieldTree Child(string element)
    {
        children ??= new Dictionary<string, FieldTree>(StringComparer.Ordinal);
        if (!children.TryGetValue(element, out var child))
        {
            child = new FieldTree();
            children[element] = child;
        }
        return child;
    }

    /// <summary>The child for one path element, or null.</summary>
    public FieldTree? Find(string element) =>
        children is not null && children.TryGetValue(element, out var child) ? child : null;

    /// <summary>Reads a <c>fieldsV1</c> object.</summary>
    public static FieldTree Parse(JsonObject? fieldsV1)
    {
        var tree = new FieldTree();
        if (fieldsV1 is null) return tree;
        Fill(tree, fieldsV1);
        // The root is never a member: "{}" at the top means an empty set, not "the whole object".
        tree.IsMember = false;
        return tree;
    }

    private static void Fill(FieldTree node, JsonObject json)
    {
        if (json.Count == 0)
        {
            node.IsMember = true;
            return;
        }
        foreach (var (element, value) in json)
        {
            if (element == ".")
            {
                node.IsMember = true;
                continue;
            }
            Fill(node.Child(element), value as JsonObject ?? []);
        }
    }

    /// <summary>Writes the <c>fieldsV1</c> form with keys in ordinal order, so equal sets serialise equally.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        if (IsMember && HasChildren) json["."] = new JsonObject();
        if (children is null) return json;
        foreach (var element in children.Keys.Order(StringComparer.Ordinal))
        {
            var child = children[element];
            if (child.HasAnyMember) json[element] = child.ToJson();
        }
        return json;
    }

    /// <summary>A copy without empty branches.</summary>
    public FieldTree Clone()
    {
        var copy = new FieldTree { IsMember = IsMember };
        if (children is null) return copy;
        foreach (var (element, child) in children)
        {
            if (child.HasAnyMember) copy.Child(element).CopyFrom(child);
        }
        return copy;
    }

    private void CopyFrom(FieldTree source)
    {
        IsMember = source.IsMember;
        if (source.children is null) return;
        foreach (var (element, child) in source.children)
        {
            if (child.HasAnyMember) Child(element).CopyFrom(child);
        }
    }

    /// <summary>Adds every member of <paramref name="other"/> to this set.</summary>
    public void UnionWith(FieldTree other)
    {
        IsMember |= other.IsMember;
        if (other.children is null) return;
        foreach (var (element, child) in other.children)
        {
            if (child.HasAnyMember) Child(element).UnionWith(child);
        }
    }

    /// <summary>Removes every member of <paramref name="other"/> from this set. Returns true when something was removed.</summary>
    public bool ExceptWith(FieldTree other)
    {
        var changed = false;
        if (IsMember && other.IsMember)
        {
            IsMember = false;
            changed = true;
        }
        if (children is null || other.children is null) return changed;
        List<string>? emptied = null;
        foreach (var (element, otherChild) in other.children)
        {
            if (!children.TryGetValue(element, out var child)) continue;
            changed |= child.ExceptWith(otherChild);
            if (!child.HasAnyMember) (emptied ??= []).Add(element);
        }
        if (emptied is not null)
        {
            foreach (var element in emptied) children.Remove(element);
        }
        return changed;
    }

    /// <summary>A new set with the members of this set that are not members of <paramref name="other"/>.</summary>
    public FieldTree Difference(FieldTree other)
    {
        var result = Clone();
        result.ExceptWith(other);
        return result;
    }

    /// <summary>True when both trees hold exactly the same members.</summary>
    public bool SetEquals(FieldTree other)
    {
        if (IsMember != other.IsMember) return false;
        foreach (var (element, child) in Children)
        {
            var twin = other.Find(element);
            if (twin is null ? child.HasAnyMember : !child.SetEquals(twin)) return false;
        }
        foreach (var (element, twin) in other.Children)
        {
            if (Find(element) is null && twin.HasAnyMember) return false;
        }
        return true;
    }

    /// <summary>The paths (as element lists, ordinally sorted) that are members of both sets.</summary>
    public List<string[]> Intersect(FieldTree other)
    {
        var result = new List<string[]>();
        IntersectInto(other, new List<string>(), result);
        return result;
    }

    private void IntersectInto(FieldTree other, List<string> path, List<string[]> result)
    {
        if (IsMember && other.IsMember) result.Add([.. path]);
        if (children is null || other.children is null) return;
        foreach (var element in children.Keys.Order(StringComparer.Ordinal))
        {
            if (!other.children.TryGetValue(element, out var twin)) continue;
            path.Add(element);
            children[element].IntersectInto(twin, path, result);
            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>Removes one member path; returns true when it was a member.</summary>
    public bool RemovePath(IReadOnlyList<string> path)
    {
        var node = this;
        var trail = new List<(FieldTree Parent, string Element)>();
        foreach (var element in path)
        {
            var next = node.Find(element);
            if (next is null) return false;
            trail.Add((node, element));
            node = next;
        }
        if (!node.IsMember) return false;
        node.IsMember = false;
        for (var i = trail.Count - 1; i >= 0; i--)
        {
            var (parent, element) = trail[i];
            if (parent.children![element].HasAnyMember) break;
            parent.children.Remove(element);
        }
        return true;
    }
}

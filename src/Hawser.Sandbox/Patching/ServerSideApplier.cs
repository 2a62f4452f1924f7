using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// Server-side apply as the API server does it:
/// <list type="number">
/// <item>The applied configuration's fields become the manager's <c>Apply</c> field set.</item>
/// <item>A field another manager owns conflicts when the apply would give it a different value; without force the apply is refused,
/// with force the other manager loses the field. Equal values are shared.</item>
/// <item>The configuration is merged into the live object: maps field by field, list-map items by key, sets by value, atomic lists whole.</item>
/// <item>Fields the manager applied last time but not this time are removed, unless another manager owns them.</item>
/// </list>
/// Applying the same configuration twice returns an object equal to the live one, <c>managedFields</c> included.
/// An object without managed fields is treated as owned by <c>before-first-apply</c> (operation Update), as on the API server.
/// kubectl's own applies also upgrade from client-side apply (<see cref="LastAppliedUpgrade"/>).
/// </summary>
internal static class ServerSideApplier
{
    private const string BeforeFirstApply = "before-first-apply";

    public static ApplyOutcome Apply(JsonObject? live, JsonObject applied, ApplyRequest request, ListMapSchema schema)
    {
        var appliedSet = FieldSets.FromApplied(applied, schema);
        var time = ManagedFieldsEntry.FormatTime(request.Now);
        if (live is null) return Create(applied, appliedSet, request, time);

        var entries = ManagedFieldsEntry.Read(live);
        if (entries.Count == 0) entries.Add(BeforeFirstApplyEntry(live, schema, time));
        var mine = entries.Find(e => e.Is(request.Manager, ManagedFieldsEntry.Apply));

        var conflicts = FindConflicts(live, applied, appliedSet, entries, mine);
        if (conflicts.Count > 0 && !request.Force)
        {
            JsonObject? lastApplied = null;
            var refused = new List<FieldConflict>();
            foreach (var (_, path, conflict) in conflicts)
            {
                if (!LastAppliedUpgrade.IsAllowedConflict(request.Manager, live, path, ref lastApplied)) refused.Add(conflict);
            }
            if (refused.Count > 0)
                return new ApplyOutcome(live, [.. refused.OrderBy(c => c.Field, StringComparer.Ordinal).ThenBy(c => c.Manager, StringComparer.Ordinal)]);
        }
        foreach (var (entry, path, _) in conflicts)
        {
            entry.Dirty |= entry.Fields.RemovePath(path);
        }

        var result = (JsonObject)live.DeepClone();
        ObjectMerger.Merge(result, applied, schema);
        if (mine is not null)
        {
            // The fields still owned after this apply: every other manager's, and this manager's new set. A map this manager
            // owned as a whole ("." in its set, as kubectl's client-side-apply migration writes) stays while anything under it
            // is still owned, as the API server keeps a struct field with owned children.
            var owned = appliedSet.Clone();
            foreach (var entry in entries)
            {
                if (!ReferenceEquals(entry, mine)) owned.UnionWith(entry.Fields);
            }
            RemoveUnowned(result, mine.Fields.Difference(appliedSet), owned);
        }

        LastAppliedUpgrade.Sync(request.Manager, result, applied);
        var objectChanged = !FieldSets.ContentEquals(result, live);
        if (mine is null)
        {
            entries.Add(new ManagedFieldsEntry
            {
                Manager = request.Manager, Operation = ManagedFieldsEntry.Apply, ApiVersion = request.ApiVersion,
                Time = time, Fields = appliedSet, Dirty = true,
            });
        }
        else if (objectChanged || !mine.Fields.SetEquals(appliedSet) || mine.ApiVersion != request.ApiVersion)
        {
            mine.Fields = appliedSet;
            mine.ApiVersion = request.ApiVersion;
            mine.Time = time;
            mine.Dirty = true;
        }
        if (entries.Exists(e => e.Dirty)) ManagedFieldsEntry.Write(result, entries);
        return new ApplyOutcome(result, []);
    }

    private static ApplyOutcome Create(JsonObject applied, FieldTree appliedSet, ApplyRequest request, string time)
    {
        var result = (JsonObject)applied.DeepClone();
        RemoveNulls(result);
        LastAppliedUpgrade.Sync(request.Manager, result, applied);
        var entry = new ManagedFieldsEntry
        {
            Manager = request.Manager, Operation = ManagedFieldsEntry.Apply, ApiVersion = request.ApiVersion,
            Time = time, Fields = appliedSet,
        };
        ManagedFieldsEntry.Write(result, [entry]);
        return new ApplyOutcome(result, []);
    }

    private static ManagedFieldsEntry BeforeFirstApplyEntry(JsonObject live, ListMapSchema schema, string time)
    {
        FieldSets.Diff(null, live, schema, out var owned, out _);
        return new ManagedFieldsEntry
        {
            Manager = BeforeFirstApply, Operation = ManagedFieldsEntry.Update,
            ApiVersion = live["apiVersion"]?.GetValue<string>() ?? "", Time = time, Fields = owned, Dirty = true,
        };
    }

    private static List<(ManagedFieldsEntry Entry, string[] Path, FieldConflict Conflict)> FindConflicts(
        JsonObject live, JsonObject applied, FieldTree appliedSet, List<ManagedFieldsEntry> entries, ManagedFieldsEntry? mine)
    {
        var conflicts = new List<(ManagedFieldsEntry, string[], FieldConflict)>();
        foreach (var entry in entries)
        {
            if (ReferenceEquals(entry, mine)) continue;
            foreach (var path in entry.Fields.Intersect(appliedSet))
            {
                if (SameValue(live, applied, path)) continue;
                conflicts.Add((entry, path, new FieldConflict(entry.Manager, PathElements.Format(path), entry.ApiVersion)));
            }
        }
        return conflicts;
    }

    /// <summary>True when the value at a path is the same in both objects; a list-map item that exists in both counts as the same (its fields are compared on their own).</summary>
    private static bool SameValue(JsonObject live, JsonObject applied, string[] path)
    {
        JsonNode? a = live, b = applied;
        foreach (var element in path)
        {
            if (!PathElements.TryStep(a, element, out a)) return false;
            if (!PathElements.TryStep(b, element, out b)) return false;
        }
        return path.Length > 0 && path[^1].StartsWith("k:", StringComparison.Ordinal) || JsonNode.DeepEquals(a, b);
    }

    /// <summary>Removes the fields in <paramref name="remove"/> from <paramref name="node"/>, keeping any that is still owned (or partly owned).</summary>
    /// <remarks>A list-map item that stays because another manager owns part of it keeps its key fields.</remarks>
    private static void RemoveUnowned(JsonNode node, FieldTree remove, FieldTree? owned, IReadOnlySet<string>? keep = null)
    {
        foreach (var element in remove.Children.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (keep is not null && keep.Contains(element)) continue;
            var child = remove.Children[element];
            var ownedChild = owned?.Find(element);
            if (child.IsMember && (ownedChild is null || !ownedChild.HasAnyMember))
            {
                PathElements.Remove(node, element);
            }
            else if (child.HasChildren && PathElements.TryStep(node, element, out var next) && next is not null)
            {
                RemoveUnowned(next, child, ownedChild, KeyFields(element));
            }
        }
    }

    private static HashSet<string>? KeyFields(string element) =>
        element.StartsWith("k:", StringComparison.Ordinal) && JsonNode.Parse(element[2..]) is JsonObject keys
            ? keys.Select(k => PathElements.Field(k.Key)).ToHashSet(StringComparer.Ordinal)
            : null;

    private static void RemoveNulls(JsonObject obj)
    {
        List<string>? nulls = null;
        foreach (var (name, value) in obj)
        {
            if (value is null) (nulls ??= []).Add(name);
            else if (value is JsonObject child) RemoveNulls(child);
        }
        if (nulls is null) return;
        foreach (var name in nulls) obj.Remove(name);
    }
}

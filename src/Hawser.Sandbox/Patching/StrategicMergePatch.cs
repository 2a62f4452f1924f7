using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// Strategic merge patch for built-in kinds, as kubectl's client-side apply, <c>kubectl patch</c> and client-side diff send it:
/// objects merge like a merge patch; lists with a merge key merge item by item; primitive "merge" lists (finalizers) merge by value;
/// other lists are replaced. Directives: <c>$patch: replace|delete|merge</c> on maps and list items, <c>$retainKeys</c>,
/// <c>$setElementOrder/&lt;list&gt;</c> and <c>$deleteFromPrimitiveList/&lt;list&gt;</c>.
/// </summary>
internal static class StrategicMergePatch
{
    private const string PatchDirective = "$patch";
    private const string RetainKeys = "$retainKeys";
    private const string SetElementOrder = "$setElementOrder/";
    private const string DeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

    public static JsonObject Apply(JsonObject live, JsonNode? patch, ListMapSchema schema)
    {
        if (patch is not JsonObject patchObject) throw new PatchException("a strategic merge patch must be a JSON object");
        var result = (JsonObject)live.DeepClone();
        var directive = Directive(patchObject);
        if (directive == "delete") throw new PatchException("a strategic merge patch cannot delete the whole object");
        if (directive == "replace") return Clean(patchObject, "", schema);
        MergeObject(result, patchObject, "", schema);
        return result;
    }

    private static string? Directive(JsonObject obj) =>
        obj.TryGetPropertyValue(PatchDirective, out var value)
            ? value is JsonValue v && v.TryGetValue<string>(out var text) && text is "replace" or "delete" or "merge"
                ? text
                : throw new PatchException($"unknown {PatchDirective} directive: {value?.ToJsonString()}")
            : null;

    private static void MergeObject(JsonObject target, JsonObject patch, string path, ListMapSchema schema)
    {
        List<(string List, JsonArray Order)>? orders = null;
        List<(string List, JsonArray Values)>? deletions = null;
        JsonArray? retain = null;
        foreach (var (name, value) in patch)
        {
            if (name == PatchDirective) continue;
            if (name == RetainKeys)
            {
                retain = value as JsonArray ?? throw new PatchException($"{RetainKeys} must be a list of field names");
                continue;
            }
            if (name.StartsWith(SetElementOrder, StringComparison.Ordinal))
            {
                (orders ??= []).Add((name[SetElementOrder.Length..], value as JsonArray ?? throw new PatchException($"{name} must be a list")));
                continue;
            }
            if (name.StartsWith(DeleteFromPrimitiveList, StringComparison.Ordinal))
            {
                (deletions ??= []).Add((name[DeleteFromPrimitiveList.Length..], value as JsonArray ?? throw new PatchException($"{name} must be a list")));
                continue;
            }
            if (name.StartsWith('$')) throw new PatchException($"unknown strategic merge patch directive \"{name}\"");

            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            switch (value)
            {
                case null:
                    target.Remove(name);
                    break;
                case JsonObject obj:
                    var directive = Directive(obj);
                    if (directive == "delete") target.Remove(name);
                    else if (directive == "replace" || target[name] is not JsonObject current) target[name] = Clean(obj, childPath, schema);
                    else MergeObject(current, obj, childPath, schema);
                    break;
                case JsonArray array:
                    target[name] = MergeList(target[name] as JsonArray, array, childPath, schema);
                    break;
                default:
                    target[name] = value.DeepClone();
                    break;
            }
        }
        if (deletions is not null)
        {
            foreach (var (list, values) in deletions) DeleteValues(target, list, values);
        }
        if (orders is not null)
        {
            foreach (var (list, order) in orders) Reorder(target, list, order, path.Length == 0 ? list : $"{path}.{list}", schema);
        }
        if (retain is not null)
        {
            var keep = retain.Select(k => k?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            foreach (var name in target.Select(p => p.Key).Where(k => !keep.Contains(k)).ToList()) target.Remove(name);
        }
    }

    private static JsonArray MergeList(JsonArray? live, JsonArray patch, string path, ListMapSchema schema)
    {
        var type = schema.Get(path);
        var replaceItem = patch.OfType<JsonObject>().FirstOrDefault(o => Directive(o) == "replace" && o.Count == 1);
        if (replaceItem is not null || live is null || type.Kind == ListKind.Atomic)
        {
            return [.. patch.Where(i => !ReferenceEquals(i, replaceItem) && !(i is JsonObject o && Directive(o) == "delete")).Select(i => CleanNode(i, path, schema))];
        }
        if (type.Kind == ListKind.Set)
        {
            foreach (var item in patch)
            {
                if (!live.Any(l => JsonNode.DeepEquals(l, item))) live.Add(item?.DeepClone());
            }
            return live;
        }
        var key = type.MergeKey;
        foreach (var item in patch)
        {
            if (item is not JsonObject itemObject || !itemObject.TryGetPropertyValue(key, out var keyValue))
            {
                throw new PatchException($"an item of the list \"{path}\" lacks its merge key \"{key}\"");
            }
            var at = FindByKey(live, key, keyValue);
            var directive = Directive(itemObject);
            if (directive == "delete")
            {
                if (at >= 0) live.RemoveAt(at);
            }
            else if (at >= 0 && directive != "replace" && live[at] is JsonObject existing)
            {
                MergeObject(existing, itemObject, path, schema);
            }
            else if (at >= 0)
            {
                live[at] = Clean(itemObject, path, schema);
            }
            else
            {
                live.Add((JsonNode)Clean(itemObject, path, schema));
            }
        }
        return live;
    }

    private static int FindByKey(JsonArray list, string key, JsonNode? value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is JsonObject item && item.TryGetPropertyValue(key, out var v) && JsonNode.DeepEquals(v, value)) return i;
        }
        return -1;
    }

    private static void DeleteValues(JsonObject target, string list, JsonArray values)
    {
        if (target[list] is not JsonArray array) return;
        for (var i = array.Count - 1; i >= 0; i--)
        {
            if (values.Any(v => JsonNode.DeepEquals(v, array[i]))) array.RemoveAt(i);
        }
    }

    /// <summary>Puts the items named by a <c>$setElementOrder</c> list first, in its order; other items keep their relative order after them.</summary>
    private static void Reorder(JsonObject target, string list, JsonArray order, string path, ListMapSchema schema)
    {
        if (target[list] is not JsonArray array) return;
        var key = schema.Get(path).MergeKey;
        var items = array.ToList();
        var ordered = new List<JsonNode?>();
        foreach (var wanted in order)
        {
            var match = items.FindIndex(item => key.Length > 0 && wanted is JsonObject w && item is JsonObject o
                ? JsonNode.DeepEquals(o[key], w[key])
                : JsonNode.DeepEquals(item, wanted));
            if (match < 0) continue;
            ordered.Add(items[match]);
            items.RemoveAt(match);
        }
        ordered.AddRange(items);
        array.Clear();
        foreach (var item in ordered) array.Add(item);
    }

    /// <summary>A copy of a patch fragment with its directives applied to nothing (what a new value becomes).</summary>
    private static JsonObject Clean(JsonObject patch, string path, ListMapSchema schema)
    {
        var result = new JsonObject();
        MergeObject(result, patch, path, schema);
        return result;
    }

    private static JsonNode? CleanNode(JsonNode? node, string path, ListMapSchema schema) =>
        node is JsonObject obj ? Clean(obj, path, schema) : node?.DeepClone();
}

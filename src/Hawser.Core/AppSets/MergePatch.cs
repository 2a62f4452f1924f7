using System.Text.Json.Nodes;

namespace Hawser.AppSets;

/// <summary>
/// Applies a <c>templatePatch</c> to a generated Application: maps merge key by key, <c>null</c> deletes a key, anything else
/// (scalars and lists) replaces. This is what Kubernetes' strategic merge does for the Application type, whose lists have no
/// merge keys.
/// </summary>
internal static class MergePatch
{
    public static JsonObject Apply(JsonObject target, JsonObject patch)
    {
        var result = (JsonObject)target.DeepClone();
        foreach (var (key, value) in patch)
        {
            if (value is null) result.Remove(key);
            else if (value is JsonObject o && result[key] is JsonObject existing) result[key] = Apply(existing, o);
            else result[key] = value.DeepClone();
        }
        return result;
    }
}

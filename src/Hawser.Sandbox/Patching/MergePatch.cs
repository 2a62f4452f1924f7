using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>JSON merge patch (RFC 7386): objects merge recursively, <c>null</c> deletes, everything else (lists included) replaces.</summary>
internal static class MergePatch
{
    public static JsonObject Apply(JsonObject live, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) throw new PatchException("a merge patch for an object must be a JSON object");
        var result = (JsonObject)live.DeepClone();
        MergeInto(result, patchObject);
        return result;
    }

    private static void MergeInto(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            switch (value)
            {
                case null:
                    target.Remove(name);
                    break;
                case JsonObject obj:
                    if (target[name] is not JsonObject child)
                    {
                        child = [];
                        target[name] = child;
                    }
                    MergeInto(child, obj);
                    break;
                default:
                    target[name] = value.DeepClone();
                    break;
            }
        }
    }
}

using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Patching;

namespace Hawser.Sandbox.Http;

/// <summary>
/// Field ownership for non-apply writes, through the patch engine: a create, update or patch is recorded as an
/// <c>Update</c> entry of its field manager, unless the request itself replaced <c>metadata.managedFields</c>
/// (kubectl's client-side-apply migration does that with a JSON patch), in which case the given entries are kept.
/// </summary>
internal static class ManagedFields
{
    private static readonly ConditionalWeakTable<ResourceType, ListMapSchema> Schemas = new();

    public static ListMapSchema SchemaFor(ResourceType type) =>
        Schemas.GetValue(type, t => t.IsCustom ? ListMapSchema.FromCrdSchema(t.Schema) : ListMapSchema.ForBuiltIn(t.GroupVersionKind));

    /// <summary>A callback for <see cref="Writes.ObjectWriter"/> that records the write for <paramref name="manager"/>.</summary>
    public static Action<JsonObject?, JsonObject> Recorder(ResourceType type, string manager, DateTimeOffset now) => (before, after) =>
    {
        var given = after["metadata"]?["managedFields"];
        var previous = before?["metadata"]?["managedFields"];
        if (before is not null && given is not null && !JsonNode.DeepEquals(given, previous)) return;
        PatchEngine.RecordUpdate(before, after, manager, type.ApiVersion, now, SchemaFor(type));
    };
}

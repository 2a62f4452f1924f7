using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Patching;

/// <summary>
/// Records <c>managedFields</c> for a write that is not an apply (create, update, patch: operation <c>Update</c>):
/// the writer takes the fields it set or changed, every manager loses the fields the write changed or removed.
/// When the write itself replaced <c>managedFields</c> (kubectl's client-side-apply migration does this with a JSON patch),
/// the new entries are kept as given; an explicit empty list resets ownership to the writer.
/// </summary>
internal static class UpdateRecorder
{
    public static void Record(JsonObject? before, JsonObject after, string manager, string apiVersion, DateTimeOffset now, ListMapSchema schema)
    {
        var time = ManagedFieldsEntry.FormatTime(now);
        var givenEntries = after["metadata"]?["managedFields"];
        var beforeEntries = before?["metadata"]?["managedFields"];
        List<ManagedFieldsEntry> entries;
        JsonObject? baseline = before;
        if (givenEntries is JsonArray { Count: 0 })
        {
            entries = [];
            baseline = null;
        }
        else if (before is not null && givenEntries is not null && !JsonNode.DeepEquals(givenEntries, beforeEntries))
        {
            entries = ManagedFieldsEntry.Read(after);
        }
        else
        {
            entries = before is null ? [] : ManagedFieldsEntry.Read(before);
        }

        // Nothing but (perhaps) managedFields changed: the object already says what it should.
        if (baseline is not null && FieldSets.ContentEquals(baseline, after)) return;
        FieldSets.Diff(baseline, after, schema, out var changed, out var removed);
        foreach (var entry in entries)
        {
            entry.Fields.ExceptWith(changed);
            entry.Fields.ExceptWith(removed);
        }
        var mine = entries.Find(e => e.Is(manager, ManagedFieldsEntry.Update));
        if (mine is null)
        {
            mine = new ManagedFieldsEntry
            {
                Manager = manager, Operation = ManagedFieldsEntry.Update, ApiVersion = apiVersion, Time = time, Fields = new FieldTree(),
            };
            entries.Add(mine);
        }
        mine.Fields.UnionWith(changed);
        mine.ApiVersion = apiVersion;
        mine.Time = time;
        ManagedFieldsEntry.Write(after, entries);
    }
}

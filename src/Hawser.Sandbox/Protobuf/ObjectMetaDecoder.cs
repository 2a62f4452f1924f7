using System.Globalization;
using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Protobuf;

/// <summary>
/// Decodes <c>meta.v1.ObjectMeta</c> (k8s.io/apimachinery generated.proto): 1 name, 2 generateName, 3 namespace, 5 uid,
/// 6 resourceVersion, 7 generation, 8 creationTimestamp, 9 deletionTimestamp, 10 deletionGracePeriodSeconds, 11 labels,
/// 12 annotations, 13 ownerReferences, 14 finalizers. selfLink (4) and managedFields (17) are dropped: the server owns them.
/// </summary>
internal static class ObjectMetaDecoder
{
    public static JsonObject Decode(ReadOnlySpan<byte> data) => Wire.Fields(data, ReadField);

    private static bool ReadField(ref ProtoReader reader, int field, int wire, JsonObject meta)
    {
        switch (field)
        {
            case 1: Wire.SetString(meta, "name", reader.ReadString()); return true;
            case 2: Wire.SetString(meta, "generateName", reader.ReadString()); return true;
            case 3: Wire.SetString(meta, "namespace", reader.ReadString()); return true;
            case 5: Wire.SetString(meta, "uid", reader.ReadString()); return true;
            case 6: Wire.SetString(meta, "resourceVersion", reader.ReadString()); return true;
            case 7:
                var generation = reader.ReadInt64();
                if (generation != 0) meta["generation"] = generation;
                return true;
            case 8: SetTime(meta, "creationTimestamp", Wire.Message(ref reader, wire, field)); return true;
            case 9: SetTime(meta, "deletionTimestamp", Wire.Message(ref reader, wire, field)); return true;
            case 10: meta["deletionGracePeriodSeconds"] = reader.ReadInt64(); return true;
            case 11: Wire.AddMapEntry(meta, "labels", Wire.Message(ref reader, wire, field), base64Values: false); return true;
            case 12: Wire.AddMapEntry(meta, "annotations", Wire.Message(ref reader, wire, field), base64Values: false); return true;
            case 13: Wire.AddItem(meta, "ownerReferences", OwnerReference(Wire.Message(ref reader, wire, field))); return true;
            case 14: Wire.AddString(meta, "finalizers", reader.ReadString()); return true;
            default: return false;
        }
    }

    /// <summary>OwnerReference: 1 kind, 3 name, 4 uid, 5 apiVersion, 6 controller, 7 blockOwnerDeletion.</summary>
    private static JsonObject OwnerReference(ReadOnlySpan<byte> data) => Wire.Fields(data, static (ref ProtoReader r, int f, int w, JsonObject o) =>
    {
        switch (f)
        {
            case 1: Wire.SetString(o, "kind", r.ReadString()); return true;
            case 3: Wire.SetString(o, "name", r.ReadString()); return true;
            case 4: Wire.SetString(o, "uid", r.ReadString()); return true;
            case 5: Wire.SetString(o, "apiVersion", r.ReadString()); return true;
            case 6: o["controller"] = r.ReadBool(); return true;
            case 7: o["blockOwnerDeletion"] = r.ReadBool(); return true;
            default: return false;
        }
    });

    /// <summary>core.v1.ObjectReference: 1 kind, 2 namespace, 3 name, 4 uid, 5 apiVersion, 6 resourceVersion, 7 fieldPath.</summary>
    public static JsonObject ObjectReference(ReadOnlySpan<byte> data) => Wire.Fields(data, static (ref ProtoReader r, int f, int w, JsonObject o) =>
    {
        var name = f switch { 1 => "kind", 2 => "namespace", 3 => "name", 4 => "uid", 5 => "apiVersion", 6 => "resourceVersion", 7 => "fieldPath", _ => null };
        if (name is null || w != ProtoReader.LengthDelimited) return false;
        Wire.SetString(o, name, r.ReadString());
        return true;
    });

    /// <summary>meta.v1.Time{1 seconds, 2 nanos} as RFC 3339; an all-zero time is absent.</summary>
    private static void SetTime(JsonObject meta, string name, ReadOnlySpan<byte> data)
    {
        long seconds = 0;
        var reader = new ProtoReader(data);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == ProtoReader.Varint) seconds = reader.ReadInt64();
            else reader.Skip(wire);
        }
        if (seconds == 0) return;
        meta[name] = DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}

using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Protobuf;

/// <summary>Reads one field of a message into a JSON object; returns false to have the field skipped.</summary>
internal delegate bool FieldReader(ref ProtoReader reader, int field, int wireType, JsonObject target);

/// <summary>Helpers shared by the kind decoders: nested messages, map entries, Go <c>omitempty</c> rules.</summary>
internal static class Wire
{
    /// <summary>Reads a nested message's bytes, checking the wire type.</summary>
    public static ReadOnlySpan<byte> Message(ref ProtoReader reader, int wireType, int field)
    {
        ProtoReader.Expect(wireType, ProtoReader.LengthDelimited, field);
        return reader.ReadBytes();
    }

    /// <summary>Decodes a message with a field reader; unknown fields are skipped.</summary>
    public static JsonObject Fields(ReadOnlySpan<byte> data, FieldReader read)
    {
        var obj = new JsonObject();
        var reader = new ProtoReader(data);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (!read(ref reader, field, wire, obj)) reader.Skip(wire);
        }
        return obj;
    }

    /// <summary>Sets a string unless it is empty (Go's omitempty).</summary>
    public static void SetString(JsonObject target, string name, string value)
    {
        if (value.Length > 0) target[name] = value;
    }

    /// <summary>Sets an object unless it is empty.</summary>
    public static void SetObject(JsonObject target, string name, JsonObject value)
    {
        if (value.Count > 0) target[name] = value;
    }

    public static void AddString(JsonObject target, string name, string value) => List(target, name).Add(value);

    public static void AddItem(JsonObject target, string name, JsonObject item) => List(target, name).Add(item);

    /// <summary>Adds one <c>map&lt;string, string|bytes&gt;</c> entry (key 1, value 2); bytes become base64 as in JSON.</summary>
    public static void AddMapEntry(JsonObject target, string name, ReadOnlySpan<byte> entry, bool base64Values)
    {
        var reader = new ProtoReader(entry);
        string key = "", value = "";
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field is 1 or 2 && wire == ProtoReader.LengthDelimited)
            {
                var bytes = reader.ReadBytes();
                if (field == 1) key = System.Text.Encoding.UTF8.GetString(bytes);
                else value = base64Values ? Convert.ToBase64String(bytes) : System.Text.Encoding.UTF8.GetString(bytes);
            }
            else
            {
                reader.Skip(wire);
            }
        }
        if (target[name] is not JsonObject map)
        {
            map = [];
            target[name] = map;
        }
        map[key] = value;
    }

    private static JsonArray List(JsonObject target, string name)
    {
        if (target[name] is JsonArray list) return list;
        list = [];
        target[name] = list;
        return list;
    }
}

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

    /// <summary>
    /// Like <see cref="Fields"/>, but a field <paramref name="read"/> does not know is refused when it carries a value (only
    /// zeros and empty messages, which Go's encoder writes for unset plain fields, are skipped): nothing is silently dropped.
    /// </summary>
    public static JsonObject KnownFields(ReadOnlySpan<byte> data, FieldReader read, string message)
    {
        var obj = new JsonObject();
        var reader = new ProtoReader(data);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (read(ref reader, field, wire, obj)) continue;
            if (!IsEmpty(ref reader, wire))
                throw new ProtobufDecodeException($"protobuf field {field} of {message} is not supported by the sandbox; send the object as JSON (e.g. kubectl apply)") { UnsupportedKind = true };
        }
        return obj;
    }

    /// <summary>A message of string fields numbered 1, 2, 3... in the order of <paramref name="names"/>.</summary>
    public static JsonObject Strings(ReadOnlySpan<byte> data, params string[] names)
    {
        var obj = new JsonObject();
        var reader = new ProtoReader(data);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field >= 1 && field <= names.Length && wire == ProtoReader.LengthDelimited) Wire.SetString(obj, names[field - 1], reader.ReadString());
            else reader.Skip(wire);
        }
        return obj;
    }

    /// <summary>Sets a number unless it is zero (Go's omitempty on a plain number).</summary>
    public static void SetNumber(JsonObject target, string name, long value)
    {
        if (value != 0) target[name] = value;
    }

    /// <summary>Sets a boolean only when true (Go's omitempty on a plain bool).</summary>
    public static void SetTrue(JsonObject target, string name, bool value)
    {
        if (value) target[name] = true;
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

    public static void AddString(JsonObject target, string name, string value) => List(target, name).Add((JsonNode)value);

    public static void AddItem(JsonObject target, string name, JsonObject item) => List(target, name).Add((JsonNode)item);

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

    // Reads one field's value and tells whether it is a zero: 0, no bytes, or a message of zero fields only.
    private static bool IsEmpty(ref ProtoReader reader, int wireType)
    {
        if (wireType == ProtoReader.Varint) return reader.ReadVarint() == 0;
        if (wireType != ProtoReader.LengthDelimited)
        {
            reader.Skip(wireType);
            return false;
        }
        return IsEmptyMessage(reader.ReadBytes());
    }

    private static bool IsEmptyMessage(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty) return true;
        try
        {
            var inner = new ProtoReader(bytes);
            while (inner.TryReadTag(out _, out var wire))
            {
                if (!IsEmpty(ref inner, wire)) return false;
            }
            return true;
        }
        catch (ProtobufDecodeException)
        {
            return false; // not a message: a non-empty string or bytes
        }
    }

    private static JsonArray List(JsonObject target, string name)
    {
        if (target[name] is JsonArray list) return list;
        list = [];
        target[name] = list;
        return list;
    }
}

using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Protobuf;

/// <summary>
/// Core kinds beyond the basic four, for <c>kubectl create service|quota</c>, with field numbers from <c>k8s.io/api/core/v1/generated.proto</c>:
/// Service{1 metadata, 2 spec}, ServiceSpec{1 ports, 2 selector, 3 clusterIP, 4 type, 10 externalName, 18 clusterIPs},
/// ServicePort{1 name, 2 protocol, 3 port, 4 targetPort, 5 nodePort, 6 appProtocol}, IntOrString{1 type, 2 intVal, 3 strVal},
/// ResourceQuota{1 metadata, 2 spec{1 hard (Quantity{1 string}), 2 scopes}}; meta LabelSelector{1 matchLabels, 2 matchExpressions{1 key, 2 operator, 3 values}}.
/// </summary>
internal static class CoreDecoders
{
    public static void Service(ReadOnlySpan<byte> raw, JsonObject target)
    {
        var reader = new ProtoReader(raw);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: Wire.SetObject(target, "metadata", ObjectMetaDecoder.Decode(Wire.Message(ref reader, wire, field))); break;
                case 2: Wire.SetObject(target, "spec", Wire.Fields(Wire.Message(ref reader, wire, field), ServiceSpecField)); break;
                default: reader.Skip(wire); break;
            }
        }
    }

    private static bool ServiceSpecField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        switch (f)
        {
            case 1: Wire.AddItem(o, "ports", Wire.Fields(Wire.Message(ref r, w, f), ServicePortField)); return true;
            case 2: Wire.AddMapEntry(o, "selector", Wire.Message(ref r, w, f), base64Values: false); return true;
            case 3: Wire.SetString(o, "clusterIP", r.ReadString()); return true;
            case 4: Wire.SetString(o, "type", r.ReadString()); return true;
            case 10: Wire.SetString(o, "externalName", r.ReadString()); return true;
            case 18: Wire.AddString(o, "clusterIPs", r.ReadString()); return true;
            default: return false;
        }
    }

    private static bool ServicePortField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        switch (f)
        {
            case 1: Wire.SetString(o, "name", r.ReadString()); return true;
            case 2: Wire.SetString(o, "protocol", r.ReadString()); return true;
            case 3: o["port"] = r.ReadInt64(); return true;
            case 4: o["targetPort"] = IntOrString(Wire.Message(ref r, w, f)); return true;
            case 5:
                var nodePort = r.ReadInt64();
                if (nodePort != 0) o["nodePort"] = nodePort;
                return true;
            case 6: Wire.SetString(o, "appProtocol", r.ReadString()); return true;
            default: return false;
        }
    }

    /// <summary>IntOrString{1 type (0 int, 1 string), 2 intVal, 3 strVal} as JSON's number-or-string.</summary>
    public static JsonNode IntOrString(ReadOnlySpan<byte> data)
    {
        long type = 0, number = 0;
        var text = "";
        var reader = new ProtoReader(data);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == ProtoReader.Varint: type = reader.ReadInt64(); break;
                case 2 when wire == ProtoReader.Varint: number = reader.ReadInt64(); break;
                case 3 when wire == ProtoReader.LengthDelimited: text = reader.ReadString(); break;
                default: reader.Skip(wire); break;
            }
        }
        return type == 1 ? JsonValue.Create(text) : JsonValue.Create(number);
    }

    public static void ResourceQuota(ReadOnlySpan<byte> raw, JsonObject target)
    {
        var reader = new ProtoReader(raw);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: Wire.SetObject(target, "metadata", ObjectMetaDecoder.Decode(Wire.Message(ref reader, wire, field))); break;
                case 2: target["spec"] = Wire.Fields(Wire.Message(ref reader, wire, field), QuotaSpecField); break;
                default: reader.Skip(wire); break;
            }
        }
    }

    private static bool QuotaSpecField(ref ProtoReader r, int f, int w, JsonObject o)
    {
        switch (f)
        {
            case 1:
                var (key, quantity) = QuantityEntry(Wire.Message(ref r, w, f));
                if (o["hard"] is not JsonObject hard)
                {
                    hard = [];
                    o["hard"] = hard;
                }
                hard[key] = quantity;
                return true;
            case 2: Wire.AddString(o, "scopes", r.ReadString()); return true;
            default: return false;
        }
    }

    /// <summary>One <c>map&lt;string, Quantity&gt;</c> entry (key 1, value 2).</summary>
    public static (string Key, string Quantity) QuantityEntry(ReadOnlySpan<byte> data)
    {
        var entry = new ProtoReader(data);
        string key = "", quantity = "";
        while (entry.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == ProtoReader.LengthDelimited) key = entry.ReadString();
            else if (field == 2 && wire == ProtoReader.LengthDelimited) quantity = Quantity(entry.ReadBytes());
            else entry.Skip(wire);
        }
        return (key, quantity);
    }

    /// <summary>resource.Quantity{1 string}.</summary>
    private static string Quantity(ReadOnlySpan<byte> data)
    {
        var reader = new ProtoReader(data);
        var text = "";
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == ProtoReader.LengthDelimited) text = reader.ReadString();
            else reader.Skip(wire);
        }
        return text;
    }

    /// <summary>meta.v1.LabelSelector{1 matchLabels, 2 matchExpressions{1 key, 2 operator, 3 values}}.</summary>
    public static JsonObject LabelSelector(ReadOnlySpan<byte> data) => Wire.Fields(data, static (ref ProtoReader r, int f, int w, JsonObject o) =>
    {
        switch (f)
        {
            case 1:
                Wire.AddMapEntry(o, "matchLabels", Wire.Message(ref r, w, f), base64Values: false);
                return true;
            case 2:
                Wire.AddItem(o, "matchExpressions", Wire.Fields(Wire.Message(ref r, w, f), static (ref ProtoReader e, int ef, int ew, JsonObject x) =>
                {
                    if (ew != ProtoReader.LengthDelimited) return false;
                    switch (ef)
                    {
                        case 1: Wire.SetString(x, "key", e.ReadString()); return true;
                        case 2: Wire.SetString(x, "operator", e.ReadString()); return true;
                        case 3: Wire.AddString(x, "values", e.ReadString()); return true;
                        default: return false;
                    }
                }));
                return true;
            default:
                return false;
        }
    });
}

using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Protobuf;

/// <summary>
/// The review kinds <c>kubectl auth can-i|whoami</c> and <c>kubectl create token</c> send, field numbers from
/// <c>k8s.io/api/authorization/v1/generated.proto</c> and <c>k8s.io/api/authentication/v1/generated.proto</c>:
/// SelfSubjectAccessReview{1 metadata, 2 spec{1 resourceAttributes{1 namespace, 2 verb, 3 group, 4 version, 5 resource,
/// 6 subresource, 7 name}, 2 nonResourceAttributes{1 path, 2 verb}}}, SelfSubjectRulesReview{1 metadata, 2 spec{1 namespace}},
/// SelfSubjectReview{1 metadata}, TokenRequest{1 metadata, 2 spec{1 audiences, 3 boundObjectRef{1 kind, 2 apiVersion, 3 name,
/// 4 uid}, 4 expirationSeconds}}. Statuses are the server's to write and are not read.
/// </summary>
internal static class ReviewDecoders
{
    private static readonly string[] ResourceAttributeNames = ["namespace", "verb", "group", "version", "resource", "subresource", "name"];
    private static readonly string[] NonResourceAttributeNames = ["path", "verb"];
    private static readonly string[] BoundObjectNames = ["kind", "apiVersion", "name", "uid"];

    public static void SelfSubjectAccessReview(ReadOnlySpan<byte> raw, JsonObject target) =>
        MetadataAndSpec(raw, target, static spec => Wire.Fields(spec, static (ref ProtoReader r, int f, int w, JsonObject o) =>
        {
            var (name, names) = f switch { 1 => ("resourceAttributes", ResourceAttributeNames), 2 => ("nonResourceAttributes", NonResourceAttributeNames), _ => ("", []) };
            if (name.Length == 0 || w != ProtoReader.LengthDelimited) return false;
            o[name] = Wire.Strings(r.ReadBytes(), names);
            return true;
        }));

    public static void SelfSubjectRulesReview(ReadOnlySpan<byte> raw, JsonObject target) =>
        MetadataAndSpec(raw, target, static spec => Wire.Strings(spec, ["namespace"]));

    public static void SelfSubjectReview(ReadOnlySpan<byte> raw, JsonObject target) =>
        MetadataAndSpec(raw, target, static _ => new JsonObject());

    public static void TokenRequest(ReadOnlySpan<byte> raw, JsonObject target) =>
        MetadataAndSpec(raw, target, static spec => Wire.Fields(spec, static (ref ProtoReader r, int f, int w, JsonObject o) =>
        {
            switch (f)
            {
                case 1 when w == ProtoReader.LengthDelimited:
                    Wire.AddString(o, "audiences", r.ReadString());
                    return true;
                case 3 when w == ProtoReader.LengthDelimited:
                    o["boundObjectRef"] = Wire.Strings(r.ReadBytes(), BoundObjectNames);
                    return true;
                case 4 when w == ProtoReader.Varint:
                    Wire.SetNumber(o, "expirationSeconds", r.ReadInt64());
                    return true;
                default:
                    return false;
            }
        }));

    // Field 1 is the ObjectMeta, field 2 the spec (for SelfSubjectReview, which has none, the status: skipped like any status).
    private delegate JsonObject SpecDecoder(ReadOnlySpan<byte> spec);

    private static void MetadataAndSpec(ReadOnlySpan<byte> raw, JsonObject target, SpecDecoder spec)
    {
        var reader = new ProtoReader(raw);
        var hasSpec = target["kind"]?.GetValue<string>() != "SelfSubjectReview";
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1: Wire.SetObject(target, "metadata", ObjectMetaDecoder.Decode(Wire.Message(ref reader, wire, field))); break;
                case 2 when hasSpec: target["spec"] = spec(Wire.Message(ref reader, wire, field)); break;
                default: reader.Skip(wire); break;
            }
        }
    }
}

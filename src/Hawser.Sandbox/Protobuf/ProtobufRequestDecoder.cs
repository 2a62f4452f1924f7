using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Protobuf;

/// <summary>
/// Decodes the protobuf request bodies kubectl's typed client sends (<c>kubectl create namespace|configmap|secret|serviceaccount</c>):
/// the magic <c>k8s\0</c>, then <c>runtime.Unknown{1: TypeMeta{1: apiVersion, 2: kind}, 2: raw, 3: contentEncoding, 4: contentType}</c>,
/// where <c>raw</c> is the object in the field numbers of <c>k8s.io/api/.../generated.proto</c>. The result is the object as JSON,
/// with the defaults-as-absent rule of Go's <c>omitempty</c> (empty strings, zero numbers and empty maps are left out).
/// </summary>
internal static class ProtobufRequestDecoder
{
    /// <summary>The media type of protobuf request bodies.</summary>
    public const string ContentType = "application/vnd.kubernetes.protobuf";

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>Decodes one envelope. Throws <see cref="ProtobufDecodeException"/> when it cannot.</summary>
    public static JsonObject Decode(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        if (!span.StartsWith(Magic)) throw new ProtobufDecodeException("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
        var reader = new ProtoReader(span[Magic.Length..]);
        string apiVersion = "", kind = "", encoding = "";
        ReadOnlySpan<byte> raw = default;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    ProtoReader.Expect(wire, ProtoReader.LengthDelimited, field);
                    ReadTypeMeta(reader.ReadBytes(), out apiVersion, out kind);
                    break;
                case 2:
                    ProtoReader.Expect(wire, ProtoReader.LengthDelimited, field);
                    raw = reader.ReadBytes();
                    break;
                case 3:
                    ProtoReader.Expect(wire, ProtoReader.LengthDelimited, field);
                    encoding = reader.ReadString();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        if (encoding.Length > 0) throw new ProtobufDecodeException($"unsupported protobuf content encoding \"{encoding}\"");
        if (kind.Length == 0) throw new ProtobufDecodeException("the protobuf envelope carries no kind");
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        var decoder = KindDecoders.Find(apiVersion, kind)
            ?? throw new ProtobufDecodeException($"protobuf bodies are not supported for {apiVersion}, Kind={kind}; send JSON") { UnsupportedKind = true };
        decoder(raw, obj);
        return obj;
    }

    private static void ReadTypeMeta(ReadOnlySpan<byte> data, out string apiVersion, out string kind)
    {
        apiVersion = "";
        kind = "";
        var reader = new ProtoReader(data);
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field is 1 or 2 && wire == ProtoReader.LengthDelimited)
            {
                if (field == 1) apiVersion = reader.ReadString();
                else kind = reader.ReadString();
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }
}

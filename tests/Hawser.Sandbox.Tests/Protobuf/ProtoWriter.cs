using System.Text;

namespace Hawser.Sandbox.Tests.Protobuf;

/// <summary>A tiny protobuf writer to build request bodies in tests.</summary>
internal sealed class ProtoWriter
{
    private readonly List<byte> bytes = [];

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Tag(field, 2);
        Varint((ulong)value.Length);
        bytes.AddRange(value);
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public ProtoWriter Varint(int field, ulong value)
    {
        Tag(field, 0);
        Varint(value);
        return this;
    }

    public ProtoWriter MapEntry(int field, string key, byte[] value) =>
        Message(field, new ProtoWriter().String(1, key).Bytes(2, value));

    public ProtoWriter MapEntry(int field, string key, string value) => MapEntry(field, key, Encoding.UTF8.GetBytes(value));

    public byte[] ToArray() => [.. bytes];

    /// <summary>The <c>k8s\0</c> envelope around an object.</summary>
    public static byte[] Envelope(string apiVersion, string kind, ProtoWriter raw) =>
        [.. "k8s\0"u8.ToArray(), .. new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, apiVersion).String(2, kind))
            .Message(2, raw)
            .String(3, "")
            .String(4, "")
            .ToArray()];

    private void Tag(int field, int wire) => Varint((ulong)((field << 3) | wire));

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
    }
}

namespace Hawser.Sandbox.Protobuf;

/// <summary>
/// A minimal protocol-buffers wire reader: varints, length-delimited fields, fixed 32/64-bit fields skipped.
/// Enough to walk Kubernetes' <c>generated.proto</c> messages without a schema compiler.
/// </summary>
internal ref struct ProtoReader
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> data;
    private int position;

    public ProtoReader(ReadOnlySpan<byte> data)
    {
        this.data = data;
        position = 0;
    }

    public readonly bool AtEnd => position >= data.Length;

    /// <summary>Reads the next field's tag. Returns false at the end of the message.</summary>
    public bool TryReadTag(out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (AtEnd) return false;
        var tag = ReadVarint();
        field = checked((int)(tag >> 3));
        wireType = (int)(tag & 7);
        if (field == 0) throw new ProtobufDecodeException("invalid protobuf field number 0");
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (AtEnd) throw new ProtobufDecodeException("truncated protobuf varint");
            var b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new ProtobufDecodeException("protobuf varint longer than 10 bytes");
    }

    public ReadOnlySpan<byte> ReadBytes()
    {
        var length = ReadVarint();
        if (length > (ulong)(data.Length - position)) throw new ProtobufDecodeException("truncated protobuf length-delimited field");
        var slice = data.Slice(position, (int)length);
        position += (int)length;
        return slice;
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBytes());

    public bool ReadBool() => ReadVarint() != 0;

    public long ReadInt64() => unchecked((long)ReadVarint());

    /// <summary>Skips a field of the given wire type.</summary>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                ReadVarint();
                break;
            case Fixed64:
                Advance(8);
                break;
            case LengthDelimited:
                ReadBytes();
                break;
            case Fixed32:
                Advance(4);
                break;
            default:
                throw new ProtobufDecodeException($"unsupported protobuf wire type {wireType}");
        }
    }

    /// <summary>Checks a field's wire type against what the schema says.</summary>
    public static void Expect(int wireType, int expected, int field)
    {
        if (wireType != expected) throw new ProtobufDecodeException($"protobuf field {field} has wire type {wireType}, expected {expected}");
    }

    private void Advance(int count)
    {
        if (data.Length - position < count) throw new ProtobufDecodeException("truncated protobuf fixed-size field");
        position += count;
    }
}

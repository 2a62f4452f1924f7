namespace Hawser.Sandbox.Protobuf;

/// <summary>
/// A protobuf request body that cannot be turned into JSON: not the <c>k8s\0</c> envelope, malformed wire data,
/// or a kind the decoder does not know (<see cref="UnsupportedKind"/>: the server answers 415 naming the kind).
/// </summary>
internal sealed class ProtobufDecodeException : Exception
{
    public ProtobufDecodeException(string message) : base(message) { }

    /// <summary>True when the envelope was fine but its kind has no decoder.</summary>
    public bool UnsupportedKind { get; init; }
}

namespace Hawser.Sandbox.Patching;

/// <summary>
/// A patch that cannot be applied: malformed JSON, a JSON-patch operation on a missing path, a failed <c>test</c>,
/// an unknown strategic-merge directive. The server answers 422 (or 400 for unparseable bodies) with <see cref="Exception.Message"/>.
/// </summary>
internal sealed class PatchException : Exception
{
    public PatchException(string message) : base(message) { }

    public PatchException(string message, Exception inner) : base(message, inner) { }

    /// <summary>True when the body could not be parsed at all (400 Bad Request rather than 422).</summary>
    public bool IsMalformed { get; init; }
}

/// <summary>
/// A patch content type the target does not support: strategic merge patch on a custom resource, or an unknown type.
/// The server answers 415 Unsupported Media Type with <see cref="Exception.Message"/>.
/// </summary>
internal sealed class UnsupportedPatchTypeException : Exception
{
    public UnsupportedPatchTypeException(string contentType, string message) : base(message) => ContentType = contentType;

    /// <summary>The media type that was refused, without parameters.</summary>
    public string ContentType { get; }
}

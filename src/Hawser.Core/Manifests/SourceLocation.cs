namespace Hawser.Manifests;

/// <summary>Where an object was read from: a file (relative to its repository when known), the 0-based document index and the 1-based line.</summary>
public sealed record SourceLocation(string File, int DocumentIndex, int Line)
{
    public override string ToString() => $"{File} (document {DocumentIndex}, line {Line})";
}

/// <summary>
/// A manifest could not be read. The message always names the file, the document index and the line,
/// and the object (<c>Kind/namespace/name</c>) when it is known.
/// </summary>
public sealed class ManifestException : Exception
{
    public ManifestException(SourceLocation location, string message, Exception? inner = null)
        : base($"{location}: {message}", inner)
    {
        Location = location;
    }

    /// <summary>Where the bad input is.</summary>
    public SourceLocation Location { get; }
}

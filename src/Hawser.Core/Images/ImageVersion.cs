namespace Hawser.Images;

/// <summary>What an edit found: whether the file declares the image at all, and what it changed (nothing when it is already at the version).</summary>
internal sealed class EditResult
{
    public bool Declared { get; set; }
    public List<string> Changes { get; } = [];
}

/// <summary>The version to write for an image: a tag, a digest, or both (<c>tag@digest</c>).</summary>
public sealed record ImageVersion(string? Tag, string? Digest)
{
    /// <summary>The version of a reference; throws when it names neither a tag nor a digest.</summary>
    public static ImageVersion Of(ImageReference image) =>
        image.Tag is null && image.Digest is null
            ? throw new ImageException($"{image}: give the new version as IMAGE:TAG or IMAGE@DIGEST")
            : new ImageVersion(image.Tag, image.Digest);

    /// <summary>What follows the name in an image string: <c>:tag</c>, <c>@digest</c> or <c>:tag@digest</c>.</summary>
    public string Suffix => (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>The value of a lone tag field: the tag, with <c>@digest</c> appended when there is one.</summary>
    public string TagValue(string? currentTag)
    {
        var tag = Tag ?? currentTag;
        if (Digest is null) return tag!;
        return tag is { Length: > 0 } ? $"{tag}@{Digest}" : throw new ImageException($"a digest alone cannot go into a tag field; give IMAGE:TAG@{Digest}");
    }

    public override string ToString() => Suffix.TrimStart(':');
}

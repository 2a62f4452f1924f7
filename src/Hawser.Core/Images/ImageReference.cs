using System.Text.RegularExpressions;

namespace Hawser.Images;

/// <summary>
/// A container image reference as Docker reads it: <c>[registry[:port]/]path[:tag][@digest]</c>. The first path
/// component is a registry when it holds a dot or a colon or is <c>localhost</c>; otherwise the image is on Docker Hub
/// (<c>docker.io</c>), where one-component names live under <c>library/</c>.
/// </summary>
/// <param name="Name">The name as written, without tag or digest (what a manifest or values file holds).</param>
/// <param name="Registry">The registry host as written or implied (<c>docker.io</c> for Docker Hub).</param>
/// <param name="Repository">The repository path inside the registry (<c>library/nginx</c>).</param>
/// <param name="Tag">The tag, when given.</param>
/// <param name="Digest">The digest (<c>sha256:…</c>), when given.</param>
public sealed partial record ImageReference(string Name, string Registry, string Repository, string? Tag, string? Digest)
{
    /// <summary>Docker Hub's registry name.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>The canonical <c>registry/repository</c>, the identity two spellings of one image share.</summary>
    public string Canonical => $"{Registry}/{Repository}";

    /// <summary>The host the distribution API answers on (Docker Hub's API is <c>registry-1.docker.io</c>).</summary>
    public string ApiHost => Registry == DockerHub ? "registry-1.docker.io" : Registry;

    /// <summary>The tag, or the digest, or <c>latest</c>: what to ask the registry for.</summary>
    public string ManifestReference => Digest ?? Tag ?? "latest";

    /// <summary>Parses a reference; throws <see cref="ImageException"/> naming what is wrong.</summary>
    public static ImageReference Parse(string text)
    {
        if (TryParse(text) is { } reference) return reference;
        throw new ImageException($"'{text}' is not an image reference (expected [registry/]name[:tag][@sha256:digest])");
    }

    /// <summary>Parses a reference, or null when it is not one.</summary>
    public static ImageReference? TryParse(string text)
    {
        text = text.Trim();
        string? digest = null;
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            text = text[..at];
            if (!DigestPattern().IsMatch(digest)) return null;
        }
        string? tag = null;
        var colon = text.LastIndexOf(':');
        if (colon > text.LastIndexOf('/'))
        {
            tag = text[(colon + 1)..];
            text = text[..colon];
            if (!TagPattern().IsMatch(tag)) return null;
        }
        if (text.Length == 0) return null;
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : text[..slash];
        var (registry, repository) = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"
            ? (first.ToLowerInvariant(), text[(slash + 1)..])
            : (DockerHub, text);
        if (registry is "index.docker.io" or "registry-1.docker.io") registry = DockerHub;
        if (registry == DockerHub && !repository.Contains('/', StringComparison.Ordinal)) repository = "library/" + repository;
        if (!RepositoryPattern().IsMatch(repository)) return null;
        return new ImageReference(text, registry, repository, tag, digest);
    }

    /// <summary>True when <paramref name="other"/> names the same image (registry and repository), whatever the spelling, tag or digest.</summary>
    public bool SameImage(ImageReference other) => string.Equals(Canonical, other.Canonical, StringComparison.Ordinal);

    /// <summary>The reference with another tag and digest, keeping the name as written.</summary>
    public ImageReference WithVersion(string? tag, string? digest) => this with { Tag = tag, Digest = digest };

    /// <summary>The version part as an image string writes it after the name: <c>:tag</c>, <c>@digest</c> or <c>:tag@digest</c>.</summary>
    public string VersionSuffix => (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    /// <summary>The reference as written: name, then tag and digest when present.</summary>
    public override string ToString() => Name + VersionSuffix;

    [GeneratedRegex(@"^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex RepositoryPattern();
}

/// <summary>An image operation failed; the message names the image, file or field concerned and never holds a secret.</summary>
public sealed class ImageException(string message, Exception? inner = null) : Exception(message, inner);

using System.Text.RegularExpressions;
using Hawser.Sources;

namespace Hawser.Images;

/// <summary>The version an update strategy chose: a tag, and for the <c>digest</c> strategy the digest it points to.</summary>
public sealed record ImageChoice(string Tag, string? Digest)
{
    /// <summary>The version as written after the image name.</summary>
    public ImageVersion Version => new(Tag, Digest);
}

/// <summary>
/// Picks the version to run from a registry's tags, as Image Updater does: tags not matching <c>allow-tags</c> or
/// matching an <c>ignore-tags</c> pattern are dropped, then <c>semver</c> takes the highest version within the
/// constraint, <c>newest-build</c> the most recently built image, <c>alphabetical</c> the last name, and <c>digest</c>
/// the current digest of the constraint's tag. With <c>platforms</c>, a candidate must serve them all.
/// </summary>
internal sealed class TagSelector(ImageRegistryScanner scanner)
{
    public async Task<ImageChoice?> ChooseAsync(TrackedImage image, CancellationToken cancellationToken)
    {
        if (image.Strategy == UpdateStrategy.Digest)
        {
            var tag = image.Constraint ?? "latest";
            var digest = await scanner.DigestAsync(image, tag, cancellationToken);
            return digest is null ? null : new ImageChoice(tag, digest);
        }

        var candidates = (await scanner.TagsAsync(image, cancellationToken)).Where(t => Allowed(image, t)).ToList();
        IEnumerable<string> ordered;
        switch (image.Strategy)
        {
            case UpdateStrategy.Semver:
                var constraint = image.Constraint is null ? null : ChartVersionConstraint.Parse(image.Constraint);
                ordered = candidates
                    .Select(t => (Tag: t, Version: ChartVersion.TryParse(t)))
                    .Where(c => c.Version is not null && (constraint is null || constraint.IsSatisfiedBy(c.Version)))
                    .OrderByDescending(c => c.Version).ThenByDescending(c => c.Tag, StringComparer.Ordinal)
                    .Select(c => c.Tag);
                break;
            case UpdateStrategy.Alphabetical:
                ordered = candidates.OrderByDescending(t => t, StringComparer.Ordinal);
                break;
            default:
                var built = new List<(string Tag, DateTimeOffset Created)>();
                foreach (var tag in candidates)
                {
                    var (created, _) = await scanner.InspectAsync(image, tag, cancellationToken);
                    if (created is { } at) built.Add((tag, at));
                }
                ordered = built.OrderByDescending(b => b.Created).ThenByDescending(b => b.Tag, StringComparer.Ordinal).Select(b => b.Tag);
                break;
        }

        foreach (var tag in ordered)
        {
            if (image.Platforms.Count == 0) return new ImageChoice(tag, null);
            var (_, platforms) = await scanner.InspectAsync(image, tag, cancellationToken);
            if (image.Platforms.All(wanted => platforms.Any(wanted.Matches))) return new ImageChoice(tag, null);
        }
        return null;
    }

    internal static bool Allowed(TrackedImage image, string tag) =>
        (image.AllowTags is null || image.AllowTags.IsMatch(tag)) && !image.IgnoreTags.Any(pattern => Wildcard(pattern).IsMatch(tag));

    private static Regex Wildcard(string pattern) =>
        new("^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant);
}

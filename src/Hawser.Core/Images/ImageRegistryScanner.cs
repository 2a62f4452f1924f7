using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Hawser.Sources;

namespace Hawser.Images;

/// <summary>
/// Reads what the update strategies need from registries: tag lists, image creation times (the config blob's
/// <c>created</c>), platforms and digests. Answers are cached for a while per image (tags) and per manifest digest
/// (creation time and platforms never change for a digest), so an interval scan of many apps asks each registry little.
/// </summary>
internal sealed class ImageRegistryScanner(RegistryAccess access, RegistryCredentialResolver credentials, TimeProvider time, TimeSpan tagCacheDuration)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyList<string> Tags)> _tags = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset? Created, IReadOnlyList<ImagePlatform> Platforms)> _manifests = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> TagsAsync(TrackedImage image, CancellationToken cancellationToken)
    {
        var key = image.Image.Canonical;
        if (_tags.TryGetValue(key, out var cached) && time.GetUtcNow() - cached.At < tagCacheDuration) return cached.Tags;
        var tags = await (await ClientAsync(image, cancellationToken)).ListTagsAsync(cancellationToken);
        _tags[key] = (time.GetUtcNow(), tags);
        return tags;
    }

    /// <summary>The digest a tag points to now.</summary>
    public async Task<string?> DigestAsync(TrackedImage image, string tag, CancellationToken cancellationToken) =>
        await (await ClientAsync(image, cancellationToken)).ResolveManifestAsync(tag, cancellationToken);

    /// <summary>When the tag's image was built (for an index, its newest platform image) and which platforms it serves.</summary>
    public async Task<(DateTimeOffset? Created, IReadOnlyList<ImagePlatform> Platforms)> InspectAsync(TrackedImage image, string tag, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(image, cancellationToken);
        var manifest = await client.GetManifestAsync(tag, cancellationToken);
        if (_manifests.TryGetValue(manifest.Digest, out var known)) return known;
        var name = $"{image.Image.Name}:{tag}";
        DateTimeOffset? created = null;
        var platforms = new List<ImagePlatform>();
        IEnumerable<OciManifest> images = [manifest];
        if (manifest.IsIndex)
        {
            var children = OciManifestContent.Children(manifest, name).Where(c => c.Platform is { Os: not "unknown" }).ToList();
            if (image.Platforms.Count > 0) children = children.Where(c => image.Platforms.Any(p => p.Matches(c.Platform!))).ToList();
            var fetched = new List<OciManifest>();
            foreach (var child in children) fetched.Add(await client.GetManifestAsync(child.Digest, cancellationToken));
            images = fetched;
        }
        foreach (var single in images)
        {
            var config = JsonNode.Parse(await client.ReadBlobAsync(OciManifestContent.Config(single, name).Digest, cancellationToken));
            if ((string?)config?["created"] is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                created = created is null || at > created ? at : created;
            }
            if ((string?)config?["os"] is { } os && (string?)config?["architecture"] is { } arch) platforms.Add(new ImagePlatform(os, arch, (string?)config?["variant"]));
        }
        var result = (created, (IReadOnlyList<ImagePlatform>)platforms);
        _manifests[manifest.Digest] = result;
        return result;
    }

    private async Task<OciRegistryClient> ClientAsync(TrackedImage image, CancellationToken cancellationToken)
    {
        var source = image.PullSecret ?? access.Registries.For(image.Image)?.Credentials;
        var resolved = source is null ? null : await credentials.ResolveAsync(source, image.Image.Registry, cancellationToken);
        return access.ClientFor(image.Image, resolved);
    }
}

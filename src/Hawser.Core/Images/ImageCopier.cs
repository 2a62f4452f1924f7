using Hawser.Sources;

namespace Hawser.Images;

/// <summary>What to copy where.</summary>
/// <param name="Source">The image to read (tag or digest).</param>
/// <param name="Target">Where to write it; without a tag, the source's tag is kept.</param>
/// <param name="AllPlatforms">Copy a whole index (every platform); otherwise only <paramref name="Platform"/>'s manifest.</param>
/// <param name="Platform">The platform a single-platform copy picks from an index (default linux/amd64).</param>
/// <param name="SourceCredentials">Credentials for the source registry (else Docker's config.json).</param>
/// <param name="TargetCredentials">Credentials for the target registry (else Docker's config.json).</param>
public sealed record ImageCopyRequest(
    ImageReference Source, ImageReference Target, bool AllPlatforms = false, ImagePlatform? Platform = null,
    RepositoryCredentials? SourceCredentials = null, RepositoryCredentials? TargetCredentials = null);

/// <summary>What a copy did: the digest the target now points to, and how each blob and manifest got there.</summary>
public sealed record ImageCopyReport(
    string Target, string Digest, int BlobsCopied, int BlobsMounted, int BlobsSkipped, long BytesCopied, int ManifestsPushed, int ManifestsSkipped);

/// <summary>What happened to one piece of a copy.</summary>
public enum ImageCopyAction
{
    /// <summary>Bytes of a blob went out (<see cref="ImageCopyProgress.Bytes"/> so far of <see cref="ImageCopyProgress.Size"/>).</summary>
    Uploading,

    /// <summary>A blob was uploaded and verified.</summary>
    Copied,

    /// <summary>A blob was linked from another repository of the same registry.</summary>
    Mounted,

    /// <summary>The target already had the blob or manifest.</summary>
    Skipped,

    /// <summary>A manifest or index was written.</summary>
    Pushed,
}

/// <summary>A progress report of a copy.</summary>
public sealed record ImageCopyProgress(ImageCopyAction Action, string Digest, long Bytes, long Size);

/// <summary>
/// Copies an image between registries through the distribution API, the way <c>crane copy</c> does: blobs are
/// streamed from source to target (never held whole), linked by cross-repository mount when both live on one
/// registry, skipped when the target has them, and checked against their digests; manifests are pushed children
/// first, so a copy cut off halfway resumes by skipping whatever already arrived.
/// </summary>
public sealed class ImageCopier(RegistryAccess access, DockerConfigCredentials dockerConfig)
{
    /// <summary>Blobs larger than this go up in chunks of this size (a registry or proxy may cap a request body).</summary>
    public long ChunkSize { get; init; } = 16 * 1024 * 1024;

    /// <summary>Copies the image; the report names the digest the target reference resolves to afterwards.</summary>
    public async Task<ImageCopyReport> CopyAsync(ImageCopyRequest request, IProgress<ImageCopyProgress>? progress, CancellationToken cancellationToken)
    {
        var source = access.ClientFor(request.Source, request.SourceCredentials ?? dockerConfig.For(request.Source.Registry));
        var target = access.ClientFor(request.Target, request.TargetCredentials ?? dockerConfig.For(request.Target.Registry));
        var run = new CopyRun(source, target, request.Source.ToString(), ChunkSize, progress);

        var top = await source.GetManifestAsync(request.Source.ManifestReference, cancellationToken);
        if (top.IsIndex && !request.AllPlatforms)
        {
            var platform = request.Platform ?? ImagePlatform.LinuxAmd64;
            var child = OciManifestContent.Children(top, run.Image).FirstOrDefault(c => c.Platform is { } p && platform.Matches(p))
                ?? throw new ImageException($"{request.Source}: the index has no manifest for {platform} (copy --all-platforms, or pick one of: "
                    + string.Join(", ", OciManifestContent.Children(top, run.Image).Select(c => c.Platform?.ToString()).OfType<string>()) + ")");
            top = await source.GetManifestAsync(child.Digest, cancellationToken);
        }

        var tag = request.Target.Tag ?? (request.Target.Digest is null ? request.Source.Tag : null);
        await run.CopyManifestAsync(top, tag, cancellationToken);
        return new ImageCopyReport(request.Target.Name + (tag is null ? "@" + top.Digest : ":" + tag), top.Digest,
            run.BlobsCopied, run.BlobsMounted, run.BlobsSkipped, run.BytesCopied, run.ManifestsPushed, run.ManifestsSkipped);
    }

    /// <summary>The state of one copy: the two repositories and what was moved so far.</summary>
    private sealed class CopyRun(OciRegistryClient source, OciRegistryClient target, string image, long chunkSize, IProgress<ImageCopyProgress>? progress)
    {
        private readonly HashSet<string> _blobsDone = new(StringComparer.Ordinal);

        public string Image => image;
        public int BlobsCopied { get; private set; }
        public int BlobsMounted { get; private set; }
        public int BlobsSkipped { get; private set; }
        public long BytesCopied { get; private set; }
        public int ManifestsPushed { get; private set; }
        public int ManifestsSkipped { get; private set; }

        /// <summary>Copies what the manifest references (child manifests, or config and layers), then the manifest itself under <paramref name="tag"/> or its digest.</summary>
        public async Task CopyManifestAsync(OciManifest manifest, string? tag, CancellationToken cancellationToken)
        {
            var existing = await target.ResolveManifestAsync(tag ?? manifest.Digest, cancellationToken);
            if (string.Equals(existing, manifest.Digest, StringComparison.OrdinalIgnoreCase))
            {
                ManifestsSkipped++;
                progress?.Report(new ImageCopyProgress(ImageCopyAction.Skipped, manifest.Digest, manifest.Content.Length, manifest.Content.Length));
                return;
            }

            if (manifest.IsIndex)
            {
                foreach (var child in OciManifestContent.Children(manifest, image))
                {
                    await CopyManifestAsync(await source.GetManifestAsync(child.Digest, cancellationToken), null, cancellationToken);
                }
            }
            else
            {
                await CopyBlobAsync(OciManifestContent.Config(manifest, image), cancellationToken);
                foreach (var layer in OciManifestContent.Layers(manifest, image)) await CopyBlobAsync(layer, cancellationToken);
            }
            await target.PutManifestAsync(tag ?? manifest.Digest, manifest, cancellationToken);
            ManifestsPushed++;
            progress?.Report(new ImageCopyProgress(ImageCopyAction.Pushed, manifest.Digest, manifest.Content.Length, manifest.Content.Length));
        }

        private async Task CopyBlobAsync(OciDescriptor blob, CancellationToken cancellationToken)
        {
            // Foreign layers live at their own URLs, not in the registry; and one blob may be listed twice.
            if (blob.Foreign || !_blobsDone.Add(blob.Digest)) return;
            if (await target.BlobExistsAsync(blob.Digest, cancellationToken))
            {
                BlobsSkipped++;
                progress?.Report(new ImageCopyProgress(ImageCopyAction.Skipped, blob.Digest, blob.Size, blob.Size));
                return;
            }
            if (SameRegistry && await target.MountBlobAsync(blob.Digest, source.Reference.Repository, cancellationToken))
            {
                BlobsMounted++;
                progress?.Report(new ImageCopyProgress(ImageCopyAction.Mounted, blob.Digest, blob.Size, blob.Size));
                return;
            }
            await using var stream = await source.OpenBlobAsync(blob.Digest, blob.Size, cancellationToken);
            long sent = 0;
            var bytes = progress is null ? null : new SyncProgress<long>(n =>
            {
                sent += n;
                progress.Report(new ImageCopyProgress(ImageCopyAction.Uploading, blob.Digest, sent, blob.Size));
            });
            await target.PushBlobAsync(blob.Digest, blob.Size, stream, chunkSize, bytes, cancellationToken);
            BlobsCopied++;
            BytesCopied += blob.Size;
            progress?.Report(new ImageCopyProgress(ImageCopyAction.Copied, blob.Digest, blob.Size, blob.Size));
        }

        private bool SameRegistry => source.Reference.BaseUri == target.Reference.BaseUri;
    }

    /// <summary>Reports on the caller's thread, in order (unlike <see cref="Progress{T}"/>, which posts to a context).</summary>
    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}

using Hawser.Images;
using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Core.Tests.Images;

/// <summary><see cref="ImageCopier"/> between two real registries (docker-registry), one behind htpasswd basic auth.</summary>
public sealed class ImageCopierTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private OciRegistry _open = null!;
    private OciRegistry _locked = null!;
    private readonly RegistryAccess _access = new();

    private CancellationToken Ct => _timeout.Token;

    public async Task InitializeAsync()
    {
        _open = await OciRegistry.StartAsync(Ct);
        _locked = await OciRegistry.StartAsync(Ct, OciRegistryAuthScheme.Basic);
    }

    [Fact]
    public async Task A_single_image_copied_to_an_authenticated_registry_has_the_same_digest_and_every_blob()
    {
        using var images = new TestImages(_open);
        var pushed = await images.PushImageAsync("team/api", "1.0.0", DateTimeOffset.UtcNow, Ct, layers: 3);
        var copier = new ImageCopier(_access, DockerConfigCredentials.Empty);

        var report = await copier.CopyAsync(new ImageCopyRequest(
            ImageReference.Parse($"{_open.Host}/team/api:1.0.0"), ImageReference.Parse($"{_locked.Host}/mirror/api"),
            TargetCredentials: new RepositoryCredentials(_locked.Username, _locked.Password)), null, Ct);

        using var target = new TestImages(_locked);
        Assert.Equal(pushed.Digest, report.Digest);
        Assert.Equal(pushed.Digest, TestImages.DigestOf(await target.GetAsync("mirror/api", "1.0.0", Ct)));
        foreach (var blob in pushed.BlobDigests) Assert.True(await target.HasBlobAsync("mirror/api", blob, Ct));
        Assert.Equal((4, 0, 0, 1), (report.BlobsCopied, report.BlobsMounted, report.BlobsSkipped, report.ManifestsPushed));
    }

    [Fact]
    public async Task All_platforms_copy_the_whole_index_and_one_platform_copies_only_its_manifest()
    {
        using var images = new TestImages(_open);
        var pushed = await images.PushIndexAsync("multi/app", "2.0", DateTimeOffset.UtcNow, ["linux/amd64", "linux/arm64"], Ct);
        var copier = new ImageCopier(_access, DockerConfigCredentials.Empty);
        var credentials = new RepositoryCredentials(_locked.Username, _locked.Password);

        var all = await copier.CopyAsync(new ImageCopyRequest(
            ImageReference.Parse($"{_open.Host}/multi/app:2.0"), ImageReference.Parse($"{_locked.Host}/multi/app:2.0"), AllPlatforms: true,
            TargetCredentials: credentials), null, Ct);
        var one = await copier.CopyAsync(new ImageCopyRequest(
            ImageReference.Parse($"{_open.Host}/multi/app:2.0"), ImageReference.Parse($"{_locked.Host}/arm/app:2.0"),
            Platform: ImagePlatform.Parse("linux/arm64"), TargetCredentials: credentials), null, Ct);

        using var target = new TestImages(_locked);
        Assert.Equal(pushed.Digest, all.Digest);
        Assert.Equal(pushed.Digest, TestImages.DigestOf(await target.GetAsync("multi/app", "2.0", Ct)));
        Assert.Equal(3, all.ManifestsPushed);
        Assert.Equal(pushed.PlatformDigests["linux/arm64"], TestImages.DigestOf(await target.GetAsync("arm/app", "2.0", Ct)));
        Assert.Equal(1, one.ManifestsPushed);
    }

    [Fact]
    public async Task Within_one_registry_blobs_are_mounted_instead_of_uploaded()
    {
        using var images = new TestImages(_open);
        var pushed = await images.PushImageAsync("src/web", "v1", DateTimeOffset.UtcNow, Ct);

        var report = await new ImageCopier(_access, DockerConfigCredentials.Empty).CopyAsync(new ImageCopyRequest(
            ImageReference.Parse($"{_open.Host}/src/web:v1"), ImageReference.Parse($"{_open.Host}/dst/web")), null, Ct);

        Assert.Equal((0, 3), (report.BlobsCopied, report.BlobsMounted));
        Assert.Equal(pushed.Digest, TestImages.DigestOf(await images.GetAsync("dst/web", "v1", Ct)));
    }

    [Fact]
    public async Task A_copy_cut_off_after_its_first_blob_resumes_by_skipping_what_arrived()
    {
        using var images = new TestImages(_open);
        var pushed = await images.PushImageAsync("big/app", "3.1", DateTimeOffset.UtcNow, Ct, layers: 4);
        var copier = new ImageCopier(_access, DockerConfigCredentials.Empty);
        var request = new ImageCopyRequest(ImageReference.Parse($"{_open.Host}/big/app:3.1"), ImageReference.Parse($"{_locked.Host}/big/app"),
            TargetCredentials: new RepositoryCredentials(_locked.Username, _locked.Password));
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => copier.CopyAsync(request, new CancelAfterFirstBlob(cut), cut.Token));
        var resumed = await copier.CopyAsync(request, null, Ct);

        Assert.Equal(1, resumed.BlobsSkipped);
        Assert.Equal(4, resumed.BlobsCopied);
        using var target = new TestImages(_locked);
        Assert.Equal(pushed.Digest, TestImages.DigestOf(await target.GetAsync("big/app", "3.1", Ct)));
    }

    [Fact]
    public async Task Blobs_larger_than_the_chunk_size_are_uploaded_in_chunks_and_verified()
    {
        using var images = new TestImages(_open);
        var pushed = await images.PushImageAsync("chunky/app", "1", DateTimeOffset.UtcNow, Ct, layers: 1, layerSize: 50_000);
        var progress = new List<ImageCopyProgress>();

        var report = await new ImageCopier(_access, DockerConfigCredentials.Empty) { ChunkSize = 8192 }.CopyAsync(new ImageCopyRequest(
            ImageReference.Parse($"{_open.Host}/chunky/app:1"), ImageReference.Parse($"{_locked.Host}/chunky/app:1"),
            TargetCredentials: new RepositoryCredentials(_locked.Username, _locked.Password)), new ListProgress(progress), Ct);

        Assert.Equal(pushed.Digest, report.Digest);
        Assert.Equal(50_000, progress.Where(p => p.Action == ImageCopyAction.Uploading).Max(p => p.Bytes));
        using var target = new TestImages(_locked);
        Assert.True(await target.HasBlobAsync("chunky/app", pushed.BlobDigests[0], Ct));
    }

    [Fact]
    public async Task Docker_config_json_credentials_are_used_and_missing_ones_fail_without_showing_a_password()
    {
        using var images = new TestImages(_open);
        await images.PushImageAsync("cfg/app", "1", DateTimeOffset.UtcNow, Ct, layers: 1);
        var auth = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{_locked.Username}:{_locked.Password}"));
        var config = DockerConfigCredentials.Parse(new System.Text.Json.Nodes.JsonObject
        {
            ["auths"] = new System.Text.Json.Nodes.JsonObject { [$"http://{_locked.Host}/v2/"] = new System.Text.Json.Nodes.JsonObject { ["auth"] = auth } },
        }, "config.json");
        var request = new ImageCopyRequest(ImageReference.Parse($"{_open.Host}/cfg/app:1"), ImageReference.Parse($"{_locked.Host}/cfg/app"));

        var report = await new ImageCopier(_access, config).CopyAsync(request, null, Ct);
        var failure = await Assert.ThrowsAsync<SourceException>(() => new ImageCopier(_access, DockerConfigCredentials.Empty).CopyAsync(
            request with { Target = ImageReference.Parse($"{_locked.Host}/other/app") }, null, Ct));

        Assert.Equal(1, report.ManifestsPushed);
        Assert.Equal(SourceFailure.AuthenticationFailed, failure.Failure);
        Assert.DoesNotContain(_locked.Password!, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_lists_follow_link_pagination()
    {
        using var images = new TestImages(_open);
        foreach (var tag in new[] { "a", "b", "c", "d", "e" }) await images.PushImageAsync("paged/app", tag, DateTimeOffset.UtcNow, Ct, layers: 1, layerSize: 64);

        var tags = await _access.ClientFor(ImageReference.Parse($"{_open.Host}/paged/app"), null).ListTagsAsync(Ct, pageSize: 2);

        Assert.Equal(["a", "b", "c", "d", "e"], tags.Order(StringComparer.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await _open.DisposeAsync();
        await _locked.DisposeAsync();
        _access.Dispose();
        _timeout.Dispose();
    }

    private sealed class CancelAfterFirstBlob(CancellationTokenSource cut) : IProgress<ImageCopyProgress>
    {
        public void Report(ImageCopyProgress value)
        {
            if (value.Action == ImageCopyAction.Copied) cut.Cancel();
        }
    }

    private sealed class ListProgress(List<ImageCopyProgress> list) : IProgress<ImageCopyProgress>
    {
        public void Report(ImageCopyProgress value) => list.Add(value);
    }
}

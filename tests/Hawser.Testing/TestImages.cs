using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Hawser.Testing;

/// <summary>An image pushed by <see cref="TestImages"/>: its manifest (or index) digest, and for an index, each platform's manifest digest.</summary>
public sealed record PushedImage(string Digest, IReadOnlyDictionary<string, string> PlatformDigests, IReadOnlyList<string> BlobDigests);

/// <summary>
/// Pushes small images with random layers to an <see cref="OciRegistry"/> through the raw distribution API
/// (monolithic blob uploads, OCI manifests and indexes), independently of the Hawser client under test.
/// </summary>
public sealed class TestImages : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly OciRegistry _registry;

    public TestImages(OciRegistry registry)
    {
        _registry = registry;
        if (registry.Username is not null)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{registry.Username}:{registry.Password}")));
        }
    }

    /// <summary>Pushes a single-platform image (linux/amd64) with <paramref name="layers"/> random layers of <paramref name="layerSize"/> bytes, created at <paramref name="created"/>.</summary>
    public async Task<PushedImage> PushImageAsync(string repository, string tag, DateTimeOffset created, CancellationToken cancellationToken, int layers = 2, int layerSize = 4096)
    {
        var (digest, blobs) = await PushManifestAsync(repository, tag, "linux", "amd64", created, layers, layerSize, cancellationToken);
        return new PushedImage(digest, new Dictionary<string, string> { ["linux/amd64"] = digest }, blobs);
    }

    /// <summary>Pushes one manifest per platform (e.g. <c>linux/amd64</c>, <c>linux/arm64</c>) and an OCI index of them under <paramref name="tag"/>.</summary>
    public async Task<PushedImage> PushIndexAsync(string repository, string tag, DateTimeOffset created, IReadOnlyList<string> platforms, CancellationToken cancellationToken)
    {
        var children = new JsonArray();
        var digests = new Dictionary<string, string>(StringComparer.Ordinal);
        var blobs = new List<string>();
        foreach (var platform in platforms)
        {
            var parts = platform.Split('/');
            var (digest, childBlobs) = await PushManifestAsync(repository, null, parts[0], parts[1], created, 1, 2048, cancellationToken);
            digests[platform] = digest;
            blobs.AddRange(childBlobs);
            var manifest = await GetAsync(repository, digest, cancellationToken);
            children.Add(new JsonObject
            {
                ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
                ["digest"] = digest,
                ["size"] = manifest.Length,
                ["platform"] = new JsonObject { ["os"] = parts[0], ["architecture"] = parts[1] },
            });
        }
        var index = new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = "application/vnd.oci.image.index.v1+json", ["manifests"] = children };
        var indexDigest = await PutManifestAsync(repository, tag, index, "application/vnd.oci.image.index.v1+json", cancellationToken);
        return new PushedImage(indexDigest, digests, blobs);
    }

    /// <summary>The raw manifest bytes a tag or digest names (for digest checks).</summary>
    public async Task<byte[]> GetAsync(string repository, string reference, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url($"/v2/{repository}/manifests/{reference}"));
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.manifest.v1+json");
        request.Headers.Accept.ParseAdd("application/vnd.oci.image.index.v1+json");
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Whether the registry holds blob <paramref name="digest"/> in <paramref name="repository"/>.</summary>
    public async Task<bool> HasBlobAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, Url($"/v2/{repository}/blobs/{digest}"));
        using var response = await _http.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }

    /// <summary>The sha256 digest of some bytes, as registries write it.</summary>
    public static string DigestOf(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    public void Dispose() => _http.Dispose();

    private async Task<(string Digest, List<string> Blobs)> PushManifestAsync(
        string repository, string? tag, string os, string architecture, DateTimeOffset created, int layers, int layerSize, CancellationToken cancellationToken)
    {
        var layerDescriptors = new JsonArray();
        var blobs = new List<string>();
        for (var i = 0; i < layers; i++)
        {
            var layer = RandomNumberGenerator.GetBytes(layerSize);
            var digest = await PushBlobAsync(repository, layer, cancellationToken);
            blobs.Add(digest);
            layerDescriptors.Add(new JsonObject { ["mediaType"] = "application/vnd.oci.image.layer.v1.tar+gzip", ["digest"] = digest, ["size"] = layer.Length });
        }
        var config = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["created"] = created.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["architecture"] = architecture,
            ["os"] = os,
            ["rootfs"] = new JsonObject { ["type"] = "layers", ["diff_ids"] = new JsonArray(blobs.Select(b => (JsonNode?)JsonValue.Create(b)).ToArray()) },
        }.ToJsonString());
        var configDigest = await PushBlobAsync(repository, config, cancellationToken);
        blobs.Add(configDigest);
        var manifest = new JsonObject
        {
            ["schemaVersion"] = 2,
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["config"] = new JsonObject { ["mediaType"] = "application/vnd.oci.image.config.v1+json", ["digest"] = configDigest, ["size"] = config.Length },
            ["layers"] = layerDescriptors,
        };
        var manifestDigest = await PutManifestAsync(repository, tag, manifest, "application/vnd.oci.image.manifest.v1+json", cancellationToken);
        return (manifestDigest, blobs);
    }

    private async Task<string> PushBlobAsync(string repository, byte[] content, CancellationToken cancellationToken)
    {
        var digest = DigestOf(content);
        using var start = await _http.PostAsync(Url($"/v2/{repository}/blobs/uploads/"), null, cancellationToken);
        start.EnsureSuccessStatusCode();
        var location = start.Headers.Location!;
        if (!location.IsAbsoluteUri) location = Url(location.OriginalString);
        var separator = location.Query.Length == 0 ? "?" : "&";
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var put = await _http.PutAsync(new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest)), body, cancellationToken);
        put.EnsureSuccessStatusCode();
        return digest;
    }

    private async Task<string> PutManifestAsync(string repository, string? tag, JsonObject manifest, string mediaType, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(manifest.ToJsonString());
        var digest = DigestOf(bytes);
        using var body = new ByteArrayContent(bytes);
        body.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var put = await _http.PutAsync(Url($"/v2/{repository}/manifests/{tag ?? digest}"), body, cancellationToken);
        put.EnsureSuccessStatusCode();
        return digest;
    }

    private Uri Url(string pathAndQuery) => new(string.Create(CultureInfo.InvariantCulture, $"http://{_registry.Host}{pathAndQuery}"));
}

using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hawser.Sources;

/// <summary>
/// The OCI distribution API for one repository of a registry: list tags (following <c>Link</c> pagination), read and
/// write manifests and indexes (OCI and Docker media types), check, stream, upload (monolithic or chunked) and mount
/// blobs, all with digests verified. Auth follows the registry's challenge: anonymous first, then basic or a bearer
/// token from the realm it names (with basic credentials when given), asked again when a push needs a wider scope.
/// Helm charts (<see cref="PullChartAsync"/>) and container images (Hawser.Images) share it.
/// </summary>
internal sealed partial class OciRegistryClient(HttpClient client, OciReference reference, string repoUrl, RepositoryCredentials? credentials)
{
    /// <summary>The media type of the chart archive layer in a Helm OCI artifact.</summary>
    public const string ChartLayerMediaType = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    /// <summary>Every manifest and index media type Hawser reads, in the Accept header of manifest requests.</summary>
    public static readonly IReadOnlyList<string> ManifestMediaTypes =
    [
        OciMediaTypes.OciManifest, OciMediaTypes.OciIndex, OciMediaTypes.DockerManifest, OciMediaTypes.DockerManifestList,
    ];

    private AuthenticationHeaderValue? _authorization;
    private string? _tokenScope;

    /// <summary>The repository this client speaks to.</summary>
    public OciReference Reference => reference;

    /// <summary>Awaited before every request: a registry's rate limit (registries.conf <c>limit</c>); none when null.</summary>
    public Func<CancellationToken, ValueTask>? Throttle { get; init; }

    /// <summary>Every tag of the repository, following <c>Link</c> pages of <paramref name="pageSize"/> tags.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(CancellationToken cancellationToken, int pageSize = 1000)
    {
        var tags = new List<string>();
        Uri? next = Api(FormattableString.Invariant($"tags/list?n={pageSize}"));
        while (next is not null)
        {
            using var response = await SendAsync(HttpMethod.Get, next, SourceFailure.ChartNotFound, cancellationToken);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (json?["tags"] is JsonArray array) tags.AddRange(array.Select(t => t?.GetValue<string>()).OfType<string>());
            next = NextPage(response);
        }
        return tags;
    }

    /// <summary>The chart archive (.tgz) of one tag, checked against its digest.</summary>
    public async Task<byte[]> PullChartAsync(string tag, CancellationToken cancellationToken)
    {
        var manifest = await GetManifestAsync(tag, cancellationToken, SourceFailure.NoMatchingVersion);
        var layer = (JsonNode.Parse(manifest.Content)?["layers"] as JsonArray)?
            .FirstOrDefault(l => (string?)l?["mediaType"] is ChartLayerMediaType or "application/tar+gzip");
        var digest = (string?)layer?["digest"]
            ?? throw new SourceException(SourceFailure.Failed, repoUrl, $"{reference.Repository}:{tag} is not a Helm chart (no {ChartLayerMediaType} layer)");
        return await ReadBlobAsync(digest, cancellationToken);
    }

    /// <summary>
    /// The manifest or index a tag or digest names, with its media type and digest; a digest reference is checked
    /// against the bytes received.
    /// </summary>
    public async Task<OciManifest> GetManifestAsync(string tagOrDigest, CancellationToken cancellationToken, SourceFailure notFound = SourceFailure.NoMatchingVersion)
    {
        using var response = await SendAsync(HttpMethod.Get, ManifestUri(tagOrDigest), notFound, cancellationToken, accept: ManifestMediaTypes);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var digest = OciDigest.Of(content);
        if (OciDigest.IsDigest(tagOrDigest) && !string.Equals(digest, tagOrDigest, StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceException(SourceFailure.Failed, repoUrl, $"{reference.Repository}@{tagOrDigest}: manifest digest mismatch (got {digest})");
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType is { Length: > 0 } header && header != "application/json"
            ? header
            : (string?)JsonNode.Parse(content)?["mediaType"] ?? OciMediaTypes.OciManifest;
        return new OciManifest(mediaType, digest, content);
    }

    /// <summary>The digest a tag or digest points to (a HEAD request), or null when the registry does not have it.</summary>
    public async Task<string?> ResolveManifestAsync(string tagOrDigest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, ManifestUri(tagOrDigest), SourceFailure.NoMatchingVersion, cancellationToken,
            accept: ManifestMediaTypes, allowNotFound: true);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { Length: > 0 } digest) return digest;
        return (await GetManifestAsync(tagOrDigest, cancellationToken)).Digest;
    }

    /// <summary>Stores a manifest or index under a tag or its digest.</summary>
    public async Task PutManifestAsync(string tagOrDigest, OciManifest manifest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Put, ManifestUri(tagOrDigest), SourceFailure.Failed, cancellationToken, content: () =>
        {
            var body = new ByteArrayContent(manifest.Content);
            body.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
            return body;
        });
        if (response.Headers.TryGetValues("Docker-Content-Digest", out var values) && values.FirstOrDefault() is { Length: > 0 } stored
            && !string.Equals(stored, manifest.Digest, StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceException(SourceFailure.Failed, repoUrl, $"{reference.Repository}:{tagOrDigest}: the registry stored digest {stored}, expected {manifest.Digest}");
        }
    }

    /// <summary>Whether the repository already holds the blob.</summary>
    public async Task<bool> BlobExistsAsync(string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Head, Api($"blobs/{digest}"), SourceFailure.Failed, cancellationToken, allowNotFound: true);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    /// <summary>A blob as a stream read from the network (the caller disposes it); its digest is checked when it is read to the end.</summary>
    public async Task<Stream> OpenBlobAsync(string digest, long expectedSize, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get, Api($"blobs/{digest}"), SourceFailure.Failed, cancellationToken);
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            return new DigestVerifyingStream(stream, response, digest, expectedSize, $"{repoUrl}: blob {digest}");
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Asks the registry to link a blob it holds in <paramref name="fromRepository"/> into this repository without a
    /// transfer (cross-repository mount). False when the registry declined; the caller then uploads.
    /// </summary>
    public async Task<bool> MountBlobAsync(string digest, string fromRepository, CancellationToken cancellationToken)
    {
        var uri = Api($"blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(fromRepository)}");
        using var response = await SendAsync(HttpMethod.Post, uri, SourceFailure.Failed, cancellationToken, content: () => new ByteArrayContent([]));
        if (response.StatusCode == HttpStatusCode.Created) return true;
        // 202: the registry opened an upload session instead; cancel it so no half upload lingers.
        if (response.Headers.Location is { } location)
        {
            using var cancel = await SendAsync(HttpMethod.Delete, Resolve(location), SourceFailure.Failed, cancellationToken, allowNotFound: true, allowFailure: true);
        }
        return false;
    }

    /// <summary>
    /// Uploads a blob from <paramref name="content"/>, streamed: in one request when it is at most
    /// <paramref name="chunkSize"/> bytes, else in chunks of that size. The bytes are hashed as they go; a digest or size
    /// mismatch aborts before the registry commits the blob.
    /// </summary>
    public async Task PushBlobAsync(string digest, long size, Stream content, long chunkSize, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (!digest.StartsWith("sha256:", StringComparison.Ordinal))
        {
            throw new SourceException(SourceFailure.Failed, repoUrl, $"blob {digest}: only sha256 digests are supported");
        }
        using var verifying = new DigestVerifyingStream(content, null, digest, size, $"{repoUrl}: blob {digest}", leaveOpen: true);
        Uri location;
        using (var start = await SendAsync(HttpMethod.Post, Api("blobs/uploads/"), SourceFailure.Failed, cancellationToken, content: () => new ByteArrayContent([])))
        {
            location = Resolve(start.Headers.Location ?? throw new SourceException(SourceFailure.Failed, repoUrl, "the registry opened an upload without a Location"));
        }

        if (size <= chunkSize)
        {
            var body = new ProgressStreamContent(verifying, size, progress);
            using var put = await SendAsync(HttpMethod.Put, WithDigest(location, digest), SourceFailure.Failed, cancellationToken, content: Once(body));
            return;
        }

        long offset = 0;
        while (offset < size)
        {
            var length = Math.Min(chunkSize, size - offset);
            var chunk = new ProgressStreamContent(new BoundedReadStream(verifying, length), length, progress);
            chunk.Headers.TryAddWithoutValidation("Content-Range", FormattableString.Invariant($"{offset}-{offset + length - 1}"));
            using var patch = await SendAsync(HttpMethod.Patch, location, SourceFailure.Failed, cancellationToken, content: Once(chunk));
            location = Resolve(patch.Headers.Location ?? throw new SourceException(SourceFailure.Failed, repoUrl, "the registry answered a chunk without a Location"));
            offset += length;
        }
        verifying.VerifyComplete();
        using var done = await SendAsync(HttpMethod.Put, WithDigest(location, digest), SourceFailure.Failed, cancellationToken, content: () => new ByteArrayContent([]));
    }

    /// <summary>A small blob (a chart archive, an image config) read whole and checked against its digest.</summary>
    public async Task<byte[]> ReadBlobAsync(string digest, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, Api($"blobs/{digest}"), SourceFailure.ChartNotFound, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var actual = OciDigest.Of(bytes);
        if (!string.Equals(actual, digest, StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceException(SourceFailure.Failed, repoUrl, $"{reference.Repository}: blob digest mismatch (expected {digest}, got {actual})");
        }
        return bytes;
    }

    private Uri Api(string relative) => new(reference.BaseUri, $"/v2/{reference.Repository}/{relative}");

    private Uri ManifestUri(string tagOrDigest) => Api($"manifests/{Uri.EscapeDataString(tagOrDigest)}");

    private Uri Resolve(Uri location) => location.IsAbsoluteUri ? location : new Uri(reference.BaseUri, location);

    private static Uri WithDigest(Uri location, string digest)
    {
        var separator = string.IsNullOrEmpty(location.Query) ? "?" : "&";
        return new Uri(location + separator + "digest=" + Uri.EscapeDataString(digest));
    }

    /// <summary>A request body that can be sent once (a stream); auth is settled by an earlier request of the same scope.</summary>
    private static Func<HttpContent> Once(HttpContent content)
    {
        var used = false;
        return () =>
        {
            if (used) throw new InvalidOperationException("a streamed request body cannot be sent twice");
            used = true;
            return content;
        };
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, Uri uri, SourceFailure notFound, CancellationToken cancellationToken,
        IReadOnlyList<string>? accept = null, Func<HttpContent>? content = null, bool allowNotFound = false, bool allowFailure = false)
    {
        var response = await SendOnceAsync(method, uri, accept, content, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && await AuthenticateAsync(response, method, cancellationToken))
        {
            response.Dispose();
            response = await SendOnceAsync(method, uri, accept, content, cancellationToken);
        }
        if (allowFailure || (allowNotFound && response.StatusCode == HttpStatusCode.NotFound)) return response;
        try
        {
            await HelmHttp.EnsureSuccessAsync(response, repoUrl, notFound, cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri uri, IReadOnlyList<string>? accept, Func<HttpContent>? content, CancellationToken cancellationToken)
    {
        if (Throttle is not null) await Throttle(cancellationToken);
        using var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = _authorization;
        foreach (var type in accept ?? []) request.Headers.Accept.ParseAdd(type);
        if (content is not null) request.Content = content();
        return await HelmHttp.SendAsync(client, request, repoUrl, cancellationToken);
    }

    /// <summary>Answers a 401 challenge; false when there is nothing new to try.</summary>
    private async Task<bool> AuthenticateAsync(HttpResponseMessage challenge, HttpMethod method, CancellationToken cancellationToken)
    {
        var header = challenge.Headers.WwwAuthenticate.FirstOrDefault();
        if (header is null) return false;
        if (header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (_authorization is not null) return false;
            _authorization = HelmHttp.Basic(credentials);
            return _authorization is not null;
        }
        if (!header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase)) return false;

        var parameters = ChallengeParameter().Matches(header.Parameter ?? "").ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value, StringComparer.OrdinalIgnoreCase);
        if (!parameters.TryGetValue("realm", out var realm)) return false;
        var readOnly = method == HttpMethod.Get || method == HttpMethod.Head;
        var scope = parameters.TryGetValue("scope", out var asked) ? asked : $"repository:{reference.Repository}:{(readOnly ? "pull" : "pull,push")}";
        // A token we already hold for this scope was refused: asking again would loop.
        if (_authorization?.Scheme == "Bearer" && _tokenScope == scope) return false;

        var query = new List<string>();
        if (parameters.TryGetValue("service", out var service)) query.Add("service=" + Uri.EscapeDataString(service));
        query.AddRange(scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => "scope=" + Uri.EscapeDataString(s)));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{realm}{(realm.Contains('?', StringComparison.Ordinal) ? "&" : "?")}{string.Join('&', query)}");
        request.Headers.Authorization = HelmHttp.Basic(credentials);
        using var response = await HelmHttp.SendAsync(client, request, repoUrl, cancellationToken);
        await HelmHttp.EnsureSuccessAsync(response, repoUrl, SourceFailure.AuthenticationFailed, cancellationToken);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var token = (string?)json?["token"] ?? (string?)json?["access_token"];
        if (string.IsNullOrEmpty(token)) return false;
        _authorization = new AuthenticationHeaderValue("Bearer", token);
        _tokenScope = scope;
        return true;
    }

    private Uri? NextPage(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("Link", out var links)) return null;
        var match = LinkNext().Match(string.Join(',', links));
        return match.Success ? new Uri(reference.BaseUri, match.Groups["url"].Value) : null;
    }

    [GeneratedRegex(@"(?<key>\w+)=""(?<value>[^""]*)""")]
    private static partial Regex ChallengeParameter();

    [GeneratedRegex(@"<(?<url>[^>]+)>\s*;\s*rel=""?next""?")]
    private static partial Regex LinkNext();
}

/// <summary>A manifest or index as the registry serves it: the exact bytes (their digest is the identity), the media type and the digest.</summary>
internal sealed record OciManifest(string MediaType, string Digest, byte[] Content)
{
    /// <summary>True for an OCI index or a Docker manifest list.</summary>
    public bool IsIndex => MediaType is OciMediaTypes.OciIndex or OciMediaTypes.DockerManifestList;
}

/// <summary>The manifest media types of the OCI image spec and Docker's distribution schema 2.</summary>
internal static class OciMediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
}

/// <summary>Content digests (<c>sha256:hex</c>).</summary>
internal static partial class OciDigest
{
    /// <summary>The sha256 digest of <paramref name="content"/>.</summary>
    public static string Of(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>True for <c>algorithm:hex</c> references (as opposed to tags).</summary>
    public static bool IsDigest(string reference) => DigestPattern().IsMatch(reference);

    [GeneratedRegex(@"^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$")]
    private static partial Regex DigestPattern();
}

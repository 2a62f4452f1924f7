using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hawser.Sources;

/// <summary>
/// The few OCI distribution API calls a chart pull needs: list tags (following <c>Link</c> pagination), read the
/// manifest, download the chart layer and check its digest. Auth follows the registry's challenge: anonymous first,
/// then basic or a bearer token from the realm it names (with basic credentials when given).
/// </summary>
internal sealed partial class OciRegistryClient(HttpClient client, OciReference reference, string repoUrl, RepositoryCredentials? credentials)
{
    /// <summary>The media type of the chart archive layer in a Helm OCI artifact.</summary>
    public const string ChartLayerMediaType = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";

    private AuthenticationHeaderValue? _authorization;

    /// <summary>Every tag of the chart's repository.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        Uri? next = new(reference.BaseUri, $"/v2/{reference.Repository}/tags/list?n=1000");
        while (next is not null)
        {
            using var response = await GetAsync(next, null, SourceFailure.ChartNotFound, cancellationToken);
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (json?["tags"] is JsonArray array) tags.AddRange(array.Select(t => t?.GetValue<string>()).OfType<string>());
            next = NextPage(response);
        }
        return tags;
    }

    /// <summary>The chart archive (.tgz) of one tag, checked against its digest.</summary>
    public async Task<byte[]> PullChartAsync(string tag, CancellationToken cancellationToken)
    {
        var manifestUri = new Uri(reference.BaseUri, $"/v2/{reference.Repository}/manifests/{Uri.EscapeDataString(tag)}");
        string manifestText;
        using (var response = await GetAsync(manifestUri, "application/vnd.oci.image.manifest.v1+json", SourceFailure.NoMatchingVersion, cancellationToken))
        {
            manifestText = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        var layer = (JsonNode.Parse(manifestText)?["layers"] as JsonArray)?
            .FirstOrDefault(l => (string?)l?["mediaType"] is ChartLayerMediaType or "application/tar+gzip");
        var digest = (string?)layer?["digest"]
            ?? throw new SourceException(SourceFailure.Failed, repoUrl, $"{reference.Repository}:{tag} is not a Helm chart (no {ChartLayerMediaType} layer)");

        using var blob = await GetAsync(new Uri(reference.BaseUri, $"/v2/{reference.Repository}/blobs/{digest}"), null, SourceFailure.ChartNotFound, cancellationToken);
        var bytes = await blob.Content.ReadAsByteArrayAsync(cancellationToken);
        var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, digest, StringComparison.OrdinalIgnoreCase))
        {
            throw new SourceException(SourceFailure.Failed, repoUrl, $"{reference.Repository}:{tag}: chart layer digest mismatch (expected {digest}, got {actual})");
        }
        return bytes;
    }

    private async Task<HttpResponseMessage> GetAsync(Uri uri, string? accept, SourceFailure notFound, CancellationToken cancellationToken)
    {
        var response = await SendAsync(uri, accept, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && await AuthenticateAsync(response, cancellationToken))
        {
            response.Dispose();
            response = await SendAsync(uri, accept, cancellationToken);
        }
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

    private async Task<HttpResponseMessage> SendAsync(Uri uri, string? accept, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = _authorization;
        if (accept is not null) request.Headers.Accept.ParseAdd(accept);
        return await HelmHttp.SendAsync(client, request, repoUrl, cancellationToken);
    }

    /// <summary>Answers a 401 challenge; false when there is nothing new to try.</summary>
    private async Task<bool> AuthenticateAsync(HttpResponseMessage challenge, CancellationToken cancellationToken)
    {
        var header = challenge.Headers.WwwAuthenticate.FirstOrDefault();
        if (header is null) return false;
        if (header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            if (_authorization is not null) return false;
            _authorization = HelmHttp.Basic(credentials);
            return _authorization is not null;
        }
        if (!header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase) || _authorization?.Scheme == "Bearer") return false;

        var parameters = ChallengeParameter().Matches(header.Parameter ?? "").ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value, StringComparer.OrdinalIgnoreCase);
        if (!parameters.TryGetValue("realm", out var realm)) return false;
        var query = new List<string>();
        if (parameters.TryGetValue("service", out var service)) query.Add("service=" + Uri.EscapeDataString(service));
        query.Add("scope=" + Uri.EscapeDataString(parameters.TryGetValue("scope", out var scope) ? scope : $"repository:{reference.Repository}:pull"));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{realm}{(realm.Contains('?', StringComparison.Ordinal) ? "&" : "?")}{string.Join('&', query)}");
        request.Headers.Authorization = HelmHttp.Basic(credentials);
        using var response = await HelmHttp.SendAsync(client, request, repoUrl, cancellationToken);
        await HelmHttp.EnsureSuccessAsync(response, repoUrl, SourceFailure.AuthenticationFailed, cancellationToken);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var token = (string?)json?["token"] ?? (string?)json?["access_token"];
        if (string.IsNullOrEmpty(token)) return false;
        _authorization = new AuthenticationHeaderValue("Bearer", token);
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

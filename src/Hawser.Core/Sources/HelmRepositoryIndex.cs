using YamlDotNet.RepresentationModel;

namespace Hawser.Sources;

/// <summary>Reads a classic Helm chart repository: <c>&lt;repo&gt;/index.yaml</c> fetched over HTTP(S) with optional basic auth, and chart downloads.</summary>
internal static class HelmRepositoryIndex
{
    /// <summary>Every version of every chart in the repository's index.</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<ChartListing>>> FetchAsync(
        HttpClient client, string repoUrl, RepositoryCredentials? credentials, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, IndexUri(repoUrl));
        request.Headers.Authorization = HelmHttp.Basic(credentials);
        using var response = await HelmHttp.SendAsync(client, request, repoUrl, cancellationToken);
        await HelmHttp.EnsureSuccessAsync(response, repoUrl, SourceFailure.RepositoryNotFound, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            return Parse(text);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new SourceException(SourceFailure.Failed, repoUrl, $"index.yaml is not valid YAML (line {e.Start.Line}): {e.Message}", e);
        }
    }

    /// <summary>Parses index.yaml text: <c>entries: {chart: [{version, urls, digest}]}</c>. Unparsable versions are skipped, as Helm does.</summary>
    internal static IReadOnlyDictionary<string, IReadOnlyList<ChartListing>> Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var result = new Dictionary<string, IReadOnlyList<ChartListing>>(StringComparer.Ordinal);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return result;
        if (!root.Children.TryGetValue(new YamlScalarNode("entries"), out var entriesNode) || entriesNode is not YamlMappingNode entries) return result;
        foreach (var (nameNode, versionsNode) in entries.Children)
        {
            if (nameNode is not YamlScalarNode { Value: { } name } || versionsNode is not YamlSequenceNode versions) continue;
            var listings = new List<ChartListing>();
            foreach (var entry in versions.Children.OfType<YamlMappingNode>())
            {
                var version = Scalar(entry, "version");
                if (version is null || ChartVersion.TryParse(version) is not { } parsed) continue;
                var urls = entry.Children.TryGetValue(new YamlScalarNode("urls"), out var urlsNode) && urlsNode is YamlSequenceNode seq
                    ? seq.Children.OfType<YamlScalarNode>().Select(u => u.Value ?? "").Where(u => u.Length > 0).ToList()
                    : [];
                listings.Add(new ChartListing(version, parsed, urls, Scalar(entry, "digest")));
            }
            result[name] = listings;
        }
        return result;
    }

    /// <summary>Downloads a chart archive; credentials are sent only to the repository's own origin, as Helm does by default.</summary>
    public static async Task<byte[]> DownloadAsync(
        HttpClient client, string repoUrl, ChartListing listing, RepositoryCredentials? credentials, CancellationToken cancellationToken)
    {
        if (listing.Urls.Count == 0) throw new SourceException(SourceFailure.Failed, repoUrl, $"index.yaml lists no URL for version {listing.Version}");
        var baseUri = new Uri(RepoBase(repoUrl));
        var uri = new Uri(baseUri, listing.Urls[0]);
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (Uri.Compare(uri, baseUri, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0)
        {
            request.Headers.Authorization = HelmHttp.Basic(credentials);
        }
        using var response = await HelmHttp.SendAsync(client, request, repoUrl, cancellationToken);
        await HelmHttp.EnsureSuccessAsync(response, repoUrl, SourceFailure.ChartNotFound, cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static Uri IndexUri(string repoUrl) => new(new Uri(RepoBase(repoUrl)), "index.yaml");

    private static string RepoBase(string repoUrl) => repoUrl.TrimEnd('/') + "/";

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;
}

namespace Hawser.Sources;

/// <summary>
/// A chart in an OCI registry: <c>oci://host[:port]/path</c> plus the chart name gives the repository
/// <c>path/chart</c> on <c>host[:port]</c>.
/// </summary>
/// <param name="Registry">The registry's <c>host[:port]</c>.</param>
/// <param name="Repository">The repository name inside the registry, e.g. <c>charts/guestbook</c>.</param>
/// <param name="PlainHttp">Whether the registry is spoken to over plain HTTP.</param>
internal sealed record OciReference(string Registry, string Repository, bool PlainHttp)
{
    /// <summary>The scheme and authority, e.g. <c>https://ghcr.io</c>.</summary>
    public Uri BaseUri => new($"{(PlainHttp ? "http" : "https")}://{Registry}");

    /// <summary>True for <c>oci://</c> repository URLs.</summary>
    public static bool IsOci(string repoUrl) => repoUrl.StartsWith("oci://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>oci://host[:port]/path</c> and the chart name.</summary>
    public static OciReference Parse(string repoUrl, string chart, IReadOnlyCollection<string> plainHttpRegistries)
    {
        var rest = repoUrl["oci://".Length..].Trim('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var registry = slash < 0 ? rest : rest[..slash];
        var path = slash < 0 ? "" : rest[(slash + 1)..];
        if (registry.Length == 0 || registry.Contains('@', StringComparison.Ordinal))
        {
            throw new SourceException(SourceFailure.InvalidReference, repoUrl, "expected oci://host[:port]/path (credentials belong in the repository credentials, not the URL)");
        }
        var repository = path.Length == 0 ? chart : $"{path}/{chart}";
        var plain = plainHttpRegistries.Contains(registry, StringComparer.OrdinalIgnoreCase);
        return new OciReference(registry.ToLowerInvariant(), repository, plain);
    }

    /// <summary>OCI tags cannot hold <c>+</c>; Helm writes build metadata with <c>_</c>.</summary>
    public static string TagOf(string version) => version.Replace('+', '_');

    /// <summary>The chart version a tag stands for.</summary>
    public static string VersionOf(string tag) => tag.Replace('_', '+');
}

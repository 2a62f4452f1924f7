namespace Hawser.Sources;

/// <summary>One published version of a chart: its version string as the repository writes it, and where to get it.</summary>
/// <param name="Version">The version exactly as published (index.yaml <c>version</c>, or the OCI tag with <c>_</c> turned back into <c>+</c>).</param>
/// <param name="Parsed">The parsed version, for ordering and constraints.</param>
/// <param name="Urls">Download URLs from index.yaml (absolute or relative to the repository); empty for OCI.</param>
/// <param name="Digest">The sha256 of the chart archive when the repository states it.</param>
internal sealed record ChartListing(string Version, ChartVersion Parsed, IReadOnlyList<string> Urls, string? Digest)
{
    /// <summary>The chart this version belongs to.</summary>
    public string Chart { get; init; } = "";

    /// <summary>The highest listing satisfying <paramref name="constraint"/>, or null.</summary>
    public static ChartListing? Choose(IEnumerable<ChartListing> listings, ChartVersionConstraint constraint) =>
        listings.Where(l => constraint.IsSatisfiedBy(l.Parsed)).OrderByDescending(l => l.Parsed).ThenBy(l => l.Version, StringComparer.Ordinal).FirstOrDefault();

    /// <summary>A short description of what exists, for "no version matches" messages (the newest few).</summary>
    public static string Describe(IEnumerable<ChartListing> listings)
    {
        var newest = listings.OrderByDescending(l => l.Parsed).Select(l => l.Version).Distinct().ToList();
        if (newest.Count == 0) return "none";
        return newest.Count <= 10 ? string.Join(", ", newest) : string.Join(", ", newest.Take(10)) + $", … ({newest.Count} in all)";
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Hawser.Sources;

/// <summary>
/// A semantic version as Helm reads chart versions (Masterminds semver): an optional <c>v</c>, one to three numeric
/// parts (missing ones are 0), an optional prerelease and build metadata. Ordered by semver 2.0 precedence; build
/// metadata is ignored when comparing.
/// </summary>
internal sealed partial record ChartVersion(long Major, long Minor, long Patch, string Prerelease, string Metadata) : IComparable<ChartVersion>
{
    /// <summary>Parses a version; null when it is not one.</summary>
    public static ChartVersion? TryParse(string text)
    {
        var m = Pattern().Match(text.Trim());
        if (!m.Success) return null;
        return new ChartVersion(
            long.Parse(m.Groups["major"].Value, CultureInfo.InvariantCulture),
            m.Groups["minor"].Success ? long.Parse(m.Groups["minor"].Value, CultureInfo.InvariantCulture) : 0,
            m.Groups["patch"].Success ? long.Parse(m.Groups["patch"].Value, CultureInfo.InvariantCulture) : 0,
            m.Groups["pre"].Value,
            m.Groups["meta"].Value);
    }

    public int CompareTo(ChartVersion? other)
    {
        if (other is null) return 1;
        var c = Major.CompareTo(other.Major);
        if (c != 0) return c;
        c = Minor.CompareTo(other.Minor);
        if (c != 0) return c;
        c = Patch.CompareTo(other.Patch);
        return c != 0 ? c : ComparePrerelease(Prerelease, other.Prerelease);
    }

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}{(Prerelease.Length > 0 ? "-" + Prerelease : "")}{(Metadata.Length > 0 ? "+" + Metadata : "")}";

    /// <summary>Semver 2.0 §11: a version without prerelease ranks higher; identifiers compare numerically when numeric.</summary>
    private static int ComparePrerelease(string a, string b)
    {
        if (a == b) return 0;
        if (a.Length == 0) return 1;
        if (b.Length == 0) return -1;
        var left = a.Split('.');
        var right = b.Split('.');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var leftNumeric = long.TryParse(left[i], NumberStyles.None, CultureInfo.InvariantCulture, out var l);
            var rightNumeric = long.TryParse(right[i], NumberStyles.None, CultureInfo.InvariantCulture, out var r);
            var c = (leftNumeric, rightNumeric) switch
            {
                (true, true) => l.CompareTo(r),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(left[i], right[i]),
            };
            if (c != 0) return c;
        }
        return left.Length.CompareTo(right.Length);
    }

    [GeneratedRegex(@"^v?(?<major>\d+)(\.(?<minor>\d+))?(\.(?<patch>\d+))?(-(?<pre>[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+(?<meta>[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$")]
    private static partial Regex Pattern();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Hawser.Lint;

/// <summary>A Kubernetes minor version (<c>1.29</c>, <c>v1.29.3</c>), for the API deprecation rules.</summary>
public readonly partial record struct KubeVersion(int Major, int Minor) : IComparable<KubeVersion>
{
    /// <summary>Parses <c>1.29</c>, <c>v1.29</c>, <c>1.29.3</c> or <c>v1.29.3+k3s1</c>.</summary>
    /// <exception cref="FormatException">Not a version.</exception>
    public static KubeVersion Parse(string text)
    {
        var match = Pattern().Match(text.Trim());
        if (!match.Success) throw new FormatException($"\"{text}\" is not a Kubernetes version (e.g. 1.29 or v1.29.3)");
        return new KubeVersion(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    public int CompareTo(KubeVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    public static bool operator <(KubeVersion a, KubeVersion b) => a.CompareTo(b) < 0;

    public static bool operator >(KubeVersion a, KubeVersion b) => a.CompareTo(b) > 0;

    public static bool operator <=(KubeVersion a, KubeVersion b) => a.CompareTo(b) <= 0;

    public static bool operator >=(KubeVersion a, KubeVersion b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"v{Major}.{Minor}";

    [GeneratedRegex(@"^v?(\d{1,3})\.(\d{1,3})(\.\d+)?([-+].*)?$")]
    private static partial Regex Pattern();
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Hawser.Templates;

/// <summary>A semantic version as Masterminds/semver reads it (a leading "v", missing minor or patch allowed), with the
/// methods templates call: <c>.Major</c>, <c>.Minor</c>, <c>.Patch</c>, <c>.Prerelease</c>, <c>.Metadata</c>,
/// <c>.Original</c>, <c>.String</c>, <c>.Compare</c>, <c>.LessThan</c>, <c>.GreaterThan</c>, <c>.Equal</c>.</summary>
internal sealed partial class SemVersion : IGoObject, IComparable<SemVersion>
{
    private SemVersion(string original, long major, long minor, long patch, string prerelease, string metadata)
    {
        Original = original;
        Major = major;
        Minor = minor;
        Patch = patch;
        Prerelease = prerelease;
        Metadata = metadata;
    }

    public string Original { get; }

    public long Major { get; }

    public long Minor { get; }

    public long Patch { get; }

    public string Prerelease { get; }

    public string Metadata { get; }

    public string GoTypeName => "*semver.Version";

    [GeneratedRegex(@"^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static SemVersion? TryParse(string text)
    {
        var m = Pattern().Match(text);
        if (!m.Success) return null;
        try
        {
            long Part(Group g) => g.Success ? long.Parse(g.Value.TrimStart('.'), CultureInfo.InvariantCulture) : 0;
            return new SemVersion(text, Part(m.Groups[1]), Part(m.Groups[2]), Part(m.Groups[3]), m.Groups[5].Value, m.Groups[8].Value);
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    public static SemVersion Parse(string text) =>
        TryParse(text) ?? throw new TemplateFunctionException("Invalid Semantic Version");

    public SemVersion WithoutPrerelease(long major, long minor, long patch) => new($"{major}.{minor}.{patch}", major, minor, patch, "", "");

    public int CompareTo(SemVersion? other)
    {
        if (other is null) return 1;
        var c = Major.CompareTo(other.Major);
        if (c == 0) c = Minor.CompareTo(other.Minor);
        if (c == 0) c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        return ComparePrerelease(Prerelease, other.Prerelease);
    }

    private static int ComparePrerelease(string a, string b)
    {
        if (a == b) return 0;
        if (a.Length == 0) return 1;
        if (b.Length == 0) return -1;
        var x = a.Split('.');
        var y = b.Split('.');
        for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
        {
            if (i >= x.Length) return -1;
            if (i >= y.Length) return 1;
            var xn = long.TryParse(x[i], NumberStyles.None, CultureInfo.InvariantCulture, out var xv);
            var yn = long.TryParse(y[i], NumberStyles.None, CultureInfo.InvariantCulture, out var yv);
            var c = (xn, yn) switch
            {
                (true, true) => xv.CompareTo(yv),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x[i], y[i]),
            };
            if (c != 0) return Math.Sign(c);
        }
        return 0;
    }

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}" + (Prerelease.Length > 0 ? "-" + Prerelease : "") + (Metadata.Length > 0 ? "+" + Metadata : "");

    public bool TryInvoke(string method, IReadOnlyList<object?> args, out object? result)
    {
        SemVersion Other() => args.Count == 1 && args[0] is SemVersion v
            ? v
            : throw new TemplateFunctionException($"{method} takes one *semver.Version");
        result = method switch
        {
            "Major" => Major,
            "Minor" => Minor,
            "Patch" => Patch,
            "Prerelease" => Prerelease,
            "Metadata" => Metadata,
            "Original" => Original,
            "String" => ToString(),
            "Compare" => (long)Math.Sign(CompareTo(Other())),
            "LessThan" => CompareTo(Other()) < 0,
            "GreaterThan" => CompareTo(Other()) > 0,
            "Equal" => CompareTo(Other()) == 0,
            _ => NoValue.Instance,
        };
        return result is not NoValue;
    }
}

/// <summary>Masterminds/semver constraints: <c>=</c>, <c>!=</c>, <c>&gt;</c>, <c>&lt;</c>, <c>&gt;=</c>, <c>&lt;=</c>,
/// <c>~</c>, <c>^</c>, wildcards (<c>1.2.x</c>, <c>*</c>), hyphen ranges, <c>,</c> (and) and <c>||</c> (or). A version
/// with a prerelease only matches a constraint that names a prerelease, as in Masterminds/semver.</summary>
internal static partial class SemverConstraint
{
    [GeneratedRegex(@"^\s*(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)?\s*(v?[0-9xX*]+(\.[0-9xX*]+)?(\.[0-9xX*]+)?(-[0-9A-Za-z\-.]+)?(\+[0-9A-Za-z\-.]+)?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex Single();

    public static bool Check(string constraint, SemVersion version)
    {
        foreach (var alternative in constraint.Split("||"))
        {
            var parts = SplitAnd(alternative);
            if (parts.Count == 0) throw new TemplateFunctionException($"improper constraint: {constraint}");
            if (parts.All(p => CheckOne(p, version, constraint))) return true;
        }
        return false;
    }

    private static List<string> SplitAnd(string text)
    {
        var hyphen = Regex.Match(text, @"^\s*(\S+)\s+-\s+(\S+)\s*$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (hyphen.Success) return [">=" + hyphen.Groups[1].Value, "<=" + hyphen.Groups[2].Value];
        var normalized = Regex.Replace(text, @"(=|!=|>=|=>|<=|=<|>|<|~>|~|\^)\s+", "$1", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return normalized.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private static bool CheckOne(string text, SemVersion v, string whole)
    {
        var m = Single().Match(text);
        if (!m.Success) throw new TemplateFunctionException($"improper constraint: {whole}");
        var op = m.Groups[1].Value;
        var body = m.Groups[2].Value.TrimStart('v');
        var pieces = body.Split('+')[0].Split('-', 2);
        var numbers = pieces[0].Split('.');
        var prerelease = pieces.Length > 1 ? pieces[1] : "";
        bool IsWild(int i) => i >= numbers.Length || numbers[i] is "x" or "X" or "*";
        long Num(int i) => IsWild(i) ? 0 : long.Parse(numbers[i], CultureInfo.InvariantCulture);
        var dirty = IsWild(0) ? 0 : IsWild(1) ? 1 : IsWild(2) ? 2 : 3;
        var c = SemVersion.Parse($"{Num(0)}.{Num(1)}.{Num(2)}" + (prerelease.Length > 0 ? "-" + prerelease : ""));
        if (v.Prerelease.Length > 0 && prerelease.Length == 0 && op != "!=") return false;
        var upperForWild = dirty switch
        {
            0 => null,
            1 => c.WithoutPrerelease(c.Major + 1, 0, 0),
            2 => c.WithoutPrerelease(c.Major, c.Minor + 1, 0),
            _ => null,
        };
        switch (op)
        {
            case "" or "=":
                if (dirty == 0) return true;
                return upperForWild is null ? v.CompareTo(c) == 0 : v.CompareTo(c) >= 0 && v.CompareTo(upperForWild) < 0;
            case "!=":
                if (dirty == 0) return false;
                return upperForWild is null ? v.CompareTo(c) != 0 : v.CompareTo(c) < 0 || v.CompareTo(upperForWild) >= 0;
            case ">":
                if (dirty == 0) return false;
                return upperForWild is null ? v.CompareTo(c) > 0 : v.CompareTo(upperForWild) >= 0;
            case ">=" or "=>":
                return dirty == 0 || v.CompareTo(c) >= 0;
            case "<":
                return dirty != 0 && v.CompareTo(c) < 0;
            case "<=" or "=<":
                if (dirty == 0) return true;
                return upperForWild is null ? v.CompareTo(c) <= 0 : v.CompareTo(upperForWild) < 0;
            case "~" or "~>":
                if (dirty == 0) return true;
                var tildeUpper = dirty == 1 ? c.WithoutPrerelease(c.Major + 1, 0, 0) : c.WithoutPrerelease(c.Major, c.Minor + 1, 0);
                return v.CompareTo(c) >= 0 && v.CompareTo(tildeUpper) < 0;
            case "^":
                if (dirty == 0) return true;
                SemVersion caretUpper;
                if (c.Major > 0 || dirty == 1) caretUpper = c.WithoutPrerelease(c.Major + 1, 0, 0);
                else if (c.Minor > 0 || dirty == 2) caretUpper = c.WithoutPrerelease(0, c.Minor + 1, 0);
                else caretUpper = c.WithoutPrerelease(0, 0, c.Patch + 1);
                return v.CompareTo(c) >= 0 && v.CompareTo(caretUpper) < 0;
        }
        throw new TemplateFunctionException($"improper constraint: {whole}");
    }
}

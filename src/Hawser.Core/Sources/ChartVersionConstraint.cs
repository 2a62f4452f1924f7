using System.Globalization;
using System.Text.RegularExpressions;

namespace Hawser.Sources;

/// <summary>
/// A Helm version constraint with Masterminds semver v3 semantics, as <c>helm pull --version</c> reads it:
/// <list type="bullet">
/// <item><c>||</c> separates alternatives; within one, constraints separated by spaces or commas must all hold.</item>
/// <item>Operators <c>=</c> <c>!=</c> <c>&gt;</c> <c>&lt;</c> <c>&gt;=</c> <c>&lt;=</c>, tilde <c>~1.2.3</c>
/// (&gt;=1.2.3 &lt;1.3.0), caret <c>^1.2</c> (&gt;=1.2.0 &lt;2.0.0; <c>^0.2.3</c> is &lt;0.3.0), hyphen ranges
/// <c>1.2 - 1.4.5</c>.</item>
/// <item>Wildcards <c>x</c>, <c>X</c>, <c>*</c> or missing parts: <c>1.2.x</c> and <c>1.2</c> mean &gt;=1.2.0 &lt;1.3.0;
/// <c>*</c> matches every release.</item>
/// <item>A prerelease version matches only a constraint that itself names a prerelease.</item>
/// </list>
/// </summary>
internal sealed partial class ChartVersionConstraint
{
    private readonly IReadOnlyList<IReadOnlyList<Term>> _alternatives;

    private ChartVersionConstraint(string text, IReadOnlyList<IReadOnlyList<Term>> alternatives)
    {
        Text = text;
        _alternatives = alternatives;
    }

    /// <summary>The constraint as written.</summary>
    public string Text { get; }

    /// <summary>The version when the constraint names exactly one (<c>1.2.3</c> or <c>=1.2.3</c>), else null.</summary>
    public string? ExactVersion { get; private init; }

    /// <summary>Parses a constraint; throws <see cref="FormatException"/> naming the bad part.</summary>
    public static ChartVersionConstraint Parse(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0) trimmed = "*";
        var alternatives = new List<IReadOnlyList<Term>>();
        foreach (var alternative in trimmed.Split("||"))
        {
            var expanded = Hyphen().Replace(alternative.Trim(), ">=${from} <=${to}");
            var terms = new List<Term>();
            foreach (Match match in TermPattern().Matches(expanded))
            {
                terms.Add(Term.Parse(match.Groups["op"].Value, match.Groups["ver"].Value, text));
            }
            var leftover = TermPattern().Replace(expanded, "").Replace(",", "", StringComparison.Ordinal).Trim();
            if (terms.Count == 0 || leftover.Length > 0) throw new FormatException($"'{text}' is not a valid version constraint");
            alternatives.Add(terms);
        }

        string? exact = null;
        if (alternatives is [[{ Op: "" or "=", Dirty: false } single]] && ChartVersion.TryParse(single.Raw) is not null && Strict().IsMatch(single.Raw))
        {
            exact = single.Raw.TrimStart('v');
        }
        return new ChartVersionConstraint(text, alternatives) { ExactVersion = exact };
    }

    /// <summary>True when <paramref name="version"/> satisfies the constraint.</summary>
    public bool IsSatisfiedBy(ChartVersion version) => _alternatives.Any(all => all.All(term => term.Check(version)));

    public override string ToString() => Text;

    [GeneratedRegex(@"(?<from>[vV]?[0-9xX*][0-9A-Za-z.+*-]*)\s+-\s+(?<to>[vV]?[0-9xX*][0-9A-Za-z.+*-]*)")]
    private static partial Regex Hyphen();

    [GeneratedRegex(@"(?<op>!=|>=|=>|<=|=<|~>|[=<>~^])?\s*(?<ver>[vV]?[0-9xX*][0-9A-Za-z.+*-]*)")]
    private static partial Regex TermPattern();

    [GeneratedRegex(@"^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$")]
    private static partial Regex Strict();

    /// <summary>One operator and version. Dirty versions have wildcard or missing parts (<c>1.x</c>, <c>1.2</c>).</summary>
    private sealed record Term(string Op, string Raw, ChartVersion Version, bool Dirty, bool MinorDirty, bool PatchDirty)
    {
        public static Term Parse(string op, string raw, string whole)
        {
            var core = raw.TrimStart('v', 'V');
            var suffixAt = core.IndexOfAny(['-', '+']);
            var suffix = suffixAt < 0 ? "" : core[suffixAt..];
            var parts = (suffixAt < 0 ? core : core[..suffixAt]).Split('.');
            if (parts.Length > 3 || parts.Any(p => p.Length == 0)) throw new FormatException($"'{whole}' is not a valid version constraint ({raw})");
            static bool IsWild(string p) => p is "x" or "X" or "*";
            var majorWild = IsWild(parts[0]);
            var minorWild = majorWild || parts.Length < 2 || IsWild(parts[1]);
            var patchWild = minorWild || parts.Length < 3 || IsWild(parts[2]);
            string Part(int i) => i < parts.Length && !IsWild(parts[i]) ? parts[i] : "0";
            var version = ChartVersion.TryParse($"{(majorWild ? "0" : parts[0])}.{(minorWild ? "0" : Part(1))}.{(patchWild ? "0" : Part(2))}{suffix}")
                ?? throw new FormatException($"'{whole}' is not a valid version constraint ({raw})");
            if (majorWild) return new Term(op, raw, version, Dirty: true, MinorDirty: false, PatchDirty: false) { Any = true };
            return new Term(op, raw, version, Dirty: minorWild || patchWild, MinorDirty: minorWild, PatchDirty: patchWild && !minorWild);
        }

        /// <summary>A bare wildcard (<c>*</c>, <c>x</c>): every release.</summary>
        public bool Any { get; private init; }

        public bool Check(ChartVersion v)
        {
            // Masterminds: a prerelease version only satisfies a constraint that names a prerelease.
            if (v.Prerelease.Length > 0 && Version.Prerelease.Length == 0) return false;
            if (Any) return Op is "" or "=" or ">=" or "=>" or "<=" or "=<" or "~" or "~>" or "^";
            var c = v.CompareTo(Version);
            return Op switch
            {
                "" or "=" => Dirty ? Tilde(v) : c == 0,
                "!=" => Dirty ? !Tilde(v) : c != 0,
                ">" => Dirty ? GreaterDirty(v) : c > 0,
                ">=" or "=>" => c >= 0,
                "<" => c < 0,
                "<=" or "=<" => Dirty ? LessOrEqualDirty(v) : c <= 0,
                "~" or "~>" => Tilde(v),
                "^" => Caret(v),
                _ => throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"unknown operator {Op}")),
            };
        }

        private bool Tilde(ChartVersion v)
        {
            if (v.CompareTo(Version) < 0) return false;
            if (Version is { Major: 0, Minor: 0, Patch: 0 } && !MinorDirty && !PatchDirty && !Dirty) return true;
            if (v.Major != Version.Major) return false;
            return MinorDirty || v.Minor == Version.Minor;
        }

        private bool Caret(ChartVersion v)
        {
            if (v.CompareTo(Version) < 0) return false;
            if (Version.Major > 0 || MinorDirty) return v.Major == Version.Major;
            if (Version.Minor > 0 || PatchDirty) return v.Major == 0 && v.Minor == Version.Minor;
            return v.Major == 0 && v.Minor == 0 && v.Patch == Version.Patch;
        }

        private bool GreaterDirty(ChartVersion v)
        {
            if (v.Major != Version.Major) return v.Major > Version.Major;
            if (MinorDirty) return false;
            return v.Minor > Version.Minor;
        }

        private bool LessOrEqualDirty(ChartVersion v)
        {
            if (v.Major != Version.Major) return v.Major < Version.Major;
            if (MinorDirty) return true;
            return v.Minor <= Version.Minor;
        }
    }
}

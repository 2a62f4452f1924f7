using System.Text;
using System.Text.RegularExpressions;

namespace Hawser.Templates;

/// <summary>Sprig's regular expression functions over .NET regexes read with Go's RE2 syntax (named groups written
/// <c>(?P&lt;name&gt;...)</c> are accepted) and Go's <c>$1</c>/<c>${name}</c> replacement expansion.</summary>
internal static class SprigRegex
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public static IEnumerable<GoFunction> All() =>
    [
        GoFunction.Fixed("regexMatch", 2, c => TryCompile(c.String(0)) is { } r && r.IsMatch(c.String(1))),
        GoFunction.Fixed("mustRegexMatch", 2, c => Compile(c.String(0)).IsMatch(c.String(1))),
        GoFunction.Fixed("regexFindAll", 3, c => FindAll(Compile(c.String(0)), c.String(1), c.Int(2))),
        GoFunction.Fixed("mustRegexFindAll", 3, c => FindAll(Compile(c.String(0)), c.String(1), c.Int(2))),
        GoFunction.Fixed("regexFind", 2, c => Compile(c.String(0)).Match(c.String(1)) is { Success: true } m ? m.Value : ""),
        GoFunction.Fixed("mustRegexFind", 2, c => Compile(c.String(0)).Match(c.String(1)) is { Success: true } m ? m.Value : ""),
        GoFunction.Fixed("regexReplaceAll", 3, c => ReplaceAll(Compile(c.String(0)), c.String(1), c.String(2), literal: false)),
        GoFunction.Fixed("mustRegexReplaceAll", 3, c => ReplaceAll(Compile(c.String(0)), c.String(1), c.String(2), literal: false)),
        GoFunction.Fixed("regexReplaceAllLiteral", 3, c => ReplaceAll(Compile(c.String(0)), c.String(1), c.String(2), literal: true)),
        GoFunction.Fixed("mustRegexReplaceAllLiteral", 3, c => ReplaceAll(Compile(c.String(0)), c.String(1), c.String(2), literal: true)),
        GoFunction.Fixed("regexSplit", 3, c => Split(Compile(c.String(0)), c.String(1), c.Int(2))),
        GoFunction.Fixed("mustRegexSplit", 3, c => Split(Compile(c.String(0)), c.String(1), c.Int(2))),
        GoFunction.Fixed("regexQuoteMeta", 1, c => QuoteMeta(c.String(0))),
    ];

    public static Regex Compile(string pattern) =>
        TryCompile(pattern) ?? throw new TemplateFunctionException($"error parsing regexp: invalid pattern `{pattern}`");

    private static Regex? TryCompile(string pattern)
    {
        try
        {
            return new Regex(pattern.Replace("(?P<", "(?<", StringComparison.Ordinal), RegexOptions.CultureInvariant, Timeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static List<object?> FindAll(Regex regex, string s, long n)
    {
        var result = new List<object?>();
        if (n == 0) return result;
        foreach (Match m in regex.Matches(s))
        {
            if (n > 0 && result.Count >= n) break;
            result.Add(m.Value);
        }
        return result;
    }

    private static string ReplaceAll(Regex regex, string s, string replacement, bool literal) =>
        regex.Replace(s, m => literal ? replacement : Expand(regex, m, replacement));

    /// <summary>Go's Regexp.Expand: <c>$name</c> takes the longest run of letters, digits and underscores;
    /// <c>${name}</c> braces it; <c>$$</c> is a dollar; an unknown group expands to nothing.</summary>
    private static string Expand(Regex regex, Match m, string template)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != '$' || i + 1 >= template.Length)
            {
                sb.Append(template[i]);
                continue;
            }
            if (template[i + 1] == '$')
            {
                sb.Append('$');
                i++;
                continue;
            }
            string name;
            int next;
            if (template[i + 1] == '{')
            {
                var close = template.IndexOf('}', i + 2);
                if (close < 0)
                {
                    sb.Append('$');
                    continue;
                }
                name = template[(i + 2)..close];
                next = close;
            }
            else
            {
                var j = i + 1;
                while (j < template.Length && (char.IsAsciiLetterOrDigit(template[j]) || template[j] == '_')) j++;
                if (j == i + 1)
                {
                    sb.Append('$');
                    continue;
                }
                name = template[(i + 1)..j];
                next = j - 1;
            }
            var group = int.TryParse(name, out var number) ? (number < regex.GetGroupNumbers().Length ? m.Groups[number] : null) : m.Groups[name];
            if (group is { Success: true }) sb.Append(group.Value);
            i = next;
        }
        return sb.ToString();
    }

    private static List<object?> Split(Regex regex, string s, long n)
    {
        if (n == 0) return [];
        if (s.Length == 0) return [""];
        var parts = new List<object?>();
        var start = 0;
        foreach (Match m in regex.Matches(s))
        {
            if (n > 0 && parts.Count == n - 1) break;
            if (m.Length == 0 && m.Index == 0) continue;
            parts.Add(s[start..m.Index]);
            start = m.Index + m.Length;
        }
        parts.Add(s[start..]);
        return parts;
    }

    private static string QuoteMeta(string s)
    {
        var sb = new StringBuilder();
        foreach (var ch in s)
        {
            if (@"\.+*?()|[]{}^$".Contains(ch, StringComparison.Ordinal)) sb.Append('\\');
            sb.Append(ch);
        }
        return sb.ToString();
    }
}

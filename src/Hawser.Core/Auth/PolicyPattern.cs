using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Hawser.Auth;

/// <summary>How the resource, action and object fields of a policy line are matched (<c>policy.matchMode</c>).</summary>
public enum PolicyMatchMode
{
    /// <summary>Glob (Argo CD's default): <c>*</c> any text including <c>/</c>, <c>?</c> one character, <c>[a-z]</c>, <c>[!x]</c>, <c>{a,b}</c>.</summary>
    Glob,

    /// <summary>Regular expressions, matched against the whole value (anchored; see docs/rbac.md).</summary>
    Regex,
}

/// <summary>
/// Compiles policy patterns once (cached) into anchored, non-backtracking regular expressions, so that a pattern from
/// <c>policy.csv</c> can never make matching slow and never matches only part of a name.
/// </summary>
internal static class PolicyPattern
{
    private static readonly ConcurrentDictionary<(string, PolicyMatchMode), Regex?> Cache = new();

    /// <summary>True when <paramref name="value"/> matches <paramref name="pattern"/> as a whole.</summary>
    public static bool Matches(string pattern, string value, PolicyMatchMode mode)
    {
        if (pattern == "*" || pattern == value) return true;
        return Compile(pattern, mode) is { } regex && regex.IsMatch(value);
    }

    /// <summary>The error of an invalid pattern, or null when it compiles.</summary>
    public static string? Validate(string pattern, PolicyMatchMode mode)
    {
        try
        {
            _ = Build(pattern, mode);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or FormatException)
        {
            return e.Message;
        }
    }

    private static Regex? Compile(string pattern, PolicyMatchMode mode) =>
        Cache.GetOrAdd((pattern, mode), static key =>
        {
            try
            {
                return Build(key.Item1, key.Item2);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or FormatException)
            {
                return null;
            }
        });

    private static Regex Build(string pattern, PolicyMatchMode mode)
    {
        var body = mode == PolicyMatchMode.Regex ? pattern : GlobToRegex(pattern);
        return new Regex($"^(?:{body})$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    /// <summary>
    /// Translates a glob (gobwas/glob syntax, as Argo CD uses it) into a regular expression. With
    /// <paramref name="slashIsSeparator"/>, <c>*</c> stops at <c>/</c> and <c>**</c> crosses it (Argo CD's sourceRepos).
    /// </summary>
    internal static string GlobToRegex(string glob, bool slashIsSeparator = false)
    {
        var result = new StringBuilder();
        var braces = 0;
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when slashIsSeparator && i + 1 < glob.Length && glob[i + 1] == '*':
                    result.Append(".*");
                    i++;
                    break;
                case '*':
                    result.Append(slashIsSeparator ? "[^/]*" : ".*");
                    break;
                case '?':
                    result.Append(slashIsSeparator ? "[^/]" : ".");
                    break;
                case '\\' when i + 1 < glob.Length:
                    result.Append(Regex.Escape(glob[++i].ToString()));
                    break;
                case '[':
                    var end = glob.IndexOf(']', i + 1);
                    if (end < 0) throw new FormatException($"glob '{glob}': '[' without ']'");
                    var set = glob[(i + 1)..end];
                    if (set.Length == 0) throw new FormatException($"glob '{glob}': empty character class");
                    var negate = set[0] == '!';
                    if (negate) set = set[1..];
                    result.Append('[').Append(negate ? "^" : "").Append(set.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                case '{':
                    braces++;
                    result.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    result.Append(')');
                    break;
                case ',' when braces > 0:
                    result.Append('|');
                    break;
                default:
                    result.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        if (braces > 0) throw new FormatException($"glob '{glob}': '{{' without '}}'");
        return result.ToString();
    }
}

using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace Hawser.Globs;

/// <summary>
/// A glob compiled once to a regular expression (linear-time engine, ordinal, case-sensitive), in one of the dialects of
/// <see cref="GlobOptions"/>. The whole text must match. With the full syntax: <c>*</c> matches any run of characters,
/// <c>?</c> one character (neither crosses <c>/</c> unless <see cref="GlobOptions.StarCrossesSlash"/>), <c>[abc]</c>,
/// <c>[a-z]</c>, <c>[!abc]</c> or <c>[^abc]</c> a character class (a <c>]</c> right after the <c>[</c> is a member, a
/// negated class never matches <c>/</c> unless stars cross it), <c>\</c> escapes the next character, <c>**</c> as
/// <see cref="GlobOptions.DoubleStar"/> says and <c>{a,b}</c> nestable alternatives when <see cref="GlobOptions.Braces"/>.
/// A malformed pattern is a <see cref="FormatException"/> naming it.
/// </summary>
internal sealed class Glob
{
    private static readonly ConcurrentDictionary<(string Pattern, GlobOptions Options), Glob> Cache = new();

    private readonly Regex _regex;

    private Glob(Regex regex) => _regex = regex;

    /// <summary>True when the whole of <paramref name="text"/> matches.</summary>
    public bool IsMatch(string text) => _regex.IsMatch(text);

    /// <summary>
    /// Matches <paramref name="text"/> against <paramref name="pattern"/>, compiling each distinct pattern once (for
    /// patterns that come from configuration and are matched many times, such as resource-key wildcards).
    /// </summary>
    public static bool Matches(string pattern, string text, GlobOptions options) =>
        Cache.GetOrAdd((pattern, options), static key => Parse(key.Pattern, key.Options)).IsMatch(text);

    /// <summary>Compiles <paramref name="pattern"/>; a malformed one is a <see cref="FormatException"/> naming it.</summary>
    public static Glob Parse(string pattern, GlobOptions options)
    {
        var regex = options.StarOnly ? StarOnlyRegex(pattern) : FullRegex(pattern, options);
        try
        {
            return new Glob(new Regex(regex, RegexOptions.CultureInvariant | RegexOptions.Singleline | RegexOptions.NonBacktracking));
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{options.Noun} \"{pattern}\": invalid character class", e);
        }
    }

    private static string StarOnlyRegex(string pattern)
    {
        var sb = new StringBuilder("^");
        foreach (var c in pattern) sb.Append(c == '*' ? ".*" : Regex.Escape(c.ToString()));
        return sb.Append('$').ToString();
    }

    private static string FullRegex(string pattern, GlobOptions options)
    {
        var p = options.IgnoreLeadingSlash ? pattern.TrimStart('/') : pattern;
        var one = options.StarCrossesSlash ? "." : "[^/]";
        var sb = new StringBuilder("^");
        var depth = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= p.Length) throw Error(pattern, options, "ends with an escape");
                    sb.Append(Regex.Escape(p[++i].ToString()));
                    break;
                case '*' when options.DoubleStar != DoubleStar.None && i + 1 < p.Length && p[i + 1] == '*':
                    i = options.DoubleStar == DoubleStar.WholeSegment ? WholeSegment(p, i, sb) : AnyFolders(p, i, sb);
                    break;
                case '*':
                    if (options.StarCrossesSlash)
                    {
                        while (i + 1 < p.Length && p[i + 1] == '*') i++;
                    }
                    sb.Append(one).Append('*');
                    break;
                case '?':
                    sb.Append(one);
                    break;
                case '[':
                    var close = i + 2 <= p.Length ? p.IndexOf(']', i + 2) : -1;
                    if (close < 0) throw Error(pattern, options, "unterminated '['");
                    var body = p[(i + 1)..close];
                    var negate = body.StartsWith('!') || body.StartsWith('^');
                    if (negate) body = body[1..];
                    sb.Append('[').Append(negate ? (options.StarCrossesSlash ? "^" : "^/") : "")
                        .Append(body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                case '{' when options.Braces:
                    depth++;
                    sb.Append("(?:");
                    break;
                case '}' when depth > 0:
                    depth--;
                    sb.Append(')');
                    break;
                case ',' when depth > 0:
                    sb.Append('|');
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        if (depth != 0) throw Error(pattern, options, "unterminated '{'");
        return sb.Append('$').ToString();
    }

    // "**" as a whole segment: "**/" is any number of folders (none included), a final "/**" also matches the folder
    // itself, and "**" anywhere else is a plain "*". Returns the index of the last character consumed.
    private static int WholeSegment(string p, int i, StringBuilder sb)
    {
        var atStart = i == 0 || p[i - 1] == '/';
        var end = i + 2;
        if (atStart && end < p.Length && p[end] == '/')
        {
            sb.Append("(?:[^/]+/)*");
            return end;
        }
        if (atStart && end == p.Length)
        {
            if (i == 0) return AppendAndReturn(sb, ".*", end - 1);
            sb.Length -= 1; // the '/' before: "a/**" also matches "a"
            return AppendAndReturn(sb, "(?:/.*)?", end - 1);
        }
        return AppendAndReturn(sb, "[^/]*", i + 1);
    }

    // "**" anywhere crosses folders; "**/" also matches no folder at all.
    private static int AnyFolders(string p, int i, StringBuilder sb) =>
        i + 2 < p.Length && p[i + 2] == '/' ? AppendAndReturn(sb, "(?:.*/)?", i + 2) : AppendAndReturn(sb, ".*", i + 1);

    private static int AppendAndReturn(StringBuilder sb, string regex, int last)
    {
        sb.Append(regex);
        return last;
    }

    private static FormatException Error(string pattern, GlobOptions options, string problem) =>
        new($"{options.Noun} \"{pattern}\": {problem}");
}

using System.Text;
using System.Text.RegularExpressions;

namespace Hawser.AppSets;

/// <summary>
/// Path patterns of the git generator, matched against slash-separated paths relative to the repository root:
/// <c>*</c> matches within one folder name, <c>**</c> as a whole segment matches any number of folders (none included),
/// <c>?</c> one character other than <c>/</c>, <c>[abc]</c>, <c>[!abc]</c> or <c>[^abc]</c> a class, <c>{a,b}</c> alternatives,
/// <c>\</c> escapes. A leading <c>/</c> is ignored. This is Go's <c>path.Match</c> (Argo CD's directory matching) extended with
/// <c>**</c> as in Argo CD's file globbing.
/// </summary>
internal static class PathPattern
{
    /// <summary>Compiles a pattern; a malformed one is a <see cref="FormatException"/> naming it.</summary>
    public static Regex Compile(string pattern)
    {
        var p = pattern.TrimStart('/');
        var sb = new StringBuilder("^");
        var depth = 0;
        for (var i = 0; i < p.Length; i++)
        {
            var c = p[i];
            switch (c)
            {
                case '\\':
                    if (i + 1 >= p.Length) throw new FormatException($"path pattern \"{pattern}\": ends with an escape");
                    sb.Append(Regex.Escape(p[++i].ToString()));
                    break;
                case '*' when i + 1 < p.Length && p[i + 1] == '*':
                    var atStart = i == 0 || p[i - 1] == '/';
                    var end = i + 2;
                    if (atStart && end < p.Length && p[end] == '/')
                    {
                        sb.Append("(?:[^/]+/)*");
                        i = end;
                    }
                    else if (atStart && end == p.Length)
                    {
                        // "a/**" also matches "a" (the '/' before was already written: make it optional).
                        if (i > 0)
                        {
                            sb.Length -= 1;
                            sb.Append("(?:/.*)?");
                        }
                        else
                        {
                            sb.Append(".*");
                        }
                        i = end - 1;
                    }
                    else
                    {
                        sb.Append("[^/]*");
                        i++;
                    }
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var close = p.IndexOf(']', i + 2);
                    if (close < 0) throw new FormatException($"path pattern \"{pattern}\": unterminated '['");
                    var body = p[(i + 1)..close];
                    var negate = body.StartsWith('!') || body.StartsWith('^');
                    if (negate) body = body[1..];
                    sb.Append('[').Append(negate ? "^/" : "").Append(body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal)).Append(']');
                    i = close;
                    break;
                case '{':
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
        if (depth != 0) throw new FormatException($"path pattern \"{pattern}\": unterminated '{{'");
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }
}

using System.Text;
using System.Text.RegularExpressions;

namespace Hawser.Rendering;

/// <summary>
/// Glob patterns as Argo CD matches directory <c>include</c>/<c>exclude</c> (gobwas/glob without separators): <c>*</c> and <c>**</c>
/// match any characters including <c>/</c>, <c>?</c> one character, <c>[abc]</c>/<c>[!abc]</c> classes, <c>{a,b}</c> alternatives
/// (nestable), <c>\</c> escapes.
/// </summary>
internal static class Glob
{
    public static Regex Compile(string pattern)
    {
        var sb = new StringBuilder("^");
        var depth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\' when i + 1 < pattern.Length:
                    sb.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '*':
                    while (i + 1 < pattern.Length && pattern[i + 1] == '*') i++;
                    sb.Append(".*");
                    break;
                case '?':
                    sb.Append('.');
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0) throw new FormatException($"glob \"{pattern}\": unterminated '['");
                    var body = pattern[(i + 1)..end];
                    var negate = body.StartsWith('!');
                    if (negate) body = body[1..];
                    sb.Append('[').Append(negate ? "^" : "").Append(body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal)).Append(']');
                    i = end;
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
        if (depth != 0) throw new FormatException($"glob \"{pattern}\": unterminated '{{'");
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }
}

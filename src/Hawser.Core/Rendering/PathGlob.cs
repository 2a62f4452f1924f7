using System.Text;
using System.Text.RegularExpressions;

namespace Hawser.Rendering;

/// <summary>
/// Path globs of plugin discovery, relative to the app directory (a leading <c>./</c> is ignored): <c>*</c> and <c>?</c> stay inside
/// one folder and <c>[a-z]</c>/<c>[^a-z]</c> are classes, as Go's <c>filepath.Glob</c> (<c>discover.fileName</c>); with
/// <c>doubleStar</c>, <c>**</c> also crosses folders (<c>discover.find.glob</c>). Files and folders both match;
/// <c>.git</c> is never looked into.
/// </summary>
internal static class PathGlob
{
    public static bool AnyMatch(string directory, string pattern, bool doubleStar)
    {
        var normalized = pattern.Replace('\\', '/');
        while (normalized.StartsWith("./", StringComparison.Ordinal)) normalized = normalized[2..];
        var regex = Compile(normalized, doubleStar);
        var depth = doubleStar && normalized.Contains("**", StringComparison.Ordinal) ? int.MaxValue : normalized.Split('/').Length;
        return Walk(directory, "", depth).Any(regex.IsMatch);
    }

    private static IEnumerable<string> Walk(string directory, string prefix, int depth)
    {
        if (depth <= 0) yield break;
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(entry);
            if (name == ".git") continue;
            var relative = prefix + name;
            yield return relative;
            var info = new FileInfo(entry);
            if (info.LinkTarget is null && (info.Attributes & FileAttributes.Directory) != 0)
            {
                foreach (var nested in Walk(entry, relative + "/", depth - 1)) yield return nested;
            }
        }
    }

    private static Regex Compile(string pattern, bool doubleStar)
    {
        var sb = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '\\' when i + 1 < pattern.Length:
                    sb.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '*' when doubleStar && i + 1 < pattern.Length && pattern[i + 1] == '*':
                    i++;
                    if (i + 1 < pattern.Length && pattern[i + 1] == '/')
                    {
                        i++;
                        sb.Append("(?:.*/)?");
                    }
                    else
                    {
                        sb.Append(".*");
                    }
                    break;
                case '*':
                    sb.Append("[^/]*");
                    break;
                case '?':
                    sb.Append("[^/]");
                    break;
                case '[':
                    var end = pattern.IndexOf(']', i + 1);
                    if (end < 0) throw new FormatException($"glob \"{pattern}\": unterminated '['");
                    var body = pattern[(i + 1)..end];
                    var negate = body.StartsWith('^') || body.StartsWith('!');
                    if (negate) body = body[1..];
                    sb.Append('[').Append(negate ? "^/" : "").Append(body.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal)).Append(']');
                    i = end;
                    break;
                default:
                    sb.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        sb.Append('$');
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant);
    }
}

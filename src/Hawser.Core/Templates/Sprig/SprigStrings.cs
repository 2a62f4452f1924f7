using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hawser.Templates;

/// <summary>Sprig's string functions.</summary>
internal static class SprigStrings
{
    public static IEnumerable<GoFunction> All() =>
    [
        GoFunction.Fixed("hello", 0, _ => "Hello!"),
        GoFunction.Fixed("upper", 1, c => c.String(0).ToUpperInvariant()),
        GoFunction.Fixed("lower", 1, c => c.String(0).ToLowerInvariant()),
        GoFunction.Fixed("title", 1, c => Title(c.String(0))),
        GoFunction.Fixed("untitle", 1, c => Untitle(c.String(0))),
        GoFunction.Fixed("substr", 3, c => Substr(c.Int(0), c.Int(1), c.String(2))),
        GoFunction.Fixed("repeat", 2, c => Repeat(c, c.Int(0), c.String(1))),
        GoFunction.Fixed("trunc", 2, c => Trunc(c.Int(0), c.String(1))),
        GoFunction.Fixed("trim", 1, c => c.String(0).Trim()),
        GoFunction.Fixed("trimAll", 2, c => c.String(1).Trim(c.String(0).ToCharArray())),
        GoFunction.Fixed("trimall", 2, c => c.String(1).Trim(c.String(0).ToCharArray())),
        GoFunction.Fixed("trimSuffix", 2, c => TrimSuffix(c.String(1), c.String(0))),
        GoFunction.Fixed("trimPrefix", 2, c => TrimPrefix(c.String(1), c.String(0))),
        GoFunction.Fixed("nospace", 1, c => string.Concat(c.String(0).Where(ch => !char.IsWhiteSpace(ch)))),
        GoFunction.Fixed("initials", 1, c => string.Concat(c.String(0).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(w => w[0]))),
        GoFunction.Fixed("randAlphaNum", 1, c => Random(c, c.Int(0), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")),
        GoFunction.Fixed("randAlpha", 1, c => Random(c, c.Int(0), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")),
        GoFunction.Fixed("randNumeric", 1, c => Random(c, c.Int(0), "0123456789")),
        GoFunction.Fixed("randAscii", 1, c => Random(c, c.Int(0), string.Concat(Enumerable.Range(32, 95).Select(i => (char)i)))),
        GoFunction.Fixed("abbrev", 2, c => c.Int(0) < 4 ? c.String(1) : Abbreviate(c.String(1), 0, (int)c.Int(0))),
        GoFunction.Fixed("abbrevboth", 3, c => AbbrevBoth(c.Int(0), c.Int(1), c.String(2))),
        GoFunction.Fixed("wrap", 2, c => Wrap(c.String(1), (int)c.Int(0), "\n", false)),
        GoFunction.Fixed("wrapWith", 3, c => Wrap(c.String(2), (int)c.Int(0), c.String(1), true)),
        GoFunction.Fixed("contains", 2, c => c.String(1).Contains(c.String(0), StringComparison.Ordinal)),
        GoFunction.Fixed("hasPrefix", 2, c => c.String(1).StartsWith(c.String(0), StringComparison.Ordinal)),
        GoFunction.Fixed("hasSuffix", 2, c => c.String(1).EndsWith(c.String(0), StringComparison.Ordinal)),
        GoFunction.Variadic("quote", 0, c => string.Join(" ", c.AnyFrom(0).Where(a => a is not null).Select(a => GoFormat.Quote(SprigValues.Strval(a))))),
        GoFunction.Variadic("squote", 0, c => string.Join(" ", c.AnyFrom(0).Where(a => a is not null).Select(a => "'" + SprigValues.Strval(a) + "'"))),
        GoFunction.Variadic("cat", 0, c => string.Join(" ", c.AnyFrom(0).Where(a => a is not null).Select(GoFormat.Format))),
        GoFunction.Fixed("indent", 2, c => Indent(c, (int)c.Int(0), c.String(1))),
        GoFunction.Fixed("nindent", 2, c => "\n" + Indent(c, (int)c.Int(0), c.String(1))),
        GoFunction.Fixed("replace", 3, c => ReplaceAll(c.String(2), c.String(0), c.String(1))),
        GoFunction.Fixed("plural", 3, c => c.Int(2) == 1 ? c.String(0) : c.String(1)),
        GoFunction.Fixed("snakecase", 1, c => string.Join("_", Words(c.String(0)).Select(w => w.ToLowerInvariant()))),
        GoFunction.Fixed("kebabcase", 1, c => string.Join("-", Words(c.String(0)).Select(w => w.ToLowerInvariant()))),
        GoFunction.Fixed("camelcase", 1, c => CamelCase(c.String(0))),
        GoFunction.Fixed("swapcase", 1, c => string.Concat(c.String(0).Select(ch => char.IsUpper(ch) ? char.ToLowerInvariant(ch) : char.IsLower(ch) ? char.ToUpperInvariant(ch) : ch))),
        GoFunction.Fixed("shuffle", 1, c => Shuffle(c.String(0))),
        GoFunction.Fixed("splitList", 2, c => GoSplit(c.String(1), c.String(0), -1).Select(s => (object?)s).ToList()),
        GoFunction.Fixed("split", 2, c => Parts(GoSplit(c.String(1), c.String(0), -1))),
        GoFunction.Fixed("splitn", 3, c => Parts(GoSplit(c.String(2), c.String(0), c.Int(1)))),
        GoFunction.Fixed("join", 2, c => string.Join(c.String(0), SprigValues.StrSlice(c.Any(1)))),
        GoFunction.Fixed("sortAlpha", 1, c => SortAlpha(c.Any(0))),
        GoFunction.Fixed("toString", 1, c => SprigValues.Strval(c.Any(0))),
        GoFunction.Fixed("toStrings", 1, c => SprigValues.StrSlice(c.Any(0))),
        GoFunction.Fixed("atoi", 1, c => long.TryParse(c.String(0), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : 0L),
        GoFunction.Fixed("int", 1, c => SprigValues.ToInt64(c.Any(0))),
        GoFunction.Fixed("int64", 1, c => SprigValues.ToInt64(c.Any(0))),
        GoFunction.Fixed("float64", 1, c => SprigValues.ToFloat64(c.Any(0))),
        GoFunction.Fixed("toDecimal", 1, c => ToDecimal(c.Any(0))),
    ];

    private static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousIsSeparator = true;
        foreach (var ch in s)
        {
            sb.Append(previousIsSeparator ? char.ToUpperInvariant(ch) : ch);
            previousIsSeparator = !(char.IsLetterOrDigit(ch) || ch == '_');
        }
        return sb.ToString();
    }

    private static string Untitle(string s)
    {
        var sb = new StringBuilder(s.Length);
        var previousIsSpace = true;
        foreach (var ch in s)
        {
            sb.Append(previousIsSpace ? char.ToLowerInvariant(ch) : ch);
            previousIsSpace = char.IsWhiteSpace(ch);
        }
        return sb.ToString();
    }

    private static string Substr(long start, long end, string s)
    {
        if (start < 0) return s[..(int)Math.Clamp(end, 0, s.Length)];
        if (end < 0 || end > s.Length) return start > s.Length ? throw new TemplateFunctionException($"slice bounds out of range [{start}:{s.Length}]") : s[(int)start..];
        if (start > end) throw new TemplateFunctionException($"slice bounds out of range [{start}:{end}]");
        return s[(int)start..(int)end];
    }

    private static string Repeat(FunctionCall c, long count, string s)
    {
        if (count < 0) throw new TemplateFunctionException("strings: negative Repeat count");
        c.Context.CheckLength(count * s.Length);
        return new StringBuilder(s.Length * (int)count).Insert(0, s, (int)count).ToString();
    }

    private static string Trunc(long c, string s)
    {
        if (c < 0 && s.Length + c > 0) return s[(int)(s.Length + c)..];
        if (c >= 0 && s.Length > c) return s[..(int)c];
        return s;
    }

    private static string TrimSuffix(string s, string suffix) =>
        suffix.Length > 0 && s.EndsWith(suffix, StringComparison.Ordinal) ? s[..^suffix.Length] : s;

    private static string TrimPrefix(string s, string prefix) =>
        prefix.Length > 0 && s.StartsWith(prefix, StringComparison.Ordinal) ? s[prefix.Length..] : s;

    private static string ReplaceAll(string s, string old, string replacement)
    {
        if (old.Length > 0) return s.Replace(old, replacement, StringComparison.Ordinal);
        // Go's strings.Replace with an empty old string inserts the replacement around every rune.
        var sb = new StringBuilder(replacement);
        foreach (var ch in s) sb.Append(ch).Append(replacement);
        return sb.ToString();
    }

    private static string Random(FunctionCall c, long count, string alphabet)
    {
        c.Context.CheckLength(count);
        if (count <= 0) return "";
        return RandomNumberGenerator.GetString(alphabet, (int)count);
    }

    /// <summary>commons-lang's abbreviate: keeps <paramref name="maxWidth"/> characters including the "..." markers.</summary>
    private static string Abbreviate(string s, int offset, int maxWidth)
    {
        if (s.Length == 0 || s.Length <= maxWidth) return s;
        if (maxWidth < 4) throw new TemplateFunctionException("minimum abbreviation width is 4");
        offset = Math.Min(offset, s.Length);
        if (s.Length - offset < maxWidth - 3) offset = s.Length - (maxWidth - 3);
        if (offset <= 4) return s[..(maxWidth - 3)] + "...";
        if (maxWidth < 7) throw new TemplateFunctionException("minimum abbreviation width with offset is 7");
        if (offset + maxWidth - 3 < s.Length) return "..." + Abbreviate(s[offset..], 0, maxWidth - 3);
        return "..." + s[^(maxWidth - 3)..];
    }

    private static string AbbrevBoth(long left, long right, string s)
    {
        if (right < 4 || (left > 0 && right < 7)) return s;
        return Abbreviate(s, (int)left, (int)right);
    }

    /// <summary>commons-lang's WordUtils.wrap, as Sprig's wrap and wrapWith.</summary>
    private static string Wrap(string s, int width, string newLine, bool wrapLongWords)
    {
        if (s.Length == 0) return "";
        if (newLine.Length == 0) newLine = "\n";
        if (width < 1) width = 1;
        var sb = new StringBuilder();
        var offset = 0;
        while (s.Length - offset > width)
        {
            if (s[offset] == ' ')
            {
                offset++;
                continue;
            }
            var end = Math.Min(width + offset + 1, s.Length);
            var space = s.LastIndexOf(' ', end - 1, end - offset);
            if (space >= offset)
            {
                sb.Append(s, offset, space - offset).Append(newLine);
                offset = space + 1;
            }
            else if (wrapLongWords)
            {
                sb.Append(s, offset, width).Append(newLine);
                offset += width;
            }
            else
            {
                var next = s.IndexOf(' ', width + offset);
                if (next < 0)
                {
                    sb.Append(s, offset, s.Length - offset);
                    offset = s.Length;
                }
                else
                {
                    sb.Append(s, offset, next - offset).Append(newLine);
                    offset = next + 1;
                }
            }
        }
        return sb.Append(s, offset, s.Length - offset).ToString();
    }

    private static string Indent(FunctionCall c, int spaces, string s)
    {
        if (spaces < 0) throw new TemplateFunctionException("strings: negative Repeat count");
        var pad = new string(' ', spaces);
        c.Context.CheckLength((long)s.Length + (long)spaces * (s.Count(ch => ch == '\n') + 1));
        return pad + s.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    /// <summary>Splits identifiers into words as xstrings does: at separators, lower-to-upper changes and before the
    /// last capital of an acronym ("HTTPServer" → HTTP, Server).</summary>
    private static List<string> Words(string s)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            var ch = s[i];
            if (!char.IsLetterOrDigit(ch))
            {
                Flush();
                continue;
            }
            if (current.Length > 0 && char.IsUpper(ch))
            {
                var previous = current[^1];
                var nextIsLower = i + 1 < s.Length && char.IsLower(s[i + 1]);
                if (char.IsLower(previous) || char.IsDigit(previous) || (char.IsUpper(previous) && nextIsLower)) Flush();
            }
            current.Append(ch);
        }
        Flush();
        return words;

        void Flush()
        {
            if (current.Length > 0) words.Add(current.ToString());
            current.Clear();
        }
    }

    private static string CamelCase(string s)
    {
        var sb = new StringBuilder(s.Length);
        var upperNext = true;
        foreach (var ch in s)
        {
            if (ch is '_' or '-' or ' ')
            {
                upperNext = true;
                continue;
            }
            sb.Append(upperNext ? char.ToUpperInvariant(ch) : ch);
            upperNext = false;
        }
        return sb.ToString();
    }

    private static string Shuffle(string s)
    {
        var chars = s.ToCharArray();
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static Dictionary<string, object?> Parts(string[] parts)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i++) map["_" + i.ToString(CultureInfo.InvariantCulture)] = parts[i];
        return map;
    }

    /// <summary>Go's strings.SplitN: an empty separator splits into characters; n &lt; 0 means all parts.</summary>
    public static string[] GoSplit(string s, string separator, long n)
    {
        if (n == 0) return [];
        if (separator.Length == 0)
        {
            var chars = s.Select(ch => ch.ToString()).ToList();
            if (n > 0 && chars.Count > n) chars = [.. chars.Take((int)n - 1), s[((int)n - 1)..]];
            return [.. chars];
        }
        return n < 0 ? s.Split(separator) : s.Split(separator, (int)Math.Min(n, int.MaxValue));
    }

    private static List<object?> SortAlpha(object? value)
    {
        var list = SprigValues.StrSlice(value).Cast<string>().ToList();
        list.Sort(StringComparer.Ordinal);
        return list.Cast<object?>().ToList();
    }

    private static long ToDecimal(object? value)
    {
        var text = SprigValues.Strval(value);
        try
        {
            return Convert.ToInt64(text, 8);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return 0;
        }
    }
}

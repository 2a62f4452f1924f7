using System.Text;

namespace Hawser.Core.Tests.Fuzzing;

/// <summary>
/// Makes hostile variants of valid inputs, deterministically from a <see cref="Random"/>: character flips, deletions, duplicated
/// spans, splices of two seeds, and tokens that parsers of YAML, JSON, templates and expressions treat specially (anchors and
/// aliases, tags, flow brackets, document markers, template actions, huge numbers, NUL, broken surrogates, deep nesting).
/// </summary>
internal static class Mutator
{
    /// <summary>Inputs never grow past this many characters, so a run stays within its time budget.</summary>
    public const int MaxLength = 16 * 1024;

    private static readonly string[] Tokens =
    [
        "{{", "}}", "{{ . }}", "{{- ", " -}}", "{{ range . }}", "{{ end }}", "{{ template \"x\" . }}", "{{ define \"x\" }}", "{{ if }}", "{{ $x := 1 }}",
        "&a ", "*a", "<<: *a", "!!binary ", "!!python/object ", "!foo ", "? ", ": ", "- ", "---\n", "...\n", "|\n", ">-\n", "#", "%YAML 1.1\n",
        "[", "]", "{", "}", ",", "\"", "'", "\\", "\\u0000", "\\ud800", "\u0000", "\ud800", "\uffff", "\t", "\r\n", "\n  ", "        ",
        "null", "~", "true", "0x1F", "0o17", "1e999", "-9223372036854775809", "18446744073709551616", "NaN", ".inf", "1_000",
        "apiVersion: v1\n", "kind: List\nitems:\n- ", "metadata: {name: x}\n", "name: ", "$", "${", "@", "%2F", "..", "/", ":", "//",
        "a ?? b", "a?.b", "1..3", "len(", "all(", "|", "&&", "||", "!", "==", "in", "not", "matches", "+", "-", "*", "/", "%", "**", "(", ")",
    ];

    /// <summary>One variant of <paramref name="seed"/> (or of a splice with <paramref name="other"/>), 1 to 4 mutations deep.</summary>
    public static string Mutate(Random random, string seed, string other)
    {
        var text = new StringBuilder(seed);
        var count = 1 + random.Next(4);
        for (var i = 0; i < count; i++)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(7))
            {
                case 0 when text.Length > 0:
                    text[Math.Min(at, text.Length - 1)] = (char)random.Next(0, 128);
                    break;
                case 1 when text.Length > 0:
                    var deleted = Math.Min(1 + random.Next(16), text.Length - Math.Min(at, text.Length - 1));
                    text.Remove(Math.Min(at, text.Length - 1), deleted);
                    break;
                case 2 when text.Length > 0:
                    var start = random.Next(text.Length);
                    var length = Math.Min(1 + random.Next(64), text.Length - start);
                    var span = text.ToString(start, length);
                    for (var copies = random.Next(1, 4); copies > 0; copies--) text.Insert(at, span);
                    break;
                case 3:
                    var cut = random.Next(other.Length + 1);
                    text.Insert(at, other[cut..]);
                    break;
                case 4:
                    var depth = 1 + random.Next(random.Next(2) == 0 ? 8 : 2_000);
                    var (open, close) = random.Next(3) switch { 0 => ("[", "]"), 1 => ("{a: ", "}"), _ => ("{{ (", ") }}") };
                    text.Insert(at, string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, random.Next(2) == 0 ? depth : random.Next(depth + 1))));
                    break;
                default:
                    text.Insert(at, Tokens[random.Next(Tokens.Length)]);
                    break;
            }
            if (text.Length > MaxLength) text.Length = MaxLength;
        }
        return text.ToString();
    }

    /// <summary>Random bytes around a seed's UTF-8: flipped bytes, invalid sequences, NULs, BOMs.</summary>
    public static byte[] MutateBytes(Random random, string seed)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(seed));
        for (var count = 1 + random.Next(4); count > 0; count--)
        {
            var at = random.Next(bytes.Count + 1);
            byte[] insert = random.Next(5) switch
            {
                0 => [0],
                1 => [0xEF, 0xBB, 0xBF],
                2 => [0xC0, 0x80],
                3 => [0xED, 0xA0, 0x80],
                _ => [(byte)random.Next(256)],
            };
            bytes.InsertRange(at, insert);
        }
        return [.. bytes];
    }
}

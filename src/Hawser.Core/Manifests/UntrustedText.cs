using System.Text;

namespace Hawser.Manifests;

/// <summary>
/// Reads text that came from Git or a tool as the API server would take it: valid UTF-8 only (a byte-order mark is
/// dropped), no NUL character, no larger than <see cref="ParseLimits.MaxTextChars"/>. Nothing is silently replaced.
/// </summary>
public static class UntrustedText
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a file; <paramref name="displayName"/> (e.g. the path inside the repository) is used in errors.</summary>
    /// <exception cref="ManifestException">The file is too large, not UTF-8, or holds a NUL character.</exception>
    public static async Task<string> ReadFileAsync(string path, string displayName, ParseLimits limits, CancellationToken cancellationToken)
    {
        var length = new FileInfo(path).Length;
        if (length > limits.MaxTextChars) throw TooLarge(displayName, limits);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return Decode(bytes, displayName, limits);
    }

    /// <summary>Decodes bytes strictly as UTF-8 and checks the text (<see cref="Check"/>).</summary>
    /// <exception cref="ManifestException">The bytes are too many, not UTF-8, or hold a NUL character.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, string displayName, ParseLimits limits)
    {
        if (bytes.Length > limits.MaxTextChars) throw TooLarge(displayName, limits);
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        string text;
        try
        {
            text = Strict.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var offset = Math.Max(0, e.Index);
            var line = 1 + bytes[..Math.Min(offset, bytes.Length)].Count((byte)'\n');
            var bad = e.BytesUnknown is { Length: > 0 } unknown ? $" (byte 0x{unknown[0]:X2})" : "";
            throw new ManifestException(new SourceLocation(displayName, DocumentIndexAt(Encoding.Latin1.GetString(bytes[..Math.Min(offset, bytes.Length)]), int.MaxValue), line),
                $"is not valid UTF-8{bad}; Kubernetes accepts UTF-8 text only");
        }
        Check(text, displayName, limits);
        return text;
    }

    /// <summary>Rejects text larger than the limit or holding a NUL character.</summary>
    /// <exception cref="ManifestException">The text is too large or holds a NUL character.</exception>
    public static void Check(string text, string displayName, ParseLimits limits)
    {
        if (text.Length > limits.MaxTextChars) throw TooLarge(displayName, limits);
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        if (nul < 0) return;
        var line = 1 + text.AsSpan(0, nul).Count('\n');
        throw new ManifestException(new SourceLocation(displayName, DocumentIndexAt(text, nul), line),
            "contains a NUL character; YAML and JSON text may not hold one");
    }

    private static ManifestException TooLarge(string displayName, ParseLimits limits) =>
        new(new SourceLocation(displayName, 0, 1), $"is larger than {limits.MaxTextChars / (1024 * 1024)} MiB");

    // The document a position falls in: every "---" line starts one, except a first "---" before any content.
    private static int DocumentIndexAt(string text, int position)
    {
        var separators = 0;
        var content = false;
        var leadingSeparator = false;
        var end = Math.Min(position, text.Length);
        var start = 0;
        while (start < end)
        {
            var newline = text.IndexOf('\n', start);
            var stop = newline < 0 || newline > end ? end : newline;
            var line = text.AsSpan(start, stop - start).TrimEnd('\r');
            if (line.StartsWith("---") && (line.Length == 3 || line[3] is ' ' or '\t'))
            {
                if (separators == 0 && !content) leadingSeparator = true;
                separators++;
            }
            else if (!line.TrimStart().StartsWith("#") && line.Trim().Length > 0)
            {
                content = true;
            }
            if (newline < 0) break;
            start = newline + 1;
        }
        return leadingSeparator ? separators - 1 : separators;
    }
}

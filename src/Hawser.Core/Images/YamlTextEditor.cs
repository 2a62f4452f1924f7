using Hawser.Manifests;
using YamlDotNet.Core;

namespace Hawser.Images;

/// <summary>
/// Minimal edits to YAML text: replace one scalar (keeping its quoting style), add an entry to a mapping or an item to
/// a sequence at the indentation its siblings use, remove one entry, or append a top-level key. Everything outside
/// the edited characters stays byte for byte, line endings included.
/// </summary>
internal sealed class YamlTextEditor(string text)
{
    private readonly List<(int Start, int End, string Text)> _edits = [];
    private readonly string _newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    public string Original => text;

    public bool HasEdits => _edits.Count > 0;

    /// <summary>The text with every edit applied.</summary>
    public string Apply()
    {
        var result = text;
        foreach (var (start, end, replacement) in _edits.OrderByDescending(e => e.Start))
        {
            result = string.Concat(result.AsSpan(0, start), replacement, result.AsSpan(end));
        }
        return result;
    }

    /// <summary>Sets a scalar's value, written in the style it had (plain values that would change type are double-quoted).</summary>
    public void ReplaceScalar(YamlScalarSpan scalar, string value)
    {
        if (scalar.Value == value) return;
        _edits.Add((scalar.Start, scalar.End, Format(value, scalar.Style)));
    }

    /// <summary>Adds <c>key: value</c> (a plain string, quoted when needed) as the last entry of a mapping.</summary>
    public void AddEntry(YamlMappingSpan mapping, string key, string value)
    {
        if (mapping.Flow || mapping.Entries.Count == 0)
        {
            var close = text.LastIndexOf('}', mapping.End - 1);
            if (close < mapping.Start) throw new ImageException($"cannot add '{key}' to an empty block mapping");
            _edits.Add((close, close, (mapping.Entries.Count > 0 ? ", " : "") + $"{key}: {Format(value, ScalarStyle.Plain)}"));
            return;
        }
        var first = mapping.Entries[0].Key;
        var indent = new string(' ', first.Start - LineStart(first.Start));
        var at = LineEnd(mapping.End);
        _edits.Add((at, at, $"{_newline}{indent}{key}: {Format(value, ScalarStyle.Plain)}"));
    }

    /// <summary>Removes one entry of a block or flow mapping (its whole line or lines in block style).</summary>
    public void RemoveEntry(YamlMappingSpan mapping, string key)
    {
        var index = mapping.Entries.FindIndex(e => e.Key.Value == key);
        if (index < 0) return;
        var (k, v) = mapping.Entries[index];
        if (mapping.Flow)
        {
            var start = index > 0 ? mapping.Entries[index - 1].Value.End : k.Start;
            var end = index > 0 ? v.End : index + 1 < mapping.Entries.Count ? mapping.Entries[index + 1].Key.Start : v.End;
            _edits.Add((start, end, ""));
            return;
        }
        var lineEnd = LineEnd(v.End);
        _edits.Add((LineStart(k.Start), lineEnd < text.Length ? lineEnd + _newline.Length : lineEnd, ""));
    }

    /// <summary>Adds a mapping item (ordered keys and already formatted YAML values, see <see cref="Format"/>) at the end of a sequence.</summary>
    public void AddMappingItem(YamlSequenceSpan sequence, IReadOnlyList<(string Key, string Value)> fields)
    {
        if (sequence.Flow || sequence.Items.Count == 0)
        {
            var close = text.LastIndexOf(']', sequence.End - 1);
            var flow = "{" + string.Join(", ", fields.Select(f => $"{f.Key}: {f.Value}")) + "}";
            _edits.Add((close, close, (sequence.Items.Count > 0 ? ", " : "") + flow));
            return;
        }
        var firstItem = sequence.Items[0];
        var dash = text.LastIndexOf('-', firstItem.Start);
        var indent = new string(' ', dash - LineStart(dash));
        var itemIndent = new string(' ', firstItem.Start - dash);
        var lines = fields.Select((f, i) => (i == 0 ? indent + "-" + itemIndent[1..] : indent + itemIndent) + $"{f.Key}: {f.Value}");
        var at = LineEnd(sequence.End);
        _edits.Add((at, at, _newline + string.Join(_newline, lines)));
    }

    /// <summary>Adds a scalar item (a plain string, quoted when needed) at the end of a sequence.</summary>
    public void AddScalarItem(YamlSequenceSpan sequence, string value)
    {
        if (sequence.Flow || sequence.Items.Count == 0)
        {
            var close = text.LastIndexOf(']', sequence.End - 1);
            _edits.Add((close, close, (sequence.Items.Count > 0 ? ", " : "") + Format(value, ScalarStyle.Plain)));
            return;
        }
        var firstItem = sequence.Items[0];
        var dash = text.LastIndexOf('-', firstItem.Start);
        var at = LineEnd(sequence.End);
        _edits.Add((at, at, _newline + text[LineStart(dash)..firstItem.Start] + Format(value, ScalarStyle.Plain)));
    }

    /// <summary>Appends YAML lines (written with <c>\n</c>, converted to the file's line ending) at the end of the text.</summary>
    public void AppendLines(string block)
    {
        var lead = text.Length == 0 || text.EndsWith('\n') ? "" : _newline;
        _edits.Add((text.Length, text.Length, lead + block.ReplaceLineEndings(_newline)));
    }

    /// <summary>Appends a top-level key holding a block sequence of one mapping item (formatted values) to the end of the text.</summary>
    public void AppendSequenceKey(string key, IReadOnlyList<(string Key, string Value)> fields)
    {
        var lead = text.Length == 0 || text.EndsWith('\n') ? "" : _newline;
        var lines = fields.Select((f, i) => (i == 0 ? "- " : "  ") + $"{f.Key}: {f.Value}");
        _edits.Add((text.Length, text.Length, $"{lead}{key}:{_newline}{string.Join(_newline, lines)}{_newline}"));
    }

    /// <summary>A scalar written in <paramref name="style"/>; a plain scalar that YAML would read as something else is double-quoted.</summary>
    public static string Format(string value, ScalarStyle style) => style switch
    {
        ScalarStyle.SingleQuoted => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'",
        ScalarStyle.DoubleQuoted => DoubleQuoted(value),
        _ when YamlScalars.NeedsQuotes(value) || value.Contains(": ", StringComparison.Ordinal) || value.Contains(" #", StringComparison.Ordinal)
            || "-?:,[]{}#&*!|>'\"%@`".Contains(value[0], StringComparison.Ordinal) => DoubleQuoted(value),
        _ => value,
    };

    private static string DoubleQuoted(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private int LineStart(int position) => position == 0 ? 0 : text.LastIndexOf('\n', position - 1) + 1;

    /// <summary>The offset of the line break ending the line that holds <paramref name="position"/> (before a <c>\r</c>), or the text's end.</summary>
    private int LineEnd(int position)
    {
        var lf = position >= text.Length ? -1 : text.IndexOf('\n', position);
        if (lf < 0) return text.Length;
        return lf > 0 && text[lf - 1] == '\r' ? lf - 1 : lf;
    }
}

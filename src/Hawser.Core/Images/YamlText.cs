using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Hawser.Images;

/// <summary>A YAML node with where it sits in the text (character offsets, end exclusive).</summary>
internal abstract class YamlSpan(int start, int end)
{
    public int Start { get; } = start;
    public int End { get; set; } = end;
}

/// <summary>A scalar: its value and how it was written (plain, quoted...).</summary>
internal sealed class YamlScalarSpan(int start, int end, string value, ScalarStyle style) : YamlSpan(start, end)
{
    public string Value { get; } = value;
    public ScalarStyle Style { get; } = style;
}

/// <summary>A mapping, block or flow, with its entries in text order (complex keys are left out).</summary>
internal sealed class YamlMappingSpan(int start, int end, bool flow) : YamlSpan(start, end)
{
    public bool Flow { get; } = flow;
    public List<(YamlScalarSpan Key, YamlSpan Value)> Entries { get; } = [];

    public YamlSpan? this[string key] => Entries.FirstOrDefault(e => e.Key.Value == key).Value;

    public (YamlScalarSpan Key, YamlSpan Value)? Entry(string key) =>
        Entries.Any(e => e.Key.Value == key) ? Entries.First(e => e.Key.Value == key) : null;
}

/// <summary>A sequence, block or flow.</summary>
internal sealed class YamlSequenceSpan(int start, int end, bool flow) : YamlSpan(start, end)
{
    public bool Flow { get; } = flow;
    public List<YamlSpan> Items { get; } = [];
}

/// <summary>An alias (<c>*name</c>): never edited.</summary>
internal sealed class YamlAliasSpan(int start, int end) : YamlSpan(start, end);

/// <summary>
/// Reads YAML into nodes that remember their character offsets, so an edit can replace exactly the characters of one
/// value and leave every other byte (comments, spacing, quoting, key order) as it was.
/// </summary>
internal static class YamlText
{
    /// <summary>The root node of each document (null for an empty document). Errors name <paramref name="file"/> and the line.</summary>
    public static IReadOnlyList<YamlSpan?> Parse(string text, string file)
    {
        var roots = new List<YamlSpan?>();
        var parser = new Parser(new StringReader(text));
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                roots.Add(parser.Accept<DocumentEnd>(out _) ? null : Read(parser));
                parser.Consume<DocumentEnd>();
            }
            parser.Consume<StreamEnd>();
        }
        catch (YamlException e)
        {
            throw new ImageException($"{file}: invalid YAML at line {e.Start.Line}: {e.Message}", e);
        }
        return roots;
    }

    /// <summary>Every mapping under <paramref name="node"/> (itself included), with its dotted key path, depth first in text order.</summary>
    public static IEnumerable<(string Path, YamlMappingSpan Mapping)> Mappings(YamlSpan? node, string path = "")
    {
        switch (node)
        {
            case YamlMappingSpan mapping:
                yield return (path, mapping);
                foreach (var (key, value) in mapping.Entries)
                {
                    foreach (var inner in Mappings(value, path.Length == 0 ? key.Value : $"{path}.{key.Value}")) yield return inner;
                }
                break;
            case YamlSequenceSpan sequence:
                for (var i = 0; i < sequence.Items.Count; i++)
                {
                    foreach (var inner in Mappings(sequence.Items[i], $"{path}[{i}]")) yield return inner;
                }
                break;
        }
    }

    // A flow collection's end event sits on its closing bracket; the span ends after it.
    private static YamlSpan Read(IParser parser)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias)) return new YamlAliasSpan((int)alias.Start.Index, (int)alias.End.Index);
        if (parser.TryConsume<Scalar>(out var scalar)) return new YamlScalarSpan((int)scalar.Start.Index, (int)scalar.End.Index, scalar.Value, scalar.Style);
        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var sequence = new YamlSequenceSpan((int)sequenceStart.Start.Index, 0, sequenceStart.Style == SequenceStyle.Flow);
            while (!parser.Accept<SequenceEnd>(out _)) sequence.Items.Add(Read(parser));
            var end = parser.Consume<SequenceEnd>();
            sequence.End = sequence.Flow ? (int)end.Start.Index + 1 : sequence.Items.Count > 0 ? sequence.Items[^1].End : sequence.Start;
            return sequence;
        }
        var mappingStart = parser.Consume<MappingStart>();
        var mapping = new YamlMappingSpan((int)mappingStart.Start.Index, 0, mappingStart.Style == MappingStyle.Flow);
        while (!parser.Accept<MappingEnd>(out _))
        {
            var key = Read(parser);
            var value = Read(parser);
            if (key is YamlScalarSpan k) mapping.Entries.Add((k, value));
        }
        var mappingEnd = parser.Consume<MappingEnd>();
        mapping.End = mapping.Flow ? (int)mappingEnd.Start.Index + 1 : mapping.Entries.Count > 0 ? mapping.Entries[^1].Value.End : mapping.Start;
        return mapping;
    }
}

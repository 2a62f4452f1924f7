using Hawser.Manifests;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Hawser.Lint;

/// <summary>A YAML node as written, with its 1-based line: what the lint rules read (not what Kubernetes reads).</summary>
internal abstract record YNode(int Line);

/// <summary>A scalar; <paramref name="Plain"/> when unquoted and untagged (the only kind YAML 1.1 resolves to a boolean or number).</summary>
internal sealed record YScalar(int Line, string Value, bool Plain) : YNode(Line);

/// <summary>A mapping with its entries in file order, duplicates kept.</summary>
internal sealed record YMapping(int Line, IReadOnlyList<YEntry> Entries) : YNode(Line)
{
    /// <summary>The first entry's value under a scalar key, or null.</summary>
    public YNode? Get(string key) => Entries.FirstOrDefault(e => e.Key is YScalar k && k.Value == key)?.Value;

    /// <summary>The scalar text under <paramref name="key"/>, or null.</summary>
    public string? Text(string key) => Get(key) is YScalar s ? s.Value : null;
}

/// <summary>One mapping entry.</summary>
internal sealed record YEntry(YNode Key, YNode Value);

/// <summary>A sequence.</summary>
internal sealed record YSequence(int Line, IReadOnlyList<YNode> Items) : YNode(Line);

/// <summary>An alias (<c>*name</c>): not expanded, the anchored node was read where it stands.</summary>
internal sealed record YAlias(int Line) : YNode(Line);

/// <summary>
/// A YAML file of the config repo read as written: every document's node tree with lines, duplicate keys kept, scalars
/// unresolved, so rules can see what Kubernetes would read differently than it looks. A file that does not parse has its
/// <see cref="SyntaxError"/> and the documents read before it.
/// </summary>
/// <param name="Path">The path relative to the repository root.</param>
/// <param name="Documents">The documents' root nodes (null for an empty document).</param>
/// <param name="SyntaxError">The line and message of the first syntax error, or null.</param>
internal sealed record YamlSource(string Path, IReadOnlyList<YNode?> Documents, (int Line, string Message)? SyntaxError)
{
    /// <summary>Reads <paramref name="text"/> (bounded by <see cref="ParseLimits.Default"/>).</summary>
    public static YamlSource Parse(string path, string text)
    {
        var documents = new List<YNode?>();
        var limits = ParseLimits.Default;
        try
        {
            UntrustedText.Check(text, path, limits);
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out _))
            {
                documents.Add(parser.Accept<DocumentEnd>(out _) ? null : Read(parser, 1, limits.MaxDepth));
                parser.Consume<DocumentEnd>();
            }
            parser.Consume<StreamEnd>();
            return new YamlSource(path, documents, null);
        }
        catch (YamlException e)
        {
            var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
            return new YamlSource(path, documents, ((int)Math.Max(1, e.Start.Line), cut >= 0 ? message[(cut + 3)..] : message));
        }
        catch (ManifestException e)
        {
            return new YamlSource(path, documents, (e.Location.Line, e.Message));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // YamlDotNet reports a few malformed inputs (bad tags, unclosed flow collections) this way.
            return new YamlSource(path, documents, (1, e.Message.Split(" (Parameter", 2)[0]));
        }
    }

    private static YNode Read(IParser parser, int depth, int maxDepth)
    {
        var at = parser.Current!;
        var line = (int)at.Start.Line;
        if (depth > maxDepth) throw new YamlException(at.Start, at.End, $"nesting is deeper than {maxDepth} levels");
        if (parser.TryConsume<AnchorAlias>(out _)) return new YAlias(line);
        if (parser.TryConsume<Scalar>(out var scalar))
            return new YScalar(line, scalar.Value, scalar.Style == ScalarStyle.Plain && scalar.Tag.IsEmpty);
        if (parser.TryConsume<SequenceStart>(out _))
        {
            var items = new List<YNode>();
            while (!parser.TryConsume<SequenceEnd>(out _)) items.Add(Read(parser, depth + 1, maxDepth));
            return new YSequence(line, items);
        }
        if (parser.TryConsume<MappingStart>(out _))
        {
            var entries = new List<YEntry>();
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = Read(parser, depth + 1, maxDepth);
                entries.Add(new YEntry(key, Read(parser, depth + 1, maxDepth)));
            }
            return new YMapping(line, entries);
        }
        throw new YamlException(at.Start, at.End, $"unexpected {at.GetType().Name}");
    }
}

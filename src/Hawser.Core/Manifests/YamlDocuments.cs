using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Hawser.Manifests;

/// <summary>One YAML document turned into JSON, with the line it starts on. A null <see cref="Root"/> is an empty document.</summary>
public sealed record YamlDocumentNode(int Index, int Line, JsonNode? Root);

/// <summary>
/// Reads a YAML stream (several <c>---</c> documents) into JSON nodes with Kubernetes' scalar rules (<see cref="YamlScalars"/>).
/// Anchors, aliases and <c>&lt;&lt;</c> merge keys are supported; duplicate keys are errors, as in kubectl.
/// Nesting, aliases and sizes are bounded by <see cref="ParseLimits"/>.
/// </summary>
public static class YamlDocuments
{
    /// <summary>Parses every document of <paramref name="yaml"/>. Errors name <paramref name="file"/>, the document index and the line.</summary>
    public static IReadOnlyList<YamlDocumentNode> Parse(string yaml, string file, ParseLimits? limits = null)
    {
        limits ??= ParseLimits.Default;
        UntrustedText.Check(yaml, file, limits);
        return new YamlStreamReader(file, limits).Read(yaml);
    }

    // One pass over one stream: the counters that bound alias expansion live for the whole text.
    private sealed class YamlStreamReader(string file, ParseLimits limits)
    {
        private readonly Dictionary<string, Anchored> _anchors = new(StringComparer.Ordinal);
        private int _index;
        private int _lastLine;
        private int _aliases;
        private long _aliasNodes;

        // The current document's mapping keys and their lines, kept (FieldLines) if it is an Argo CD object.
        private readonly List<(JsonObject Map, string Key, int Line)> _keyLines = [];

        private readonly record struct Anchored(JsonNode? Node, long Nodes, int Height);

        private readonly record struct Built(JsonNode? Node, long Nodes, int Height);

        public List<YamlDocumentNode> Read(string yaml)
        {
            var documents = new List<YamlDocumentNode>();
            var parser = new Parser(new StringReader(yaml));
            var line = 1;
            try
            {
                parser.Consume<StreamStart>();
                while (parser.TryConsume<DocumentStart>(out var start))
                {
                    line = (int)start.Start.Line;
                    _anchors.Clear();
                    JsonNode? root = null;
                    if (!parser.Accept<DocumentEnd>(out _))
                    {
                        line = (int)parser.Current!.Start.Line;
                        root = ReadNode(parser, 1).Node;
                    }
                    var end = parser.Consume<DocumentEnd>();
                    if (FieldLines.IsKept(root))
                    {
                        foreach (var (map, key, keyLine) in _keyLines) FieldLines.Record(map, key, keyLine);
                    }
                    _keyLines.Clear();
                    if (end.End.Index - start.Start.Index > limits.MaxDocumentChars)
                        throw new ManifestException(new SourceLocation(file, _index, line),
                            $"the document is larger than {limits.MaxDocumentChars / (1024 * 1024)} MiB");
                    documents.Add(new YamlDocumentNode(_index, line, root));
                    _index++;
                }
                parser.Consume<StreamEnd>();
            }
            catch (YamlException e)
            {
                var at = e.Start.Line > 0 ? (int)e.Start.Line : line;
                throw new ManifestException(new SourceLocation(file, _index, at), $"invalid YAML: {Unwrap(e)}", e);
            }
            catch (ArgumentException e)
            {
                // YamlDotNet checks tags (and a few other tokens) with argument checks rather than YamlExceptions.
                throw new ManifestException(new SourceLocation(file, _index, Math.Max(line, _lastLine)), $"invalid YAML: {e.Message.Split(" (Parameter", 2)[0]}", e);
            }
            catch (InvalidOperationException e)
            {
                // YamlDotNet's scanner throws this (not a YamlException) on some malformed scalars, e.g. an unclosed flow
                // collection running into a tag; the last event read is the best position there is.
                throw new ManifestException(new SourceLocation(file, _index, Math.Max(line, _lastLine)),
                    "invalid YAML: the text after this line cannot be scanned (an unclosed bracket or quote?)", e);
            }
            return documents;
        }

        private static string Unwrap(YamlException e)
        {
            var message = e.InnerException is YamlException inner ? inner.Message : e.Message;
            // YamlDotNet prefixes "(Line: x, Col: y, Idx: z) - (Line..): "; the location is reported separately.
            var cut = message.LastIndexOf("): ", StringComparison.Ordinal);
            return cut >= 0 ? message[(cut + 3)..] : message;
        }

        private Built ReadNode(IParser parser, int depth)
        {
            var at = parser.Current!;
            _lastLine = (int)at.Start.Line;
            if (depth > limits.MaxDepth)
                throw new YamlException(at.Start, at.End, $"nesting is deeper than {limits.MaxDepth} levels");

            if (parser.TryConsume<AnchorAlias>(out var alias)) return Expand(alias, depth);

            if (parser.TryConsume<Scalar>(out var scalar))
            {
                var value = ResolveScalar(scalar);
                Remember(scalar.Anchor, new Built(value, 1, 1));
                return new Built(value, 1, 1);
            }

            if (parser.TryConsume<SequenceStart>(out var sequenceStart))
            {
                var array = new JsonArray();
                long nodes = 1;
                var height = 1;
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    var item = ReadNode(parser, depth + 1);
                    array.Add(item.Node);
                    nodes += item.Nodes;
                    height = Math.Max(height, item.Height + 1);
                }
                var built = new Built(array, nodes, height);
                Remember(sequenceStart.Anchor, built);
                return built;
            }

            if (parser.TryConsume<MappingStart>(out var mappingStart)) return ReadMapping(parser, mappingStart, depth);

            throw new YamlException(at.Start, at.End, $"unexpected {at.GetType().Name}");
        }

        private Built ReadMapping(IParser parser, MappingStart mappingStart, int depth)
        {
            var map = new JsonObject();
            long nodes = 1;
            var height = 1;
            List<(JsonObject Source, ParsingEvent At)>? merges = null;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = parser.Current!;
                var isMergeKey = keyEvent is Scalar { Value: "<<", Style: ScalarStyle.Plain };
                var keyNode = ReadNode(parser, depth + 1);
                var value = ReadNode(parser, depth + 1);
                nodes += value.Nodes;
                height = Math.Max(height, value.Height + 1);
                if (isMergeKey)
                {
                    merges ??= [];
                    foreach (var source in MergeSources(value.Node, keyEvent)) merges.Add((source, keyEvent));
                    continue;
                }
                var key = KeyText(keyNode.Node, keyEvent);
                if (map.ContainsKey(key))
                    throw new YamlException(keyEvent.Start, keyEvent.End, $"mapping key \"{key}\" already defined");
                map[key] = value.Node;
                _keyLines.Add((map, key, (int)keyEvent.Start.Line));
                // A block mapping starts at its first key; a field missing from it is best cited at the key that holds it.
                if (value.Node is JsonObject nested) _keyLines.Add((nested, "", (int)keyEvent.Start.Line));
            }
            _keyLines.Add((map, "", (int)mappingStart.Start.Line));
            // "<<" merge keys: explicit keys win; among merged maps, the first one listed wins.
            foreach (var (source, at) in merges ?? [])
            {
                foreach (var (k, v) in source)
                {
                    if (map.ContainsKey(k)) continue;
                    // The merged value was counted once when it was read; its copy here counts against the alias budget.
                    Charge(Count(v), at);
                    map[k] = v?.DeepClone();
                }
            }
            var built = new Built(map, nodes, height);
            Remember(mappingStart.Anchor, built);
            return built;
        }

        private Built Expand(AnchorAlias alias, int depth)
        {
            if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                throw new YamlException(alias.Start, alias.End, $"unknown alias '{alias.Value}'");
            if (++_aliases > limits.MaxAliases)
                throw new YamlException(alias.Start, alias.End, $"more than {limits.MaxAliases} aliases");
            if (depth - 1 + target.Height > limits.MaxDepth)
                throw new YamlException(alias.Start, alias.End, $"nesting is deeper than {limits.MaxDepth} levels once alias '{alias.Value}' is expanded");
            Charge(target.Nodes, alias);
            return new Built(target.Node?.DeepClone(), target.Nodes, target.Height);
        }

        private void Charge(long nodes, ParsingEvent at)
        {
            _aliasNodes += nodes;
            if (_aliasNodes > limits.MaxAliasNodes)
                throw new YamlException(at.Start, at.End, $"aliases expand to more than {limits.MaxAliasNodes} nodes");
        }

        private void Remember(AnchorName anchor, Built built)
        {
            if (anchor.IsEmpty) return;
            _anchors[anchor.Value] = new Anchored(built.Node?.DeepClone(), built.Nodes, built.Height);
        }

        // Merge sources are at most MaxAliasNodes large (they were expanded under the same budget), so this walk is bounded.
        private static long Count(JsonNode? node) => node switch
        {
            JsonObject o => 1 + o.Sum(p => Count(p.Value)),
            JsonArray a => 1 + a.Sum(Count),
            _ => 1,
        };

        private static IEnumerable<JsonObject> MergeSources(JsonNode? value, ParsingEvent at) => value switch
        {
            JsonObject single => [single],
            JsonArray many when many.All(m => m is JsonObject) => many.Cast<JsonObject>(),
            _ => throw new YamlException(at.Start, at.End, "a \"<<\" merge key needs a mapping or a list of mappings"),
        };

        private static string KeyText(JsonNode? key, ParsingEvent keyEvent) => key switch
        {
            null => "null",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
            JsonValue v => v.ToJsonString(),
            _ => throw new YamlException(keyEvent.Start, keyEvent.End, "a mapping key must be a scalar"),
        };

        private JsonNode? ResolveScalar(Scalar scalar)
        {
            var tag = scalar.Tag.IsEmpty ? "" : scalar.Tag.Value;
            try
            {
                switch (tag)
                {
                    case "tag:yaml.org,2002:str": return JsonValue.Create(scalar.Value);
                    case "tag:yaml.org,2002:null": return null;
                    case "tag:yaml.org,2002:bool":
                    case "tag:yaml.org,2002:int":
                    case "tag:yaml.org,2002:float":
                        var resolved = YamlScalars.ResolvePlain(scalar.Value);
                        return resolved is JsonValue rv && rv.TryGetValue<string>(out _)
                            ? throw new FormatException($"'{scalar.Value}' is not a valid {tag[18..]}")
                            : resolved;
                }
                return scalar.Style == ScalarStyle.Plain && !scalar.IsQuotedImplicit
                    ? YamlScalars.ResolvePlain(scalar.Value)
                    : JsonValue.Create(scalar.Value);
            }
            catch (FormatException e)
            {
                throw new ManifestException(new SourceLocation(file, _index, (int)scalar.Start.Line), e.Message, e);
            }
        }
    }
}

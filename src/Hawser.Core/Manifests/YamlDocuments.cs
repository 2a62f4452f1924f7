using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Hawser.Manifests;

/// <summary>One YAML document turned into JSON, with the line it starts on. A null <see cref="Root"/> is an empty document.</summary>
public sealed record YamlDocumentNode(int Index, int Line, JsonNode? Root);

/// <summary>
/// Reads a YAML stream (several <c>---</c> documents) into JSON nodes with Kubernetes' scalar rules (<see cref="YamlScalars"/>).
/// Anchors, aliases and <c>&lt;&lt;</c> merge keys are supported; duplicate keys are errors, as in kubectl.
/// </summary>
public static class YamlDocuments
{
    /// <summary>Parses every document of <paramref name="yaml"/>. Errors name <paramref name="file"/>, the document index and the line.</summary>
    public static IReadOnlyList<YamlDocumentNode> Parse(string yaml, string file)
    {
        var documents = new List<YamlDocumentNode>();
        var parser = new Parser(new StringReader(yaml));
        var index = 0;
        var line = 1;
        try
        {
            parser.Consume<StreamStart>();
            while (parser.TryConsume<DocumentStart>(out var start))
            {
                line = (int)start.Start.Line;
                var anchors = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                JsonNode? root = null;
                if (!parser.Accept<DocumentEnd>(out _))
                {
                    line = (int)parser.Current!.Start.Line;
                    root = ReadNode(parser, anchors, file, index);
                }
                parser.Consume<DocumentEnd>();
                documents.Add(new YamlDocumentNode(index, line, root));
                index++;
            }
            parser.Consume<StreamEnd>();
        }
        catch (YamlException e) when (e is not null)
        {
            var at = e.Start.Line > 0 ? (int)e.Start.Line : line;
            throw new ManifestException(new SourceLocation(file, index, at), $"invalid YAML: {Unwrap(e)}", e);
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

    private static JsonNode? ReadNode(IParser parser, Dictionary<string, JsonNode?> anchors, string file, int index)
    {
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            if (!anchors.TryGetValue(alias.Value.Value, out var target))
                throw new YamlException(alias.Start, alias.End, $"unknown alias '{alias.Value}'");
            return target?.DeepClone();
        }

        if (parser.TryConsume<Scalar>(out var scalar))
        {
            var value = ResolveScalar(scalar, file, index);
            if (!scalar.Anchor.IsEmpty) anchors[scalar.Anchor.Value] = value?.DeepClone();
            return value;
        }

        if (parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var array = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
                array.Add(ReadNode(parser, anchors, file, index));
            if (!sequenceStart.Anchor.IsEmpty) anchors[sequenceStart.Anchor.Value] = array.DeepClone();
            return array;
        }

        if (parser.TryConsume<MappingStart>(out var mappingStart))
        {
            var map = new JsonObject();
            List<JsonObject>? merges = null;
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = parser.Current!;
                var isMergeKey = keyEvent is Scalar { Value: "<<", Style: ScalarStyle.Plain };
                var keyNode = ReadNode(parser, anchors, file, index);
                var value = ReadNode(parser, anchors, file, index);
                if (isMergeKey)
                {
                    merges ??= [];
                    merges.AddRange(MergeSources(value, keyEvent));
                    continue;
                }
                var key = KeyText(keyNode, keyEvent);
                if (map.ContainsKey(key))
                    throw new YamlException(keyEvent.Start, keyEvent.End, $"mapping key \"{key}\" already defined");
                map[key] = value;
            }
            // "<<" merge keys: explicit keys win; among merged maps, the first one listed wins.
            foreach (var source in merges ?? [])
            {
                foreach (var (k, v) in source)
                {
                    if (!map.ContainsKey(k)) map[k] = v?.DeepClone();
                }
            }
            if (!mappingStart.Anchor.IsEmpty) anchors[mappingStart.Anchor.Value] = map.DeepClone();
            return map;
        }

        var unexpected = parser.Current!;
        throw new YamlException(unexpected.Start, unexpected.End, $"unexpected {unexpected.GetType().Name}");
    }

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

    private static JsonNode? ResolveScalar(Scalar scalar, string file, int index)
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
            throw new ManifestException(new SourceLocation(file, index, (int)scalar.Start.Line), e.Message, e);
        }
    }
}

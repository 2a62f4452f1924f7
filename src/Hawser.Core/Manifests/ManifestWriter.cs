using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Hawser.Manifests;

/// <summary>
/// Writes objects as YAML that reads back to the same JSON under <see cref="YamlScalars"/>' rules:
/// strings that would be misread (<c>"yes"</c>, <c>"1"</c>, <c>""</c>) are quoted, multi-line strings use block style,
/// keys keep their order.
/// </summary>
public static class ManifestWriter
{
    /// <summary>Writes several objects as one multi-document YAML stream (<c>---</c> between documents).</summary>
    public static string ToYaml(IEnumerable<JsonNode?> documents)
    {
        var writer = new StringWriter(new StringBuilder(4096));
        var emitter = new Emitter(writer, new EmitterSettings(bestIndent: 2, bestWidth: int.MaxValue, isCanonical: false, maxSimpleKeyLength: 1024, indentSequences: false));
        emitter.Emit(new StreamStart());
        foreach (var document in documents)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: false));
            Write(emitter, document);
            emitter.Emit(new DocumentEnd(isImplicit: true));
        }
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    /// <summary>Writes one node as a YAML document without the leading <c>---</c>.</summary>
    public static string ToYaml(JsonNode? node)
    {
        var text = ToYaml([node]);
        return text.StartsWith("---\n", StringComparison.Ordinal) ? text[4..] : text;
    }

    /// <summary>Writes objects as a multi-document YAML stream.</summary>
    public static string ToYaml(IEnumerable<KubeObject> objects) => ToYaml(objects.Select(o => (JsonNode?)o.Body));

    private static void Write(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, true, MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    WriteString(emitter, key);
                    Write(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array) Write(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        WriteString(emitter, value.GetValue<string>());
                        break;
                    case JsonValueKind.True:
                    case JsonValueKind.False:
                    case JsonValueKind.Number:
                        emitter.Emit(new Scalar(null, null, value.ToJsonString(), ScalarStyle.Plain, true, false));
                        break;
                    default:
                        emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                        break;
                }
                break;
        }
    }

    private static void WriteString(IEmitter emitter, string text)
    {
        if (text.Contains('\n', StringComparison.Ordinal) && !HasTrailingSpaceOnLine(text))
        {
            emitter.Emit(new Scalar(null, null, text, ScalarStyle.Literal, false, true));
            return;
        }
        var style = YamlScalars.NeedsQuotes(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any;
        emitter.Emit(new Scalar(null, null, text, style, style == ScalarStyle.Any, true));
    }

    private static bool HasTrailingSpaceOnLine(string text) =>
        text.Contains(" \n", StringComparison.Ordinal) || text.Contains("\t", StringComparison.Ordinal) || text.StartsWith(' ');
}

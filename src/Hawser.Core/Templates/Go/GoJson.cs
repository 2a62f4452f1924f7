using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Templates;

/// <summary>encoding/json for the data model: sorted map keys, Go's float format (no exponent from 1e-6 to 1e21),
/// HTML-safe escapes unless raw, times as RFC 3339, durations as nanoseconds.</summary>
internal static class GoJson
{
    public static string Marshal(object? value, bool indent, bool escapeHtml)
    {
        var sb = new StringBuilder();
        Write(sb, value, indent, escapeHtml, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, bool indent, bool escapeHtml, int level)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        switch (value)
        {
            case null or NoValue: sb.Append("null"); return;
            case string s: WriteString(sb, s, escapeHtml); return;
            case bool b: sb.Append(b ? "true" : "false"); return;
            case long l: sb.Append(l.ToString(System.Globalization.CultureInfo.InvariantCulture)); return;
            case double d: sb.Append(Float(d)); return;
            case DateTimeOffset t: WriteString(sb, GoTime.Format(t, "2006-01-02T15:04:05.999999999Z07:00"), escapeHtml); return;
            case TimeSpan ts: sb.Append(GoTime.Nanoseconds(ts).ToString(System.Globalization.CultureInfo.InvariantCulture)); return;
            case List<object?> list:
                if (list.Count == 0)
                {
                    sb.Append("[]");
                    return;
                }
                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    NewLine(sb, indent, level + 1);
                    Write(sb, list[i], indent, escapeHtml, level + 1);
                }
                NewLine(sb, indent, level);
                sb.Append(']');
                return;
            case Dictionary<string, object?> map:
                if (map.Count == 0)
                {
                    sb.Append("{}");
                    return;
                }
                sb.Append('{');
                var first = true;
                foreach (var key in GoValue.SortedKeys(map))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    NewLine(sb, indent, level + 1);
                    WriteString(sb, key, escapeHtml);
                    sb.Append(indent ? ": " : ":");
                    Write(sb, map[key], indent, escapeHtml, level + 1);
                }
                NewLine(sb, indent, level);
                sb.Append('}');
                return;
            case IGoObject o: WriteString(sb, o.ToString() ?? "", escapeHtml); return;
            default: throw new TemplateFunctionException($"json: unsupported type: {GoValue.TypeName(value)}");
        }
    }

    private static void NewLine(StringBuilder sb, bool indent, int level)
    {
        if (indent) sb.Append('\n').Append(' ', level * 2);
    }

    /// <summary>Go's float64 JSON form: 'f' between 1e-6 and 1e21, otherwise 'e' with a short exponent (1e-07 → 1e-7).</summary>
    public static string Float(double d)
    {
        if (!double.IsFinite(d)) throw new TemplateFunctionException($"json: unsupported value: {GoFormat.Format(d)}");
        var abs = Math.Abs(d);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var text = GoFormat.FormatFloat(d, 'e', -1);
            var n = text.Length;
            if (n >= 4 && text[n - 4] == 'e' && text[n - 3] == '-' && text[n - 2] == '0') text = text[..(n - 2)] + text[n - 1];
            return text;
        }
        return GoFormat.FormatFloat(d, 'f', -1);
    }

    private static void WriteString(StringBuilder sb, string s, bool escapeHtml)
    {
        sb.Append('"');
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append(@"\\"); break;
                case '\n': sb.Append(@"\n"); break;
                case '\r': sb.Append(@"\r"); break;
                case '\t': sb.Append(@"\t"); break;
                case '<' or '>' or '&' when escapeHtml: sb.Append(@"\u00").Append(((int)ch).ToString("x2", System.Globalization.CultureInfo.InvariantCulture)); break;
                case '\u2028': sb.Append(@"\u2028"); break;
                case '\u2029': sb.Append(@"\u2029"); break;
                default:
                    if (ch < ' ') sb.Append(@"\u00").Append(((int)ch).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(ch);
                    break;
            }
        }
        sb.Append('"');
    }

    /// <summary>json.Unmarshal into interface{}: objects, arrays, strings, bools, float64 numbers, nil.</summary>
    public static object? Unmarshal(string text)
    {
        try
        {
            return GoValue.Import(JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 10000 }));
        }
        catch (JsonException e)
        {
            throw new TemplateFunctionException(e.Message);
        }
    }
}

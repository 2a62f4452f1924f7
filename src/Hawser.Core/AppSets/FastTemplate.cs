using System.Text;
using System.Text.Json.Nodes;

namespace Hawser.AppSets;

/// <summary>
/// Argo CD's default ApplicationSet templating (valyala/fasttemplate with <c>{{</c> and <c>}}</c>): every <c>{{ key }}</c> whose
/// trimmed key is a string parameter is replaced by its value; any other tag (unknown key, empty key) is left exactly as written.
/// A <c>{{</c> without a closing <c>}}</c> is kept as text. Nothing else is interpreted: no functions, no escaping.
/// </summary>
internal static class FastTemplate
{
    private const string Open = "{{";
    private const string Close = "}}";

    /// <summary>Substitutes the parameters of the flat set <paramref name="parameters"/> into <paramref name="text"/>.</summary>
    public static string Render(string text, JsonObject parameters)
    {
        var start = text.IndexOf(Open, StringComparison.Ordinal);
        if (start < 0) return text;
        var sb = new StringBuilder(text.Length);
        var position = 0;
        while (start >= 0)
        {
            var end = text.IndexOf(Close, start + Open.Length, StringComparison.Ordinal);
            if (end < 0) break;
            sb.Append(text, position, start - position);
            var tag = text[(start + Open.Length)..end];
            var key = tag.Trim();
            if (key.Length > 0 && parameters[key] is JsonValue value && value.TryGetValue<string>(out var replacement)) sb.Append(replacement);
            else sb.Append(Open).Append(tag).Append(Close);
            position = end + Close.Length;
            start = text.IndexOf(Open, position, StringComparison.Ordinal);
        }
        sb.Append(text, position, text.Length - position);
        return sb.ToString();
    }
}

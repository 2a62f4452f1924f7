using System.Globalization;
using System.Text.Json.Nodes;

namespace Hawser.Manifests;

/// <summary>
/// How a plain (unquoted, untagged) YAML scalar becomes a JSON value, following what Kubernetes itself does
/// (sigs.k8s.io/yaml on go-yaml v2, i.e. YAML 1.1 resolution):
/// <list type="bullet">
/// <item><c>~</c>, <c>null</c>, <c>Null</c>, <c>NULL</c> and the empty scalar are null.</item>
/// <item>Booleans are <c>true/True/TRUE</c>, <c>false/False/FALSE</c> and the YAML 1.1 words
/// <c>yes/Yes/YES</c>, <c>no/No/NO</c>, <c>on/On/ON</c>, <c>off/Off/OFF</c>, <c>y/Y</c>, <c>n/N</c>
/// (so <c>enabled: yes</c> is the boolean <c>true</c>; quote it to keep the word).</item>
/// <item>Integers stay integers: decimal (<c>_</c> separators allowed), <c>0x</c> hexadecimal, <c>0b</c> binary,
/// <c>0o</c> and leading-zero octal (<c>0755</c> is 493). Values beyond 64 bits become floating point.</item>
/// <item>Floats: decimal with a point or an exponent. <c>.inf</c> and <c>.nan</c> have no JSON form and are rejected.</item>
/// <item>Everything else, timestamps included, is a string. Quoted and block scalars are always strings.</item>
/// </list>
/// </summary>
public static class YamlScalars
{
    private static readonly HashSet<string> Nulls = ["", "~", "null", "Null", "NULL"];
    private static readonly HashSet<string> Trues = ["true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"];
    private static readonly HashSet<string> Falses = ["false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"];
    private static readonly HashSet<string> NonFinite = [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN"];

    /// <summary>Resolves a plain scalar. Throws <see cref="FormatException"/> for values JSON cannot hold.</summary>
    public static JsonNode? ResolvePlain(string text)
    {
        if (Nulls.Contains(text)) return null;
        if (Trues.Contains(text)) return JsonValue.Create(true);
        if (Falses.Contains(text)) return JsonValue.Create(false);
        if (NonFinite.Contains(text)) throw new FormatException($"'{text}' is not a finite number and has no JSON form");
        var c = text[0];
        if (!(char.IsAsciiDigit(c) || c is '-' or '+' or '.')) return JsonValue.Create(text);
        if (TryParseInteger(text, out var node)) return node;
        if (IsFloat(text) && double.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    /// <summary>True when a string written plain would be read back as something other than that string.</summary>
    public static bool NeedsQuotes(string text)
    {
        if (text.Length == 0) return true;
        if (text != text.Trim()) return true;
        try
        {
            return ResolvePlain(text) is not JsonValue v || !v.TryGetValue<string>(out _);
        }
        catch (FormatException)
        {
            return true;
        }
    }

    private static bool TryParseInteger(string text, out JsonNode? node)
    {
        node = null;
        var s = text.Replace("_", "", StringComparison.Ordinal);
        var negative = false;
        if (s.Length > 0 && s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Length == 0) return false;

        int radix;
        string digits;
        if (s.StartsWith("0x", StringComparison.Ordinal)) { radix = 16; digits = s[2..]; }
        else if (s.StartsWith("0b", StringComparison.Ordinal)) { radix = 2; digits = s[2..]; }
        else if (s.StartsWith("0o", StringComparison.Ordinal)) { radix = 8; digits = s[2..]; }
        else if (s.Length > 1 && s[0] == '0') { radix = 8; digits = s[1..]; }
        else { radix = 10; digits = s; }
        if (digits.Length == 0) return false;

        System.Numerics.BigInteger value = 0;
        foreach (var ch in digits)
        {
            var digit = ch switch
            {
                >= '0' and <= '9' => ch - '0',
                >= 'a' and <= 'f' => ch - 'a' + 10,
                >= 'A' and <= 'F' => ch - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix) return false;
            value = value * radix + digit;
        }
        if (negative) value = -value;
        node = value >= long.MinValue && value <= long.MaxValue
            ? JsonValue.Create((long)value)
            : JsonValue.Create((double)value);
        return true;
    }

    private static bool IsFloat(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '-' or '+') i++;
        var digits = 0;
        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '_')) { i++; digits++; }
        var point = false;
        if (i < text.Length && text[i] == '.')
        {
            point = true;
            i++;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '_')) { i++; digits++; }
        }
        if (digits == 0) return false;
        var exponent = false;
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            exponent = true;
            i++;
            if (i < text.Length && text[i] is '-' or '+') i++;
            var expDigits = 0;
            while (i < text.Length && char.IsAsciiDigit(text[i])) { i++; expDigits++; }
            if (expDigits == 0) return false;
        }
        return i == text.Length && (point || exponent);
    }
}

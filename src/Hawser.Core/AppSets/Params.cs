using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hawser.AppSets;

/// <summary>
/// Helpers over parameter sets. A parameter set is a <see cref="JsonObject"/>: flat string values for Argo CD's default
/// templating (<c>cluster.name</c> is one key), nested values for <c>goTemplate</c> (<c>.cluster.name</c> is a path).
/// </summary>
internal static partial class Params
{
    /// <summary>
    /// Flattens nested objects and lists into dotted keys (<c>a.b</c>, <c>list.0</c>) with string values, as Argo CD flattens a
    /// git file for its default templating and any parameter set for a post <c>selector</c> or merge key.
    /// </summary>
    public static JsonObject Flatten(JsonObject source)
    {
        var result = new JsonObject();
        foreach (var (key, value) in source) FlattenInto(result, key, value);
        return result;
    }

    private static void FlattenInto(JsonObject result, string prefix, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o) FlattenInto(result, $"{prefix}.{key}", value);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) FlattenInto(result, $"{prefix}.{i.ToString(CultureInfo.InvariantCulture)}", a[i]);
                break;
            default:
                result[prefix] = Text(node);
                break;
        }
    }

    /// <summary>A scalar as Go's <c>fmt</c> <c>%v</c> prints the value decoded from JSON (numbers are float64 there: <c>1e+06</c>).</summary>
    public static string Text(JsonNode? node)
    {
        if (node is not JsonValue v) return node is null ? "<nil>" : node.ToJsonString();
        return v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => GoFloat(double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)),
            _ => "<nil>",
        };
    }

    /// <summary>Go's <c>%v</c> of a float64: the shortest digits that round-trip, in exponent form (<c>1e+06</c>) when the decimal exponent is below -4 or 6 and above.</summary>
    public static string GoFloat(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "+Inf" : "-Inf";
        if (value == 0) return "0";
        var scientific = value.ToString("E16", CultureInfo.InvariantCulture);
        var exponent = int.Parse(scientific[(scientific.IndexOf('E') + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var digits = ShortestDigits(value.ToString("R", CultureInfo.InvariantCulture));
        var sign = value < 0 ? "-" : "";
        if (exponent < -4 || exponent >= 6)
        {
            var mantissa = digits.Length > 1 ? $"{digits[0]}.{digits[1..]}" : digits;
            return $"{sign}{mantissa}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }
        if (exponent >= digits.Length - 1) return sign + digits + new string('0', exponent - digits.Length + 1);
        if (exponent >= 0) return $"{sign}{digits[..(exponent + 1)]}.{digits[(exponent + 1)..]}";
        return $"{sign}0.{new string('0', -exponent - 1)}{digits}";
    }

    private static string ShortestDigits(string roundTrip)
    {
        var mantissa = roundTrip.TrimStart('-');
        var ePos = mantissa.IndexOfAny(['E', 'e']);
        if (ePos >= 0) mantissa = mantissa[..ePos];
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal).TrimStart('0').TrimEnd('0');
        return digits.Length == 0 ? "0" : digits;
    }

    /// <summary>
    /// Argo CD's name normalisation (<c>nameNormalized</c>, <c>path.basenameNormalized</c>): lower case, every character but
    /// <c>a-z 0-9 - .</c> replaced with <c>-</c>, at most 253 characters, leading and trailing <c>-</c>/<c>.</c> trimmed.
    /// </summary>
    public static string Normalize(string name)
    {
        var lower = InvalidNameCharacters().Replace(name.ToLowerInvariant(), "-");
        if (lower.Length > 253) lower = lower[..253];
        return lower.Trim('-', '.');
    }

    /// <summary>A string parameter of a flat set, or null.</summary>
    public static string? Lookup(JsonObject flat, string key) => flat[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : flat.ContainsKey(key) ? Text(flat[key]) : null;

    /// <summary>A deep copy of a parameter set.</summary>
    public static JsonObject Copy(JsonObject set) => (JsonObject)set.DeepClone();

    /// <summary>
    /// Deep-merges <paramref name="overlay"/> into a copy of <paramref name="target"/>: objects merge key by key, anything else is
    /// replaced; an empty value (empty string, list or object, false, null) in the overlay leaves the target's value (as mergo's WithOverride).
    /// </summary>
    public static JsonObject MergeNonEmpty(JsonObject target, JsonObject overlay)
    {
        var result = Copy(target);
        foreach (var (key, value) in overlay)
        {
            if (IsEmpty(value)) continue;
            if (value is JsonObject o && result[key] is JsonObject existing) result[key] = MergeNonEmpty(existing, o);
            else result[key] = value!.DeepClone();
        }
        return result;
    }

    private static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>().Length == 0,
            JsonValueKind.False => true,
            JsonValueKind.Null => true,
            _ => false,
        },
        _ => false,
    };

    [GeneratedRegex("[^-a-z0-9.]")]
    private static partial Regex InvalidNameCharacters();
}

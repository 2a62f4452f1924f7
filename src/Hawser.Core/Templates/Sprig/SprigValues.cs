using System.Collections;
using System.Globalization;

namespace Hawser.Templates;

/// <summary>Sprig's value conversions: strval, toInt64/toFloat64 (spf13/cast), empty, strslice, list access.</summary>
internal static class SprigValues
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Sprig's strval: strings as they are, everything else as %v (nil is "&lt;nil&gt;").</summary>
    public static string Strval(object? value) => value switch
    {
        string s => s,
        NoValue or null => "<nil>",
        _ => GoFormat.Format(value),
    };

    /// <summary>cast.ToInt64: floats truncate, strings parse with Go's base prefixes ("0x1F"), anything else is 0.</summary>
    public static long ToInt64(object? value) => value switch
    {
        long l => l,
        double d => double.IsFinite(d) ? (long)Math.Truncate(d) : 0,
        bool b => b ? 1 : 0,
        string s => ParseInt(s) ?? 0,
        TimeSpan t => t.Ticks * 100,
        _ => 0,
    };

    public static long? ParseInt(string s)
    {
        var text = s.Trim();
        if (text.EndsWith(".0", StringComparison.Ordinal) || text.EndsWith('.'))
        {
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            if (text[(dot + 1)..].All(c => c == '0')) text = text[..dot];
        }
        var negative = text.StartsWith('-');
        var body = text.TrimStart('+', '-').Replace("_", "", StringComparison.Ordinal);
        try
        {
            long magnitude;
            if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) magnitude = Convert.ToInt64(body[2..], 16);
            else if (body.StartsWith("0b", StringComparison.OrdinalIgnoreCase)) magnitude = Convert.ToInt64(body[2..], 2);
            else if (body.StartsWith("0o", StringComparison.OrdinalIgnoreCase)) magnitude = Convert.ToInt64(body[2..], 8);
            else if (body.Length > 1 && body[0] == '0') magnitude = Convert.ToInt64(body[1..], 8);
            else if (body.Length > 0 && body.All(char.IsAsciiDigit)) magnitude = long.Parse(body, Inv);
            else return null;
            return negative ? -magnitude : magnitude;
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>cast.ToFloat64: numbers convert, strings parse, anything else is 0.</summary>
    public static double ToFloat64(object? value) => value switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        string s => double.TryParse(s.Trim(), NumberStyles.Float, Inv, out var d) ? d : 0,
        _ => 0,
    };

    /// <summary>Sprig's empty: nil, false, 0, "" and empty lists and maps; structs (times) are never empty.</summary>
    public static bool IsEmpty(object? value) => value switch
    {
        null or NoValue => true,
        string s => s.Length == 0,
        bool b => !b,
        long l => l == 0,
        double d => d == 0,
        ICollection c => c.Count == 0,
        TimeSpan t => t == TimeSpan.Zero,
        _ => false,
    };

    /// <summary>Sprig's strslice: a list's non-nil elements as strings; nil is empty; a scalar is a one-element list.</summary>
    public static List<object?> StrSlice(object? value) => value switch
    {
        List<object?> list => list.Where(e => e is not null and not NoValue).Select(e => (object?)Strval(e)).ToList(),
        null or NoValue => [],
        _ => [Strval(value)],
    };

    /// <summary>The list a list function works on, or sprig's error naming the function and the type.</summary>
    public static List<object?> List(object? value, string verb) => value switch
    {
        List<object?> list => list,
        _ => throw new TemplateFunctionException($"Cannot {verb} on type {Kind(value)}"),
    };

    /// <summary>reflect.Kind names, as sprig's kindOf and its errors print them.</summary>
    public static string Kind(object? value) => value switch
    {
        null or NoValue => "invalid",
        string => "string",
        bool => "bool",
        long => "int",
        double => "float64",
        Dictionary<string, object?> => "map",
        List<object?> => "slice",
        DateTimeOffset or IGoObject => "struct",
        TimeSpan => "int64",
        TemplateFunction => "func",
        _ => "invalid",
    };

    /// <summary>reflect.DeepEqual over the data model.</summary>
    public static bool DeepEqual(object? a, object? b)
    {
        if (a is NoValue) a = null;
        if (b is NoValue) b = null;
        return (a, b) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => DeepEqual(p.First, p.Second)),
            (Dictionary<string, object?> x, Dictionary<string, object?> y) =>
                x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && DeepEqual(kv.Value, v)),
            _ => a.GetType() == b.GetType() && a.Equals(b),
        };
    }
}

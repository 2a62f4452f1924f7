using System.Globalization;

namespace Hawser.Templates;

/// <summary>expr-lang's runtime operations: equality across number types, ordering, <c>in</c>, arithmetic over numbers,
/// strings, times and durations, and the builtin functions.</summary>
internal static class ExprRuntime
{
    public sealed class OperationException(string message) : Exception(message);

    public static string TypeName(object? value) => value is null ? "<nil>" : GoValue.TypeName(value);

    public static string ToText(object? value) => value switch
    {
        null => "<nil>",
        string s => s,
        _ => GoFormat.Format(value),
    };

    private static bool IsNumber(object? v) => v is long or double;

    private static double ToDouble(object? v) => v is long l ? l : (double)v!;

    /// <summary>runtime.Equal: numbers compare by value whatever their type; other values by kind and content.</summary>
    public static bool Equal(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b)) return a is long x && b is long y ? x == y : ToDouble(a) == ToDouble(b);
        return (a, b) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            (DateTimeOffset x, DateTimeOffset y) => x == y,
            _ => SprigValues.DeepEqual(a, b),
        };
    }

    public static int Compare(object? a, object? b, string op)
    {
        if (IsNumber(a) && IsNumber(b)) return a is long x && b is long y ? x.CompareTo(y) : ToDouble(a).CompareTo(ToDouble(b));
        return (a, b) switch
        {
            (string x, string y) => string.CompareOrdinal(x, y),
            (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
            (TimeSpan x, TimeSpan y) => x.CompareTo(y),
            (TimeSpan x, long y) => GoTime.Nanoseconds(x).CompareTo(y),
            (long x, TimeSpan y) => x.CompareTo(GoTime.Nanoseconds(y)),
            _ => throw new OperationException($"invalid operation: {TypeName(a)} {op} {TypeName(b)}"),
        };
    }

    public static bool In(object? needle, object? haystack) => haystack switch
    {
        List<object?> list => list.Any(e => Equal(needle, e)),
        Dictionary<string, object?> map => needle is string key && map.ContainsKey(key),
        _ => throw new OperationException($"operator \"in\" not defined on {TypeName(haystack)}"),
    };

    public static object? Arithmetic(string op, object? a, object? b)
    {
        switch (op, a, b)
        {
            case ("+", string x, string y): return x + y;
            case ("+", DateTimeOffset t, TimeSpan d): return t + d;
            case ("+", TimeSpan d, DateTimeOffset t): return t + d;
            case ("-", DateTimeOffset t, DateTimeOffset u): return t - u;
            case ("-", DateTimeOffset t, TimeSpan d): return t - d;
            case ("+", TimeSpan x, TimeSpan y): return x + y;
            case ("-", TimeSpan x, TimeSpan y): return x - y;
            case ("*", TimeSpan d, long n): return TimeSpan.FromTicks(d.Ticks * n);
            case ("*", long n, TimeSpan d): return TimeSpan.FromTicks(d.Ticks * n);
            case ("/", TimeSpan d, long n) when n != 0: return TimeSpan.FromTicks(d.Ticks / n);
        }
        if (!IsNumber(a) || !IsNumber(b)) throw new OperationException($"invalid operation: {TypeName(a)} {op} {TypeName(b)}");
        if (a is long x2 && b is long y2)
        {
            switch (op)
            {
                case "+": return unchecked(x2 + y2);
                case "-": return unchecked(x2 - y2);
                case "*": return unchecked(x2 * y2);
                case "%": return y2 == 0 ? throw new OperationException("integer divide by zero") : x2 % y2;
            }
        }
        var (da, db) = (ToDouble(a), ToDouble(b));
        return op switch
        {
            "+" => da + db,
            "-" => da - db,
            "*" => da * db,
            "/" => da / db,
            "%" => throw new OperationException($"invalid operation: {TypeName(a)} % {TypeName(b)}"),
            "**" or "^" => Math.Pow(da, db),
            _ => throw new OperationException($"unknown operator {op}"),
        };
    }

    public static object? Builtin(string name, List<object?> args, ExprOptions options)
    {
        object? Arg(int i) => i < args.Count ? args[i] : throw new OperationException($"not enough arguments to call {name}");
        string Str(int i) => Arg(i) as string ?? throw new OperationException($"cannot use {TypeName(Arg(i))} as argument (type string) to call {name}");
        List<object?> List(int i) => Arg(i) as List<object?> ?? throw new OperationException($"cannot use {TypeName(Arg(i))} as argument (type array) to call {name}");
        switch (name)
        {
            case "len":
                return Arg(0) switch
                {
                    string s => (long)s.EnumerateRunes().Count(),
                    List<object?> l => (long)l.Count,
                    Dictionary<string, object?> m => (long)m.Count,
                    var other => throw new OperationException($"invalid argument for len (type {TypeName(other)})"),
                };
            case "abs":
                return Arg(0) switch
                {
                    long l => Math.Abs(l),
                    double d => Math.Abs(d),
                    var other => throw new OperationException($"invalid argument for abs (type {TypeName(other)})"),
                };
            case "int":
                return Arg(0) switch
                {
                    long l => l,
                    double d => (long)Math.Truncate(d),
                    string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
                    var other => throw new OperationException($"invalid operation: int({TypeName(other)})"),
                };
            case "float":
                return Arg(0) switch
                {
                    long l => (double)l,
                    double d => d,
                    string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) => f,
                    var other => throw new OperationException($"invalid operation: float({TypeName(other)})"),
                };
            case "string": return ToText(Arg(0));
            case "type": return Arg(0) switch
            {
                null => "nil",
                bool => "bool",
                long => "int",
                double => "float",
                string => "string",
                List<object?> => "array",
                Dictionary<string, object?> => "map",
                _ => TypeName(Arg(0)),
            };
            case "upper": return Str(0).ToUpperInvariant();
            case "lower": return Str(0).ToLowerInvariant();
            case "trim": return args.Count > 1 ? Str(0).Trim(Str(1).ToCharArray()) : Str(0).Trim();
            case "trimPrefix": return Str(0).StartsWith(Str(1), StringComparison.Ordinal) ? Str(0)[Str(1).Length..] : Str(0);
            case "trimSuffix": return Str(0).EndsWith(Str(1), StringComparison.Ordinal) ? Str(0)[..^Str(1).Length] : Str(0);
            case "hasPrefix": return Str(0).StartsWith(Str(1), StringComparison.Ordinal);
            case "hasSuffix": return Str(0).EndsWith(Str(1), StringComparison.Ordinal);
            case "indexOf": return (long)Str(0).IndexOf(Str(1), StringComparison.Ordinal);
            case "replace": return Str(0).Replace(Str(1), Str(2), StringComparison.Ordinal);
            case "repeat":
                var count = Arg(1) is long c ? c : throw new OperationException("repeat count must be an int");
                if (count < 0 || count * Str(0).Length > options.MaxIterations) throw new OperationException("repeat count out of range");
                return string.Concat(Enumerable.Repeat(Str(0), (int)count));
            case "split": return SprigStrings.GoSplit(Str(0), Str(1), args.Count > 2 && Arg(2) is long n2 ? n2 : -1).Select(s => (object?)s).ToList();
            case "join": return string.Join(args.Count > 1 ? Str(1) : "", List(0).Select(ToText));
            case "keys":
                return Arg(0) is Dictionary<string, object?> km
                    ? GoValue.SortedKeys(km).Cast<object?>().ToList()
                    : throw new OperationException($"cannot get keys from {TypeName(Arg(0))}");
            case "values":
                return Arg(0) is Dictionary<string, object?> vm
                    ? GoValue.SortedKeys(vm).Select(k => vm[k]).ToList()
                    : throw new OperationException($"cannot get values from {TypeName(Arg(0))}");
            case "first": return List(0).FirstOrDefault();
            case "last": return List(0).LastOrDefault();
            case "reverse": return Enumerable.Reverse(List(0)).ToList();
            case "uniq":
                var unique = new List<object?>();
                foreach (var item in List(0))
                {
                    if (!unique.Any(u => Equal(u, item))) unique.Add(item);
                }
                return unique;
            case "concat": return args.SelectMany((_, i) => List(i)).ToList();
            case "sort":
                var sorted = List(0).ToList();
                sorted.Sort((x, y) => Compare(x, y, "<"));
                return sorted;
            case "max" or "min":
                var values = args.Count == 1 && Arg(0) is List<object?> l1 ? l1 : args;
                if (values.Count == 0) throw new OperationException($"not enough arguments to call {name}");
                var best = values[0];
                foreach (var v in values.Skip(1))
                {
                    var cmp = Compare(v, best, name == "max" ? ">" : "<");
                    if (name == "max" ? cmp > 0 : cmp < 0) best = v;
                }
                return best;
            case "now": return TimeZoneInfo.ConvertTime(options.TimeProvider.GetUtcNow(), options.TimeProvider.LocalTimeZone);
            case "duration":
                return SprigDates.ParseDuration(Str(0)) ?? throw new OperationException($"time: invalid duration {GoFormat.Quote(Str(0))}");
            case "date":
                try
                {
                    return GoTime.Parse(args.Count > 1 ? Str(1) : GoTime.RFC3339, Str(0), TimeZoneInfo.Utc);
                }
                catch (FormatException e)
                {
                    throw new OperationException(e.Message);
                }
            case "toJSON":
                try
                {
                    return GoJson.Marshal(Arg(0), indent: true, escapeHtml: true);
                }
                catch (TemplateFunctionException e)
                {
                    throw new OperationException(e.Message);
                }
            case "fromJSON":
                try
                {
                    return GoJson.Unmarshal(Str(0));
                }
                catch (TemplateFunctionException e)
                {
                    throw new OperationException(e.Message);
                }
        }
        throw new OperationException($"builtin {name} needs a predicate argument");
    }
}

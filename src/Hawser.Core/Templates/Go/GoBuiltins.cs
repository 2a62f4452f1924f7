using System.Text;

namespace Hawser.Templates;

/// <summary>text/template's predefined functions: and, or, not, len, index, slice, print, printf, println, html,
/// js, urlquery, eq, ne, lt, le, gt, ge, call. <c>and</c>/<c>or</c> short-circuit in the executor.</summary>
internal static class GoBuiltins
{
    public static IEnumerable<GoFunction> All() =>
    [
        GoFunction.Variadic("and", 1, c => c.Args.FirstOrDefault(a => !GoValue.IsTrue(a), c.Args[^1])),
        GoFunction.Variadic("or", 1, c => c.Args.FirstOrDefault(GoValue.IsTrue, c.Args[^1])),
        GoFunction.Fixed("not", 1, c => !GoValue.IsTrue(c.Args[0])),
        GoFunction.Fixed("len", 1, c => Length(c.Args[0])),
        GoFunction.Variadic("index", 1, Index),
        GoFunction.Variadic("slice", 1, Slice),
        GoFunction.Variadic("print", 0, c => GoFormat.Sprint([.. c.AnyFrom(0)])),
        GoFunction.Variadic("printf", 1, c => GoFormat.Sprintf(c.String(0), [.. c.AnyFrom(1)])),
        GoFunction.Variadic("println", 0, c => GoFormat.Sprintln([.. c.AnyFrom(0)])),
        GoFunction.Variadic("html", 0, c => HtmlEscape(EvalArgs(c))),
        GoFunction.Variadic("js", 0, c => JsEscape(EvalArgs(c))),
        GoFunction.Variadic("urlquery", 0, c => QueryEscape(EvalArgs(c))),
        GoFunction.Variadic("eq", 1, c => Equal(c.Args[0], c.Args.Skip(1).ToList())),
        GoFunction.Fixed("ne", 2, c => !Equal(c.Args[0], [c.Args[1]])),
        GoFunction.Fixed("lt", 2, c => Less(c.Args[0], c.Args[1])),
        GoFunction.Fixed("le", 2, c => Less(c.Args[0], c.Args[1]) || Equal(c.Args[0], [c.Args[1]])),
        GoFunction.Fixed("gt", 2, c => !(Less(c.Args[0], c.Args[1]) || Equal(c.Args[0], [c.Args[1]]))),
        GoFunction.Fixed("ge", 2, c => !Less(c.Args[0], c.Args[1])),
        GoFunction.Variadic("call", 1, Call),
    ];

    private static long Length(object? item) => item switch
    {
        string s => Encoding.UTF8.GetByteCount(s),
        List<object?> l => l.Count,
        Dictionary<string, object?> m => m.Count,
        null or NoValue => throw new TemplateFunctionException("len of nil pointer"),
        _ => throw new TemplateFunctionException($"len of type {GoValue.TypeName(item)}"),
    };

    private static object? Index(FunctionCall c)
    {
        var item = c.Args[0];
        if (item is null or NoValue) throw new TemplateFunctionException("index of untyped nil");
        for (var i = 1; i < c.Count; i++)
        {
            var index = c.Args[i];
            switch (item)
            {
                case List<object?> list:
                    var n = SliceIndex(index);
                    if (n < 0 || n >= list.Count) throw new TemplateFunctionException($"index out of range: {n}");
                    item = list[(int)n];
                    break;
                case string s:
                    var bytes = Encoding.UTF8.GetBytes(s);
                    var b = SliceIndex(index);
                    if (b < 0 || b >= bytes.Length) throw new TemplateFunctionException($"index out of range: {b}");
                    item = (long)bytes[b];
                    break;
                case Dictionary<string, object?> map:
                    if (index is not string key)
                    {
                        throw new TemplateFunctionException(index is null or NoValue
                            ? "value is nil; should be of type string"
                            : $"value has type {GoValue.TypeName(index)}; should be string");
                    }
                    item = map.GetValueOrDefault(key);
                    break;
                case null or NoValue:
                    throw new TemplateFunctionException("index of nil pointer");
                default:
                    throw new TemplateFunctionException($"can't index item of type {GoValue.TypeName(item)}");
            }
        }
        return item;
    }

    private static long SliceIndex(object? index) => index switch
    {
        long l => l,
        null or NoValue => throw new TemplateFunctionException("cannot index slice/array with nil"),
        _ => throw new TemplateFunctionException($"cannot index slice/array with type {GoValue.TypeName(index)}"),
    };

    private static object? Slice(FunctionCall c)
    {
        var item = c.Args[0];
        if (item is null or NoValue) throw new TemplateFunctionException("slice of untyped nil");
        if (c.Count > 4) throw new TemplateFunctionException($"too many slice indexes: {c.Count - 1}");
        var length = item switch
        {
            string s => s.Length,
            List<object?> l => l.Count,
            _ => throw new TemplateFunctionException($"can't slice item of type {GoValue.TypeName(item)}"),
        };
        if (item is string && c.Count == 4) throw new TemplateFunctionException("cannot 3-index slice a string");
        long[] idx = [0, length, length];
        for (var i = 1; i < c.Count; i++)
        {
            var n = SliceIndex(c.Args[i]);
            if (n < 0 || n > length) throw new TemplateFunctionException($"index out of range: {n}");
            idx[i - 1] = n;
        }
        if (idx[0] > idx[1]) throw new TemplateFunctionException($"invalid slice index: {idx[0]} > {idx[1]}");
        if (c.Count == 4 && idx[1] > idx[2]) throw new TemplateFunctionException($"invalid slice index: {idx[1]} > {idx[2]}");
        return item is string str
            ? str[(int)idx[0]..(int)idx[1]]
            : ((List<object?>)item).GetRange((int)idx[0], (int)(idx[1] - idx[0]));
    }

    /// <summary>The text html/js/urlquery escape: a single string as is, otherwise fmt.Sprint of the arguments.</summary>
    private static string EvalArgs(FunctionCall c) =>
        c.Count == 1 && c.Args[0] is string s ? s : GoFormat.Sprint([.. c.AnyFrom(0)]);

    public static string HtmlEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            sb.Append(ch switch
            {
                '<' => "&lt;",
                '>' => "&gt;",
                '&' => "&amp;",
                '\'' => "&#39;",
                '"' => "&#34;",
                '\0' => "\uFFFD",
                _ => ch.ToString(),
            });
        }
        return sb.ToString();
    }

    public static string JsEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '\\': sb.Append(@"\\"); break;
                case '\'': sb.Append(@"\'"); break;
                case '"': sb.Append("\\\""); break;
                case '<': sb.Append(@"\u003C"); break;
                case '>': sb.Append(@"\u003E"); break;
                case '&': sb.Append(@"\u0026"); break;
                case '=': sb.Append(@"\u003D"); break;
                default:
                    if (ch < ' ' || char.IsControl(ch)) sb.Append(@"\u").Append(((int)ch).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(ch);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>url.QueryEscape: spaces become '+', everything but letters, digits and <c>-_.~</c> is %XX.</summary>
    public static string QueryEscape(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            var ch = (char)b;
            if (char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' or '~') sb.Append(ch);
            else if (ch == ' ') sb.Append('+');
            else sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    private enum Kind { Invalid, Bool, Int, Float, String, Other }

    private static Kind KindOf(object? v) => v switch
    {
        null or NoValue => Kind.Invalid,
        bool => Kind.Bool,
        long => Kind.Int,
        double => Kind.Float,
        string => Kind.String,
        _ => Kind.Other,
    };

    /// <summary>Go's eq: true when the first argument equals any of the others; values of different basic kinds
    /// (an int and a float64) are "incompatible types for comparison", as in Go.</summary>
    public static bool Equal(object? first, IReadOnlyList<object?> others)
    {
        if (others.Count == 0) throw new TemplateFunctionException("missing argument for comparison");
        var k1 = KindOf(first);
        foreach (var other in others)
        {
            var k2 = KindOf(other);
            bool truth;
            if (k1 != k2)
            {
                if (k1 != Kind.Invalid && k2 != Kind.Invalid) throw new TemplateFunctionException("incompatible types for comparison");
                truth = false;
            }
            else
            {
                truth = k1 switch
                {
                    Kind.Invalid => true,
                    Kind.Bool => (bool)first! == (bool)other!,
                    Kind.Int => (long)first! == (long)other!,
                    Kind.Float => (double)first! == (double)other!,
                    Kind.String => (string)first! == (string)other!,
                    _ => OtherEqual(first!, other!),
                };
            }
            if (truth) return true;
        }
        return false;
    }

    private static bool OtherEqual(object a, object b) => (a, b) switch
    {
        (DateTimeOffset x, DateTimeOffset y) => x.EqualsExact(y),
        (TimeSpan x, TimeSpan y) => x == y,
        (Dictionary<string, object?>, _) or (_, Dictionary<string, object?>) =>
            throw new TemplateFunctionException($"non-comparable type {GoFormat.Format(a)}: {GoValue.TypeName(a)}"),
        (List<object?>, _) or (_, List<object?>) =>
            throw new TemplateFunctionException($"non-comparable type {GoFormat.Format(a)}: {GoValue.TypeName(a)}"),
        _ when a.GetType() != b.GetType() => throw new TemplateFunctionException("incompatible types for comparison"),
        _ => a.Equals(b),
    };

    /// <summary>Go's lt over basic kinds: ints, floats and strings of the same kind.</summary>
    public static bool Less(object? a, object? b)
    {
        var k1 = KindOf(a);
        var k2 = KindOf(b);
        if (k1 is Kind.Invalid or Kind.Other || k2 is Kind.Invalid or Kind.Other)
            throw new TemplateFunctionException("invalid type for comparison");
        if (k1 != k2) throw new TemplateFunctionException("incompatible types for comparison");
        return k1 switch
        {
            Kind.Int => (long)a! < (long)b!,
            Kind.Float => (double)a! < (double)b!,
            Kind.String => string.CompareOrdinal((string)a!, (string)b!) < 0,
            _ => throw new TemplateFunctionException("invalid type for comparison"),
        };
    }

    private static object? Call(FunctionCall c)
    {
        var fn = c.Args[0] switch
        {
            null or NoValue => throw new TemplateFunctionException("call of nil"),
            TemplateFunction f => f,
            var other => throw new TemplateFunctionException($"non-function of type {GoValue.TypeName(other)}"),
        };
        return GoValue.Import(fn([.. c.AnyFrom(1)]));
    }
}

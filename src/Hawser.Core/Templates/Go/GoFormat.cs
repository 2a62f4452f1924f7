using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Hawser.Templates;

/// <summary>Go's fmt package for the data model: Sprint, Sprintln, Sprintf with the common verbs, and strconv's float formats.</summary>
internal static class GoFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>fmt.Sprint: operands are separated by a space when neither side is a string.</summary>
    public static string Sprint(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        var previousString = false;
        for (var i = 0; i < args.Count; i++)
        {
            var isString = args[i] is string;
            if (i > 0 && !isString && !previousString) sb.Append(' ');
            AppendValue(sb, args[i], 'v', default);
            previousString = isString;
        }
        return sb.ToString();
    }

    /// <summary>fmt.Sprintln: operands always separated by a space, then a newline.</summary>
    public static string Sprintln(IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < args.Count; i++)
        {
            if (i > 0) sb.Append(' ');
            AppendValue(sb, args[i], 'v', default);
        }
        return sb.Append('\n').ToString();
    }

    /// <summary>A value as %v prints it.</summary>
    public static string Format(object? value)
    {
        if (value is string s) return s;
        var sb = new StringBuilder();
        AppendValue(sb, value, 'v', default);
        return sb.ToString();
    }

    private readonly record struct Spec(bool Minus, bool Plus, bool Sharp, bool Space, bool Zero, int? Width, int? Precision);

    /// <summary>fmt.Sprintf with flags (<c>+-# 0</c>), width, precision, <c>*</c>, and the verbs
    /// v s q d t f F e E g G x X o O b c U T %. Mismatches print as Go does (<c>%!d(string=a)</c>).</summary>
    public static string Sprintf(string format, IReadOnlyList<object?> args)
    {
        var sb = new StringBuilder();
        var argIndex = 0;
        var i = 0;
        while (i < format.Length)
        {
            var c = format[i];
            if (c != '%')
            {
                sb.Append(c);
                i++;
                continue;
            }
            i++;
            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            bool minus = false, plus = false, sharp = false, space = false, zero = false;
            for (; i < format.Length; i++)
            {
                switch (format[i])
                {
                    case '-': minus = true; zero = false; continue;
                    case '+': plus = true; continue;
                    case '#': sharp = true; continue;
                    case ' ': space = true; continue;
                    case '0': zero = !minus; continue;
                }
                break;
            }
            int? width = null, precision = null;
            if (i < format.Length && format[i] == '*')
            {
                i++;
                width = argIndex < args.Count && args[argIndex] is long w ? (int)w : null;
                argIndex++;
                if (width < 0) { minus = true; width = -width; }
            }
            else width = ReadNumber(format, ref i);
            if (i < format.Length && format[i] == '.')
            {
                i++;
                if (i < format.Length && format[i] == '*')
                {
                    i++;
                    precision = argIndex < args.Count && args[argIndex] is long p ? (int)p : null;
                    argIndex++;
                }
                else precision = ReadNumber(format, ref i) ?? 0;
            }
            if (i >= format.Length)
            {
                sb.Append("%!(NOVERB)");
                break;
            }
            var verb = format[i++];
            if (verb == '%')
            {
                sb.Append('%');
                continue;
            }
            if (argIndex >= args.Count)
            {
                sb.Append("%!").Append(verb).Append("(MISSING)");
                continue;
            }
            var spec = new Spec(minus, plus, sharp, space, zero, width, precision);
            var arg = args[argIndex++];
            var piece = new StringBuilder();
            AppendValue(piece, arg, verb, spec);
            Pad(sb, piece.ToString(), spec, IsNumeric(arg, verb));
        }
        if (argIndex < args.Count)
        {
            sb.Append("%!(EXTRA ");
            for (var k = argIndex; k < args.Count; k++)
            {
                if (k > argIndex) sb.Append(", ");
                sb.Append(GoValue.TypeName(args[k])).Append('=');
                AppendValue(sb, args[k], 'v', default);
            }
            sb.Append(')');
        }
        return sb.ToString();
    }

    private static bool IsNumeric(object? arg, char verb) => arg is long or double && verb != 'c' && verb != 'q' && verb != 'U';

    private static int? ReadNumber(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        return i > start ? int.Parse(s.AsSpan(start, i - start), NumberStyles.None, Inv) : null;
    }

    private static void Pad(StringBuilder sb, string text, Spec spec, bool numeric)
    {
        var width = spec.Width ?? 0;
        var padding = width - text.Length;
        if (padding <= 0)
        {
            sb.Append(text);
            return;
        }
        if (spec.Minus)
        {
            sb.Append(text).Append(' ', padding);
        }
        else if (spec.Zero && numeric)
        {
            var signLength = text.Length > 0 && text[0] is '-' or '+' or ' ' ? 1 : 0;
            sb.Append(text, 0, signLength).Append('0', padding).Append(text, signLength, text.Length - signLength);
        }
        else if (spec.Zero)
        {
            sb.Append('0', padding).Append(text);
        }
        else
        {
            sb.Append(' ', padding).Append(text);
        }
    }

    private static void AppendValue(StringBuilder sb, object? value, char verb, Spec spec)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        if (verb == 'T')
        {
            sb.Append(value is null or NoValue ? "<nil>" : GoValue.TypeName(value));
            return;
        }
        switch (value)
        {
            case null or NoValue:
                if (verb == 'v') sb.Append("<nil>");
                else sb.Append("%!").Append(verb).Append("(<nil>)");
                return;
            case string s:
                AppendString(sb, s, verb, spec);
                return;
            case bool b:
                if (verb is 'v' or 't') sb.Append(b ? "true" : "false");
                else Bad(sb, verb, value);
                return;
            case long l:
                AppendInteger(sb, l, verb, spec);
                return;
            case double d:
                AppendFloat(sb, d, verb, spec);
                return;
            case Dictionary<string, object?> map:
                if (spec.Sharp && verb == 'v') sb.Append("map[string]interface {}{");
                else sb.Append("map[");
                var first = true;
                foreach (var key in GoValue.SortedKeys(map))
                {
                    if (!first) sb.Append(spec.Sharp && verb == 'v' ? ", " : " ");
                    first = false;
                    AppendValue(sb, key, verb, spec);
                    sb.Append(':');
                    AppendValue(sb, map[key], verb, spec);
                }
                sb.Append(spec.Sharp && verb == 'v' ? '}' : ']');
                return;
            case List<object?> list:
                sb.Append(spec.Sharp && verb == 'v' ? "[]interface {}{" : "[");
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0) sb.Append(spec.Sharp && verb == 'v' ? ", " : " ");
                    AppendValue(sb, list[i], verb, spec);
                }
                sb.Append(spec.Sharp && verb == 'v' ? '}' : ']');
                return;
            case DateTimeOffset t:
                AppendString(sb, GoTime.String(t), verb, spec);
                return;
            case TimeSpan ts:
                if (verb is 'd' or 'x' or 'X' or 'o' or 'b') AppendInteger(sb, GoTime.Nanoseconds(ts), verb, spec);
                else AppendString(sb, GoTime.DurationString(ts), verb, spec);
                return;
            case IGoObject o:
                AppendString(sb, o.ToString() ?? "", verb, spec);
                return;
            default:
                sb.Append(verb is 'v' or 'p' ? "0x1" : $"%!{verb}(func)");
                return;
        }
    }

    private static void AppendString(StringBuilder sb, string s, char verb, Spec spec)
    {
        switch (verb)
        {
            case 'v' or 's':
                sb.Append(spec.Precision is { } p && p < s.Length ? s[..p] : s);
                return;
            case 'q':
                sb.Append(spec.Sharp && !s.Contains('`', StringComparison.Ordinal) && s.All(ch => ch >= ' ' || ch == '\t')
                    ? "`" + s + "`"
                    : Quote(s));
                return;
            case 'x' or 'X':
                var bytes = Encoding.UTF8.GetBytes(s);
                var hex = Convert.ToHexString(bytes);
                sb.Append(verb == 'x' ? hex.ToLowerInvariant() : hex);
                return;
            default:
                Bad(sb, verb, s);
                return;
        }
    }

    private static void AppendInteger(StringBuilder sb, long l, char verb, Spec spec)
    {
        string digits;
        switch (verb)
        {
            case 'v' or 'd': digits = l.ToString(Inv).TrimStart('-'); break;
            case 'x': digits = ToBase(l, 16).ToLowerInvariant(); if (spec.Sharp) digits = "0x" + digits; break;
            case 'X': digits = ToBase(l, 16); if (spec.Sharp) digits = "0X" + digits; break;
            case 'o': digits = ToBase(l, 8); if (spec.Sharp) digits = "0" + digits; break;
            case 'O': digits = "0o" + ToBase(l, 8); break;
            case 'b': digits = ToBase(l, 2); break;
            case 'c':
                sb.Append(l is >= 0 and <= 0x10FFFF ? char.ConvertFromUtf32((int)l) : "\uFFFD");
                return;
            case 'q':
                sb.Append('\'').Append(l is >= 0 and <= 0x10FFFF ? char.ConvertFromUtf32((int)l) : "\uFFFD").Append('\'');
                return;
            case 'U':
                sb.Append("U+").Append(l.ToString("X4", Inv));
                return;
            case 'e' or 'E' or 'f' or 'F' or 'g' or 'G' or 's' or 't':
                Bad(sb, verb, l);
                return;
            default:
                Bad(sb, verb, l);
                return;
        }
        if (spec.Precision is { } p && digits.Length < p) digits = new string('0', p - digits.Length) + digits;
        if (l < 0) sb.Append('-');
        else if (spec.Plus) sb.Append('+');
        else if (spec.Space) sb.Append(' ');
        sb.Append(digits);
    }

    private static string ToBase(long l, int radix)
    {
        var magnitude = l == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(l);
        if (magnitude == 0) return "0";
        var chars = new StringBuilder();
        while (magnitude > 0)
        {
            chars.Insert(0, "0123456789ABCDEF"[(int)(magnitude % (ulong)radix)]);
            magnitude /= (ulong)radix;
        }
        return chars.ToString();
    }

    private static void AppendFloat(StringBuilder sb, double d, char verb, Spec spec)
    {
        string text;
        switch (verb)
        {
            case 'v' or 'g' or 'G': text = FormatFloat(d, 'g', spec.Precision ?? -1); break;
            case 'e' or 'E': text = FormatFloat(d, 'e', spec.Precision ?? 6); break;
            case 'f' or 'F': text = FormatFloat(d, 'f', spec.Precision ?? 6); break;
            default:
                Bad(sb, verb, d);
                return;
        }
        if (verb is 'E' or 'G') text = text.ToUpperInvariant();
        if (!text.StartsWith('-') && !text.StartsWith('+'))
        {
            if (spec.Plus) text = "+" + text;
            else if (spec.Space) text = " " + text;
        }
        else if (text.StartsWith('+') && !spec.Plus) text = text[1..];
        sb.Append(text);
    }

    private static void Bad(StringBuilder sb, char verb, object? value)
    {
        sb.Append("%!").Append(verb).Append('(').Append(GoValue.TypeName(value)).Append('=');
        AppendValue(sb, value, 'v', default);
        sb.Append(')');
    }

    /// <summary>strconv.Quote: double quotes, Go escapes, non-printable runes as \x, \u or \U.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); continue;
                case '\\': sb.Append("\\\\"); continue;
                case '\a': sb.Append("\\a"); continue;
                case '\b': sb.Append("\\b"); continue;
                case '\f': sb.Append("\\f"); continue;
                case '\n': sb.Append("\\n"); continue;
                case '\r': sb.Append("\\r"); continue;
                case '\t': sb.Append("\\t"); continue;
                case '\v': sb.Append("\\v"); continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                sb.Append(c).Append(s[++i]);
                continue;
            }
            if (c < ' ' || c == '\x7f') sb.Append("\\x").Append(((int)c).ToString("x2", Inv));
            else if (char.IsSurrogate(c)) sb.Append("\\ufffd");
            else if (c >= 0x80 && (char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
                sb.Append("\\u").Append(((int)c).ToString("x4", Inv));
            else sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    /// <summary>strconv.FormatFloat(d, fmt, prec, 64) for fmt 'e', 'f' and 'g'; prec -1 is the shortest exact form.
    /// %v is 'g' with the shortest digits, which switches to an exponent from 1e+06 up and below 1e-04, as Go does:
    /// <c>100000</c>, <c>1e+06</c>, <c>1.234567e+06</c>, <c>0.0001</c>, <c>1e-05</c>.</summary>
    public static string FormatFloat(double d, char fmt, int prec)
    {
        if (double.IsNaN(d)) return "NaN";
        if (double.IsPositiveInfinity(d)) return "+Inf";
        if (double.IsNegativeInfinity(d)) return "-Inf";
        var negative = double.IsNegative(d);
        var sign = negative ? "-" : "";
        var abs = Math.Abs(d);
        if (fmt == 'f' && prec >= 0) return sign + abs.ToString("F" + prec.ToString(Inv), Inv);
        string digits;
        int dp;
        if (prec < 0) (digits, dp) = ShortestDigits(abs);
        else if (fmt == 'e') (digits, dp) = RoundedDigits(abs, prec + 1);
        else (digits, dp) = RoundedDigits(abs, prec == 0 ? 1 : prec);
        switch (fmt)
        {
            case 'e':
                return sign + FormatE(digits, dp, prec < 0 ? Math.Max(digits.Length - 1, 0) : prec);
            case 'f':
                return sign + FormatF(digits, dp, Math.Max(digits.Length - dp, 0));
            default:
                var eprec = prec < 0 ? 6 : (prec == 0 ? 1 : prec);
                if (prec >= 0)
                {
                    digits = digits.TrimEnd('0');
                    if (digits.Length == 0) digits = "0";
                    if (eprec > digits.Length && digits.Length >= dp) eprec = digits.Length;
                }
                var exp = dp - 1;
                if (exp < -4 || exp >= eprec) return sign + FormatE(digits, dp, Math.Max(digits.Length - 1, 0));
                return sign + FormatF(digits, dp, Math.Max(digits.Length - dp, 0));
        }
    }

    private static string FormatE(string digits, int dp, int prec)
    {
        var sb = new StringBuilder();
        sb.Append(digits[0]);
        if (prec > 0)
        {
            sb.Append('.');
            var rest = digits.Length > 1 ? digits[1..] : "";
            sb.Append(rest.Length >= prec ? rest[..prec] : rest + new string('0', prec - rest.Length));
        }
        var exp = digits == "0" ? 0 : dp - 1;
        sb.Append('e').Append(exp < 0 ? '-' : '+');
        var e = Math.Abs(exp);
        sb.Append(e < 10 ? "0" + e.ToString(Inv) : e.ToString(Inv));
        return sb.ToString();
    }

    private static string FormatF(string digits, int dp, int prec)
    {
        var sb = new StringBuilder();
        if (dp > 0)
        {
            for (var i = 0; i < dp; i++) sb.Append(i < digits.Length ? digits[i] : '0');
        }
        else sb.Append('0');
        if (prec > 0)
        {
            sb.Append('.');
            for (var i = 0; i < prec; i++)
            {
                var j = dp + i;
                sb.Append(j >= 0 && j < digits.Length ? digits[j] : '0');
            }
        }
        return sb.ToString();
    }

    /// <summary>The shortest decimal digits that round-trip, and the decimal point position (0.0123 → "123", -1).</summary>
    private static (string Digits, int Dp) ShortestDigits(double abs) => Decompose(abs.ToString("R", Inv));

    private static (string Digits, int Dp) RoundedDigits(double abs, int significant) =>
        Decompose(abs.ToString("E" + (significant - 1).ToString(Inv), Inv));

    private static (string Digits, int Dp) Decompose(string text)
    {
        var e = text.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? text : text[..e];
        var exponent = e < 0 ? 0 : int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, Inv);
        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = point < 0 ? mantissa : mantissa[..point];
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var dp = intPart.Length + exponent;
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0') leading++;
        digits = digits[leading..].TrimEnd('0');
        dp -= leading;
        if (digits.Length == 0) return ("0", 1);
        return (digits, dp);
    }
}

using System.Globalization;
using System.Text;

namespace Hawser.Templates;

/// <summary>
/// Go's time.Time and time.Duration for the data model (<see cref="DateTimeOffset"/>, <see cref="TimeSpan"/>):
/// layout formatting and parsing with Go's reference time (<c>2006-01-02T15:04:05Z07:00</c>), the String forms, and
/// the methods templates and expr programs call (<c>.Format</c>, <c>.Sub</c>, <c>.Minutes</c>...).
/// </summary>
internal static class GoTime
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly string[] LongMonths = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
    private static readonly string[] LongDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    public const string RFC3339 = "2006-01-02T15:04:05Z07:00";

    private enum Std
    {
        Literal, LongMonth, Month, NumMonth, ZeroMonth, LongWeekDay, WeekDay, Day, UnderDay, ZeroDay, UnderYearDay,
        ZeroYearDay, Hour, Hour12, ZeroHour12, Minute, ZeroMinute, Second, ZeroSecond, LongYear, Year, PM, LowerPM,
        TZ, Iso8601TZ, Iso8601SecondsTZ, Iso8601ShortTZ, Iso8601ColonTZ, Iso8601ColonSecondsTZ, NumTZ, NumSecondsTZ,
        NumShortTZ, NumColonTZ, NumColonSecondsTZ, FracSecond0, FracSecond9,
    }

    private readonly record struct Chunk(Std Std, string Text, int Digits = 0);

    private static List<Chunk> Chunks(string layout)
    {
        var chunks = new List<Chunk>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < layout.Length)
        {
            var (std, length, digits) = StdAt(layout, i);
            if (std == Std.Literal)
            {
                literal.Append(layout[i++]);
                continue;
            }
            if (literal.Length > 0)
            {
                chunks.Add(new Chunk(Std.Literal, literal.ToString()));
                literal.Clear();
            }
            chunks.Add(new Chunk(std, layout.Substring(i, length), digits));
            i += length;
        }
        if (literal.Length > 0) chunks.Add(new Chunk(Std.Literal, literal.ToString()));
        return chunks;
    }

    private static (Std Std, int Length, int Digits) StdAt(string l, int i)
    {
        bool At(string s) => string.CompareOrdinal(l, i, s, 0, s.Length) == 0;
        switch (l[i])
        {
            case 'J' when At("January"): return (Std.LongMonth, 7, 0);
            case 'J' when At("Jan"): return (Std.Month, 3, 0);
            case 'M' when At("Monday"): return (Std.LongWeekDay, 6, 0);
            case 'M' when At("Mon"): return (Std.WeekDay, 3, 0);
            case 'M' when At("MST"): return (Std.TZ, 3, 0);
            case '0' when At("002"): return (Std.ZeroYearDay, 3, 0);
            case '0' when i + 1 < l.Length && l[i + 1] is >= '1' and <= '6':
                return (l[i + 1] switch
                {
                    '1' => Std.ZeroMonth,
                    '2' => Std.ZeroDay,
                    '3' => Std.ZeroHour12,
                    '4' => Std.ZeroMinute,
                    '5' => Std.ZeroSecond,
                    _ => Std.Year,
                }, 2, 0);
            case '1' when At("15"): return (Std.Hour, 2, 0);
            case '1': return (Std.NumMonth, 1, 0);
            case '2' when At("2006"): return (Std.LongYear, 4, 0);
            case '2': return (Std.Day, 1, 0);
            case '_' when At("_2006"): return (Std.Literal, 1, 0);
            case '_' when At("__2"): return (Std.UnderYearDay, 3, 0);
            case '_' when At("_2"): return (Std.UnderDay, 2, 0);
            case '3': return (Std.Hour12, 1, 0);
            case '4': return (Std.Minute, 1, 0);
            case '5': return (Std.Second, 1, 0);
            case 'P' when At("PM"): return (Std.PM, 2, 0);
            case 'p' when At("pm"): return (Std.LowerPM, 2, 0);
            case '-' when At("-070000"): return (Std.NumSecondsTZ, 7, 0);
            case '-' when At("-07:00:00"): return (Std.NumColonSecondsTZ, 9, 0);
            case '-' when At("-0700"): return (Std.NumTZ, 5, 0);
            case '-' when At("-07:00"): return (Std.NumColonTZ, 6, 0);
            case '-' when At("-07"): return (Std.NumShortTZ, 3, 0);
            case 'Z' when At("Z070000"): return (Std.Iso8601SecondsTZ, 7, 0);
            case 'Z' when At("Z07:00:00"): return (Std.Iso8601ColonSecondsTZ, 9, 0);
            case 'Z' when At("Z0700"): return (Std.Iso8601TZ, 5, 0);
            case 'Z' when At("Z07:00"): return (Std.Iso8601ColonTZ, 6, 0);
            case 'Z' when At("Z07"): return (Std.Iso8601ShortTZ, 3, 0);
            case '.' or ',' when i + 1 < l.Length && l[i + 1] is '0' or '9':
                var digit = l[i + 1];
                var j = i + 1;
                while (j < l.Length && l[j] == digit) j++;
                if (j < l.Length && char.IsAsciiDigit(l[j])) return (Std.Literal, 1, 0);
                return (digit == '0' ? Std.FracSecond0 : Std.FracSecond9, j - i, j - i - 1);
        }
        return (Std.Literal, 1, 0);
    }

    /// <summary>time.Time.Format(layout).</summary>
    public static string Format(DateTimeOffset t, string layout)
    {
        var sb = new StringBuilder();
        var offset = (int)t.Offset.TotalSeconds;
        foreach (var chunk in Chunks(layout))
        {
            switch (chunk.Std)
            {
                case Std.Literal: sb.Append(chunk.Text); break;
                case Std.LongMonth: sb.Append(LongMonths[t.Month - 1]); break;
                case Std.Month: sb.Append(LongMonths[t.Month - 1][..3]); break;
                case Std.NumMonth: sb.Append(t.Month.ToString(Inv)); break;
                case Std.ZeroMonth: sb.Append(t.Month.ToString("00", Inv)); break;
                case Std.LongWeekDay: sb.Append(LongDays[(int)t.DayOfWeek]); break;
                case Std.WeekDay: sb.Append(LongDays[(int)t.DayOfWeek][..3]); break;
                case Std.Day: sb.Append(t.Day.ToString(Inv)); break;
                case Std.UnderDay: sb.Append(t.Day.ToString(Inv).PadLeft(2)); break;
                case Std.ZeroDay: sb.Append(t.Day.ToString("00", Inv)); break;
                case Std.UnderYearDay: sb.Append(t.DayOfYear.ToString(Inv).PadLeft(3)); break;
                case Std.ZeroYearDay: sb.Append(t.DayOfYear.ToString("000", Inv)); break;
                case Std.Hour: sb.Append(t.Hour.ToString("00", Inv)); break;
                case Std.Hour12: sb.Append(Hour12(t.Hour).ToString(Inv)); break;
                case Std.ZeroHour12: sb.Append(Hour12(t.Hour).ToString("00", Inv)); break;
                case Std.Minute: sb.Append(t.Minute.ToString(Inv)); break;
                case Std.ZeroMinute: sb.Append(t.Minute.ToString("00", Inv)); break;
                case Std.Second: sb.Append(t.Second.ToString(Inv)); break;
                case Std.ZeroSecond: sb.Append(t.Second.ToString("00", Inv)); break;
                case Std.LongYear: sb.Append(t.Year.ToString("0000", Inv)); break;
                case Std.Year: sb.Append((t.Year % 100).ToString("00", Inv)); break;
                case Std.PM: sb.Append(t.Hour >= 12 ? "PM" : "AM"); break;
                case Std.LowerPM: sb.Append(t.Hour >= 12 ? "pm" : "am"); break;
                case Std.TZ: sb.Append(offset == 0 ? "UTC" : Zone(offset, false, false, false)); break;
                case Std.Iso8601TZ or Std.Iso8601ColonTZ or Std.Iso8601ShortTZ or Std.Iso8601SecondsTZ or Std.Iso8601ColonSecondsTZ
                    when offset == 0:
                    sb.Append('Z');
                    break;
                case Std.Iso8601TZ or Std.NumTZ: sb.Append(Zone(offset, false, false, false)); break;
                case Std.Iso8601ColonTZ or Std.NumColonTZ: sb.Append(Zone(offset, true, false, false)); break;
                case Std.Iso8601ShortTZ or Std.NumShortTZ: sb.Append(Zone(offset, false, false, true)); break;
                case Std.Iso8601SecondsTZ or Std.NumSecondsTZ: sb.Append(Zone(offset, false, true, false)); break;
                case Std.Iso8601ColonSecondsTZ or Std.NumColonSecondsTZ: sb.Append(Zone(offset, true, true, false)); break;
                case Std.FracSecond0 or Std.FracSecond9:
                    var nanos = (t.Ticks % TimeSpan.TicksPerSecond * 100).ToString("000000000", Inv)[..Math.Min(chunk.Digits, 9)];
                    if (chunk.Std == Std.FracSecond9)
                    {
                        nanos = nanos.TrimEnd('0');
                        if (nanos.Length == 0) break;
                    }
                    sb.Append(chunk.Text[0]).Append(nanos);
                    break;
            }
        }
        return sb.ToString();
    }

    private static int Hour12(int hour) => hour % 12 == 0 ? 12 : hour % 12;

    private static string Zone(int offsetSeconds, bool colon, bool seconds, bool hoursOnly)
    {
        var sign = offsetSeconds < 0 ? '-' : '+';
        var abs = Math.Abs(offsetSeconds);
        var sb = new StringBuilder().Append(sign).Append((abs / 3600).ToString("00", Inv));
        if (hoursOnly) return sb.ToString();
        if (colon) sb.Append(':');
        sb.Append((abs / 60 % 60).ToString("00", Inv));
        if (seconds)
        {
            if (colon) sb.Append(':');
            sb.Append((abs % 60).ToString("00", Inv));
        }
        return sb.ToString();
    }

    /// <summary>time.ParseInLocation(layout, value, zone): the zone applies when the value carries none.</summary>
    public static DateTimeOffset Parse(string layout, string value, TimeZoneInfo zone)
    {
        var original = value;
        int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0, yday = -1;
        long ticks = 0;
        bool? pm = null;
        TimeSpan? offset = null;
        var chunks = Chunks(layout);
        for (var c = 0; c < chunks.Count; c++)
        {
            var chunk = chunks[c];
            var before = value;
            string Fail() => throw new FormatException(
                $"parsing time {GoFormat.Quote(original)} as {GoFormat.Quote(layout)}: cannot parse {GoFormat.Quote(before)} as {GoFormat.Quote(chunk.Text)}");
            switch (chunk.Std)
            {
                case Std.Literal:
                    if (!value.StartsWith(chunk.Text, StringComparison.Ordinal)) Fail();
                    value = value[chunk.Text.Length..];
                    break;
                case Std.LongYear:
                    if (value.Length < 4 || !value[..4].All(char.IsAsciiDigit)) Fail();
                    year = int.Parse(value[..4], Inv);
                    value = value[4..];
                    break;
                case Std.Year:
                    if (value.Length < 2 || !value[..2].All(char.IsAsciiDigit)) Fail();
                    year = int.Parse(value[..2], Inv);
                    year += year >= 69 ? 1900 : 2000;
                    value = value[2..];
                    break;
                case Std.LongMonth or Std.Month:
                    var names = chunk.Std == Std.LongMonth ? LongMonths : LongMonths.Select(m => m[..3]).ToArray();
                    var found = Array.FindIndex(names, n => value.StartsWith(n, StringComparison.OrdinalIgnoreCase));
                    if (found < 0) Fail();
                    month = found + 1;
                    value = value[names[found].Length..];
                    break;
                case Std.LongWeekDay or Std.WeekDay:
                    var days = chunk.Std == Std.LongWeekDay ? LongDays : LongDays.Select(m => m[..3]).ToArray();
                    var d = Array.FindIndex(days, n => value.StartsWith(n, StringComparison.OrdinalIgnoreCase));
                    if (d < 0) Fail();
                    value = value[days[d].Length..];
                    break;
                case Std.NumMonth or Std.ZeroMonth:
                    month = Number(ref value, chunk.Std == Std.ZeroMonth, 2) ?? int.Parse(Fail(), Inv);
                    break;
                case Std.Day or Std.UnderDay or Std.ZeroDay:
                    if (chunk.Std == Std.UnderDay && value.StartsWith(' ')) value = value[1..];
                    day = Number(ref value, chunk.Std == Std.ZeroDay, 2) ?? int.Parse(Fail(), Inv);
                    break;
                case Std.UnderYearDay or Std.ZeroYearDay:
                    value = value.TrimStart(' ');
                    yday = Number(ref value, chunk.Std == Std.ZeroYearDay, 3) ?? int.Parse(Fail(), Inv);
                    break;
                case Std.Hour:
                    hour = Number(ref value, false, 2) ?? int.Parse(Fail(), Inv);
                    break;
                case Std.Hour12 or Std.ZeroHour12:
                    hour = Number(ref value, chunk.Std == Std.ZeroHour12, 2) ?? int.Parse(Fail(), Inv);
                    break;
                case Std.Minute or Std.ZeroMinute:
                    minute = Number(ref value, chunk.Std == Std.ZeroMinute, 2) ?? int.Parse(Fail(), Inv);
                    break;
                case Std.Second or Std.ZeroSecond:
                    second = Number(ref value, chunk.Std == Std.ZeroSecond, 2) ?? int.Parse(Fail(), Inv);
                    var nextIsFraction = c + 1 < chunks.Count && chunks[c + 1].Std is Std.FracSecond0 or Std.FracSecond9;
                    if (!nextIsFraction && value.Length >= 2 && value[0] is '.' or ',' && char.IsAsciiDigit(value[1]))
                        ticks = Fraction(ref value);
                    break;
                case Std.FracSecond0:
                    if (value.Length < chunk.Text.Length || value[0] != chunk.Text[0]) Fail();
                    ticks = Fraction(ref value);
                    break;
                case Std.FracSecond9:
                    if (value.Length >= 2 && value[0] == chunk.Text[0] && char.IsAsciiDigit(value[1])) ticks = Fraction(ref value);
                    break;
                case Std.PM or Std.LowerPM:
                    if (value.Length < 2) Fail();
                    var ampm = value[..2].ToUpperInvariant();
                    if (ampm is not ("AM" or "PM")) Fail();
                    pm = ampm == "PM";
                    value = value[2..];
                    break;
                case Std.TZ:
                    if (value.StartsWith("UTC", StringComparison.Ordinal) || value.StartsWith("GMT", StringComparison.Ordinal))
                    {
                        offset = TimeSpan.Zero;
                        value = value[3..];
                        break;
                    }
                    var letters = value.TakeWhile(char.IsAsciiLetterUpper).Count();
                    if (letters < 3) Fail();
                    offset = TimeSpan.Zero;
                    value = value[letters..];
                    break;
                default:
                    if (chunk.Std.ToString().StartsWith("Iso", StringComparison.Ordinal) && value.StartsWith('Z'))
                    {
                        offset = TimeSpan.Zero;
                        value = value[1..];
                        break;
                    }
                    offset = ParseOffset(ref value, chunk.Std) ?? TimeSpan.Parse(Fail(), Inv);
                    break;
            }
        }
        if (value.Length > 0)
            throw new FormatException($"parsing time {GoFormat.Quote(original)}: extra text: {GoFormat.Quote(value)}");
        if (pm is true && hour < 12) hour += 12;
        else if (pm is false && hour == 12) hour = 0;
        try
        {
            var date = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified);
            if (yday >= 0) date = new DateTime(year, 1, 1, hour, minute, second, DateTimeKind.Unspecified).AddDays(yday - 1);
            date = date.AddTicks(ticks);
            return new DateTimeOffset(date, offset ?? zone.GetUtcOffset(date));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new FormatException($"parsing time {GoFormat.Quote(original)}: day out of range");
        }
    }

    private static int? Number(ref string value, bool fixedWidth, int max)
    {
        var n = 0;
        while (n < value.Length && n < max && char.IsAsciiDigit(value[n])) n++;
        if (n == 0 || (fixedWidth && n != max)) return null;
        var result = int.Parse(value[..n], Inv);
        value = value[n..];
        return result;
    }

    private static long Fraction(ref string value)
    {
        var n = 1;
        while (n < value.Length && char.IsAsciiDigit(value[n])) n++;
        var digits = value[1..n].PadRight(9, '0')[..9];
        value = value[n..];
        return long.Parse(digits, Inv) / 100;
    }

    private static TimeSpan? ParseOffset(ref string value, Std std)
    {
        if (value.Length < 3 || value[0] is not ('+' or '-')) return null;
        var sign = value[0] == '-' ? -1 : 1;
        var rest = value[1..];
        var colon = std is Std.NumColonTZ or Std.Iso8601ColonTZ or Std.NumColonSecondsTZ or Std.Iso8601ColonSecondsTZ;
        var parts = std is Std.NumShortTZ or Std.Iso8601ShortTZ ? 1 : std is Std.NumSecondsTZ or Std.Iso8601SecondsTZ or Std.NumColonSecondsTZ or Std.Iso8601ColonSecondsTZ ? 3 : 2;
        var seconds = 0;
        for (var p = 0; p < parts; p++)
        {
            if (p > 0 && colon)
            {
                if (!rest.StartsWith(':')) return null;
                rest = rest[1..];
            }
            if (rest.Length < 2 || !char.IsAsciiDigit(rest[0]) || !char.IsAsciiDigit(rest[1])) return null;
            seconds = seconds * 60 + int.Parse(rest[..2], Inv);
            rest = rest[2..];
        }
        if (parts == 1) seconds *= 3600;
        else if (parts == 2) seconds *= 60;
        value = rest;
        return TimeSpan.FromSeconds(sign * seconds);
    }

    /// <summary>time.Time.String(): <c>2006-01-02 15:04:05.999999999 -0700 MST</c>.</summary>
    public static string String(DateTimeOffset t) => Format(t, "2006-01-02 15:04:05.999999999 -0700 MST");

    public static long Nanoseconds(TimeSpan d) => d.Ticks * 100;

    /// <summary>time.Duration.String(): <c>1h2m3.5s</c>, <c>1.5ms</c>, <c>0s</c>.</summary>
    public static string DurationString(TimeSpan d)
    {
        var nanos = d.Ticks * 100;
        if (nanos == 0) return "0s";
        var negative = nanos < 0;
        var u = (ulong)Math.Abs(nanos);
        var sb = new StringBuilder();
        if (u < 1_000_000_000)
        {
            var (unit, scale) = u < 1000 ? ("ns", 1UL) : u < 1_000_000 ? ("µs", 1000UL) : ("ms", 1_000_000UL);
            sb.Append(u / scale).Append(Fraction(u % scale, scale)).Append(unit);
        }
        else
        {
            var secondsPart = u / 1_000_000_000;
            var frac = Fraction(u % 1_000_000_000, 1_000_000_000);
            var hours = secondsPart / 3600;
            var minutes = secondsPart / 60 % 60;
            var seconds = secondsPart % 60;
            if (hours > 0) sb.Append(hours).Append('h');
            if (hours > 0 || minutes > 0) sb.Append(minutes).Append('m');
            sb.Append(seconds).Append(frac).Append('s');
        }
        return (negative ? "-" : "") + sb;
    }

    private static string Fraction(ulong remainder, ulong scale)
    {
        if (remainder == 0) return "";
        var width = scale.ToString(Inv).Length - 1;
        return "." + remainder.ToString(Inv).PadLeft(width, '0').TrimEnd('0');
    }

    /// <summary>Calls a Go method of a time or a duration; false when the value has no such method.</summary>
    public static bool TryInvoke(object receiver, string name, IReadOnlyList<object?> args, TimeZoneInfo local, out object? result)
    {
        result = null;
        switch (receiver)
        {
            case DateTimeOffset t:
                result = name switch
                {
                    "Format" => Format(t, Arg<string>(args, 0, name)),
                    "Local" => TimeZoneInfo.ConvertTime(t, local),
                    "UTC" => t.ToUniversalTime(),
                    "Unix" => t.ToUnixTimeSeconds(),
                    "UnixMilli" => t.ToUnixTimeMilliseconds(),
                    "UnixNano" => (t.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100,
                    "Sub" => t - Arg<DateTimeOffset>(args, 0, name),
                    "Add" => t + Arg<TimeSpan>(args, 0, name),
                    "AddDate" => t.AddYears((int)Arg<long>(args, 0, name)).AddMonths((int)Arg<long>(args, 1, name)).AddDays(Arg<long>(args, 2, name)),
                    "Before" => t < Arg<DateTimeOffset>(args, 0, name),
                    "After" => t > Arg<DateTimeOffset>(args, 0, name),
                    "Equal" => t == Arg<DateTimeOffset>(args, 0, name),
                    "IsZero" => t.UtcTicks == DateTimeOffset.MinValue.UtcTicks,
                    "Year" => (long)t.Year,
                    "Month" => LongMonths[t.Month - 1],
                    "Day" => (long)t.Day,
                    "Hour" => (long)t.Hour,
                    "Minute" => (long)t.Minute,
                    "Second" => (long)t.Second,
                    "Nanosecond" => t.Ticks % TimeSpan.TicksPerSecond * 100,
                    "YearDay" => (long)t.DayOfYear,
                    "Weekday" => LongDays[(int)t.DayOfWeek],
                    "String" => String(t),
                    "Truncate" => Arg<TimeSpan>(args, 0, name) is var td && td.Ticks > 0 ? new DateTimeOffset(t.UtcTicks - t.UtcTicks % td.Ticks, TimeSpan.Zero).ToOffset(t.Offset) : t,
                    _ => NoValue.Instance,
                };
                return result is not NoValue;
            case TimeSpan d:
                result = name switch
                {
                    "Hours" => d.TotalHours,
                    "Minutes" => d.TotalMinutes,
                    "Seconds" => d.TotalSeconds,
                    "Milliseconds" => (long)d.TotalMilliseconds,
                    "Microseconds" => d.Ticks / 10,
                    "Nanoseconds" => d.Ticks * 100,
                    "String" => DurationString(d),
                    "Abs" => d.Duration(),
                    "Round" => Arg<TimeSpan>(args, 0, name) is var rd && rd.Ticks > 0 ? TimeSpan.FromTicks((long)Math.Round(d.Ticks / (double)rd.Ticks, MidpointRounding.AwayFromZero) * rd.Ticks) : d,
                    "Truncate" => Arg<TimeSpan>(args, 0, name) is var tr && tr.Ticks > 0 ? TimeSpan.FromTicks(d.Ticks - d.Ticks % tr.Ticks) : d,
                    _ => NoValue.Instance,
                };
                return result is not NoValue;
        }
        return false;
    }

    private static T Arg<T>(IReadOnlyList<object?> args, int i, string method)
    {
        if (i >= args.Count) throw new TemplateFunctionException($"wrong number of args for {method}: want {i + 1} got {args.Count}");
        if (typeof(T) == typeof(TimeSpan) && args[i] is long n) return (T)(object)TimeSpan.FromTicks(n / 100);
        return args[i] is T value
            ? value
            : throw new TemplateFunctionException($"wrong type for value; expected {GoName(typeof(T))}; got {GoValue.TypeName(args[i])}");
    }

    private static string GoName(Type t) =>
        t == typeof(string) ? "string" : t == typeof(long) ? "int" : t == typeof(TimeSpan) ? "time.Duration" : "time.Time";
}

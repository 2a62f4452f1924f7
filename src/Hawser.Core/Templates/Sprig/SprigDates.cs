using System.Globalization;

namespace Hawser.Templates;

/// <summary>Sprig's date functions with Go layouts, in the local zone of <see cref="GoTemplateOptions.TimeProvider"/>.</summary>
internal static class SprigDates
{
    public static IEnumerable<GoFunction> All() =>
    [
        GoFunction.Fixed("now", 0, c => c.Context.Now),
        GoFunction.Fixed("date", 2, c => GoTime.Format(Date(c, c.Any(1)), c.String(0))),
        GoFunction.Fixed("dateInZone", 3, c => GoTime.Format(InZone(Date(c, c.Any(1)), c.String(2)), c.String(0))),
        GoFunction.Fixed("date_in_zone", 3, c => GoTime.Format(InZone(Date(c, c.Any(1)), c.String(2)), c.String(0))),
        GoFunction.Fixed("htmlDate", 1, c => GoTime.Format(Date(c, c.Any(0)), "2006-01-02")),
        GoFunction.Fixed("htmlDateInZone", 2, c => GoTime.Format(InZone(Date(c, c.Any(0)), c.String(1)), "2006-01-02")),
        GoFunction.Fixed("dateModify", 2, c => Modify(c, false)),
        GoFunction.Fixed("date_modify", 2, c => Modify(c, false)),
        GoFunction.Fixed("mustDateModify", 2, c => Modify(c, true)),
        GoFunction.Fixed("must_date_modify", 2, c => Modify(c, true)),
        GoFunction.Fixed("toDate", 2, c => ToDate(c, false)),
        GoFunction.Fixed("mustToDate", 2, c => ToDate(c, true)),
        GoFunction.Fixed("unixEpoch", 1, c => Time(c, 0).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        GoFunction.Fixed("ago", 1, c => GoTime.DurationString(RoundToSecond(c.Context.Now - Date(c, c.Any(0))))),
        GoFunction.Fixed("duration", 1, c => GoTime.DurationString(TimeSpan.FromSeconds(SprigValues.ToInt64(c.Any(0))))),
        GoFunction.Fixed("durationRound", 1, c => DurationRound(c)),
    ];

    private static DateTimeOffset Time(FunctionCall c, int i) => c.Args[i] switch
    {
        DateTimeOffset t => t,
        var other => throw new GoArgumentException(i, $"wrong type for value; expected time.Time; got {GoValue.TypeName(other)}"),
    };

    /// <summary>Sprig's formatDate input: a time, or an int of Unix seconds; anything else is now, as in Sprig.</summary>
    private static DateTimeOffset Date(FunctionCall c, object? value) => value switch
    {
        DateTimeOffset t => TimeZoneInfo.ConvertTime(t, c.Context.Local),
        long seconds => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(seconds), c.Context.Local),
        _ => c.Context.Now,
    };

    private static DateTimeOffset InZone(DateTimeOffset t, string zone)
    {
        try
        {
            var info = zone is "" or "UTC" ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(zone);
            return TimeZoneInfo.ConvertTime(t, info);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return t.ToUniversalTime();
        }
    }

    private static object Modify(FunctionCall c, bool must)
    {
        var t = Time(c, 1);
        var d = ParseDuration(c.String(0));
        if (d is null)
        {
            if (must) throw new TemplateFunctionException($"time: invalid duration {GoFormat.Quote(c.String(0))}");
            return t;
        }
        return t + d.Value;
    }

    private static object ToDate(FunctionCall c, bool must)
    {
        try
        {
            return GoTime.Parse(c.String(0), c.String(1), c.Context.Local);
        }
        catch (FormatException e)
        {
            if (must) throw new TemplateFunctionException(e.Message);
            return new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero);
        }
    }

    private static TimeSpan RoundToSecond(TimeSpan d) =>
        TimeSpan.FromSeconds(Math.Round(d.TotalSeconds, MidpointRounding.AwayFromZero));

    /// <summary>Sprig's durationRound: the largest whole unit (y, mo, d, h, m, s) of a duration, a duration string
    /// or the time since a time.</summary>
    private static string DurationRound(FunctionCall c)
    {
        TimeSpan d = c.Any(0) switch
        {
            string s => ParseDuration(s) ?? TimeSpan.Zero,
            DateTimeOffset t => c.Context.Now - t,
            long n => TimeSpan.FromTicks(n / 100),
            double f => TimeSpan.FromTicks((long)(f / 100)),
            _ => TimeSpan.Zero,
        };
        var u = Math.Abs(d.Ticks) / TimeSpan.TicksPerSecond;
        var sign = d.Ticks < 0 ? "-" : "";
        const long Minute = 60, Hour = 3600, Day = 86400, Month = 30 * Day, Year = 365 * Day;
        return u switch
        {
            > Year => sign + (u / Year).ToString(CultureInfo.InvariantCulture) + "y",
            > Month => sign + (u / Month).ToString(CultureInfo.InvariantCulture) + "mo",
            > Day => sign + (u / Day).ToString(CultureInfo.InvariantCulture) + "d",
            > Hour => sign + (u / Hour).ToString(CultureInfo.InvariantCulture) + "h",
            > Minute => sign + (u / Minute).ToString(CultureInfo.InvariantCulture) + "m",
            > 0 => sign + u.ToString(CultureInfo.InvariantCulture) + "s",
            _ => "0s",
        };
    }

    /// <summary>Go's time.ParseDuration: <c>-1.5h</c>, <c>1h30m</c>, <c>300ms</c>; null when invalid.</summary>
    public static TimeSpan? ParseDuration(string s)
    {
        var text = s;
        var negative = false;
        if (text.StartsWith('-') || text.StartsWith('+'))
        {
            negative = text[0] == '-';
            text = text[1..];
        }
        if (text == "0") return TimeSpan.Zero;
        if (text.Length == 0) return null;
        decimal nanos = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            if (i == start || !decimal.TryParse(text[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)) return null;
            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.') i++;
            decimal? scale = text[unitStart..i] switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => null,
            };
            if (scale is null) return null;
            nanos += number * scale.Value;
        }
        var ticks = (long)(nanos / 100m);
        return TimeSpan.FromTicks(negative ? -ticks : ticks);
    }
}

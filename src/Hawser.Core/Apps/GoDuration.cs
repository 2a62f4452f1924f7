using System.Globalization;

namespace Hawser.Apps;

/// <summary>
/// Go's duration syntax as Argo CD reads it (<c>time.ParseDuration</c>): a sequence of decimal numbers with units
/// <c>ns</c>, <c>us</c>/<c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, e.g. <c>5s</c>, <c>1m30s</c>, <c>1.5h</c>.
/// A bare integer is seconds (Argo CD's fallback for retry backoff).
/// </summary>
internal static class GoDuration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        if (s.Length == 0) return false;
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return seconds >= 0;
        }
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0")
        {
            return true;
        }
        double totalTicks = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (start == i) return false;
            if (!double.TryParse(s[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return false;
            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.') i++;
            var ticksPerUnit = s[unitStart..i] switch
            {
                "ns" => 0.01,
                "us" or "µs" or "μs" => 10.0,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => -1.0,
            };
            if (ticksPerUnit < 0) return false;
            totalTicks += number * ticksPerUnit;
        }
        if (totalTicks > TimeSpan.MaxValue.Ticks) return false;
        value = TimeSpan.FromTicks((long)totalTicks);
        if (negative) value = -value;
        return !negative;
    }
}

using System.CommandLine;
using System.Globalization;

namespace Hawser.Cli.Commands;

/// <summary>
/// Durations as <c>argocd</c> takes them on its command line: Go's units with days added (<c>30s</c>, <c>90m</c>,
/// <c>12h</c>, <c>7d</c>, <c>1d12h</c>), or <c>0</c>.
/// </summary>
internal static class DurationText
{
    /// <summary>Parses <paramref name="text"/>; false when it is not such a duration.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        if (s == "0") return true;
        if (s.Length == 0) return false;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
            if (start == i || !double.TryParse(s[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return false;
            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i])) i++;
            TimeSpan unit;
            switch (s[unitStart..i])
            {
                case "ms": unit = TimeSpan.FromMilliseconds(1); break;
                case "s": unit = TimeSpan.FromSeconds(1); break;
                case "m": unit = TimeSpan.FromMinutes(1); break;
                case "h": unit = TimeSpan.FromHours(1); break;
                case "d": unit = TimeSpan.FromDays(1); break;
                default: return false;
            }
            var ticks = number * unit.Ticks;
            if (ticks > TimeSpan.MaxValue.Ticks - value.Ticks) return false;
            value += TimeSpan.FromTicks((long)ticks);
        }
        return true;
    }

    /// <summary>An option holding such a duration; a bad value is a usage error naming the option.</summary>
    public static Option<TimeSpan?> Option(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (TryParse(text, out var value)) return value;
            result.AddError($"{name}: \"{text}\" is not a duration (use e.g. 30m, 12h, 7d or 0)");
            return null;
        },
    };

    /// <summary>A duration for people: <c>90d</c>, <c>12h</c>, <c>1d12h</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero) return "0";
        var parts = new List<string>();
        if (value.Days > 0) parts.Add($"{value.Days}d");
        if (value.Hours > 0) parts.Add($"{value.Hours}h");
        if (value.Minutes > 0) parts.Add($"{value.Minutes}m");
        if (value.Seconds > 0) parts.Add($"{value.Seconds}s");
        return parts.Count == 0 ? $"{value.TotalMilliseconds:0}ms" : string.Join("", parts);
    }
}

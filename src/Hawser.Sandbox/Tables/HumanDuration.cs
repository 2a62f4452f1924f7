using System.Globalization;

namespace Hawser.Sandbox.Tables;

/// <summary>Ages as kubectl shows them ("0s", "5m10s", "3h", "2d4h"), following apimachinery's <c>duration.HumanDuration</c>.</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < -1) return "<invalid>";
        if (seconds < 0) return "0s";
        if (seconds < 120) return F($"{seconds}s");
        var minutes = (long)d.TotalMinutes;
        if (minutes < 10) return seconds % 60 == 0 ? F($"{minutes}m") : F($"{minutes}m{seconds % 60}s");
        if (minutes < 180) return F($"{minutes}m");
        var hours = (long)d.TotalHours;
        if (hours < 8) return minutes % 60 == 0 ? F($"{hours}h") : F($"{hours}h{minutes % 60}m");
        if (hours < 48) return F($"{hours}h");
        if (hours < 24 * 8) return hours % 24 == 0 ? F($"{hours / 24}d") : F($"{hours / 24}d{hours % 24}h");
        if (hours < 24 * 365 * 2) return F($"{hours / 24}d");
        if (hours < 24 * 365 * 8) return (hours / 24) % 365 == 0 ? F($"{hours / 24 / 365}y") : F($"{hours / 24 / 365}y{(hours / 24) % 365}d");
        return F($"{hours / 24 / 365}y");
    }

    /// <summary>The age of an RFC 3339 timestamp, or "&lt;unknown&gt;".</summary>
    public static string Since(string? timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? Format(now - t) : "<unknown>";

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using Cronos;

namespace Hawser.Apps;

/// <summary>Reads one entry of an AppProject's spec.syncWindows; errors name the field.</summary>
internal static class SyncWindowReader
{
    public static SyncWindow? Read(FieldCursor w, int index)
    {
        var kindText = w.NonEmptyString("kind", required: true);
        var scheduleText = w.NonEmptyString("schedule", required: true);
        var durationText = w.NonEmptyString("duration", required: true);
        var applications = w.StringList("applications");
        var namespaces = w.StringList("namespaces");
        var clusters = w.StringList("clusters");
        var manual = w.Bool("manualSync");
        var zoneText = w.String("timeZone");
        if (w.Has("andOperator")) w.Unsupported("andOperator", "not supported: the window concerns an app when any of applications, namespaces or clusters matches");
        w.Skip("description");
        w.Finish();

        SyncWindowKind? kind = kindText switch
        {
            "allow" => SyncWindowKind.Allow,
            "deny" => SyncWindowKind.Deny,
            null => null,
            _ => null,
        };
        if (kindText is not null && kind is null) w.Error("kind", $"'{kindText}' is neither allow nor deny");
        CronExpression? schedule = null;
        if (scheduleText is not null)
        {
            try
            {
                schedule = CronExpression.Parse(scheduleText, CronFormat.Standard);
            }
            catch (CronFormatException e)
            {
                w.Error("schedule", $"'{scheduleText}' is not a cron schedule of five fields: {e.Message}");
            }
        }
        TimeSpan duration = default;
        if (durationText is not null && (!GoDuration.TryParse(durationText, out duration) || duration <= TimeSpan.Zero))
            w.Error("duration", $"'{durationText}' is not a positive duration such as 1h or 30m");
        var zone = TimeZoneInfo.Utc;
        if (zoneText is { Length: > 0 } && !TimeZoneInfo.TryFindSystemTimeZoneById(zoneText, out zone!))
        {
            w.Error("timeZone", $"unknown time zone '{zoneText}' (an IANA name such as Europe/Paris)");
            zone = TimeZoneInfo.Utc;
        }
        if (kind is null || schedule is null || duration <= TimeSpan.Zero) return null;
        return new SyncWindow(kind.Value, scheduleText!, schedule, duration, applications, namespaces, clusters, manual, zone, index);
    }
}

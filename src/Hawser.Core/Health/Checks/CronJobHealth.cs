using System.Globalization;
using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>batch/CronJob: suspended is Suspended; a last scheduled run that did not succeed and has no active job is Degraded.</summary>
internal static class CronJobHealth
{
    public static HealthResult Assess(KubeObject obj)
    {
        var body = obj.Body;
        if (Fields.Bool(body, "spec", "suspend")) return HealthResult.Suspended("CronJob is suspended");

        var lastSchedule = ParseTime(Fields.Str(body, "status", "lastScheduleTime"));
        if (lastSchedule is null) return HealthResult.Healthy("CronJob has not been scheduled yet");

        var lastSuccess = ParseTime(Fields.Str(body, "status", "lastSuccessfulTime"));
        var active = Fields.Objects(body, "status", "active").Count();
        if (active > 0) return HealthResult.Healthy($"CronJob has {active} active job(s)");
        if (lastSuccess is null || lastSuccess < lastSchedule)
            return HealthResult.Degraded("CronJob has not completed its last execution successfully");
        return HealthResult.Healthy($"CronJob last succeeded at {Fields.Str(body, "status", "lastSuccessfulTime")}");
    }

    private static DateTimeOffset? ParseTime(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}

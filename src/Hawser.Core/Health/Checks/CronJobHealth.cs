using System.Globalization;
using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// batch/CronJob, as Argo CD's bundled check: suspended is Suspended; a last scheduled run that did not succeed while no
/// job is active is Degraded; a CronJob that never ran, never succeeded yet, or is running is given the benefit of the doubt.
/// </summary>
internal static class CronJobHealth
{
    public static HealthResult Assess(KubeObject obj)
    {
        var body = obj.Body;
        if (Fields.Bool(body, "spec", "suspend")) return HealthResult.Suspended("CronJob is Suspended");
        if (Fields.At(body, "status") is null) return HealthResult.Progressing("Waiting for CronJob");

        var lastSchedule = ParseTime(Fields.Str(body, "status", "lastScheduleTime"));
        if (lastSchedule is null) return HealthResult.Healthy("CronJob has not been scheduled yet");

        var lastSuccess = ParseTime(Fields.Str(body, "status", "lastSuccessfulTime"));
        if (lastSuccess is null) return HealthResult.Healthy("The CronJob never completed successfully. It may not be healthy");
        if (Fields.Objects(body, "status", "active").Any())
            return HealthResult.Healthy("The job is running. Its last execution may not have been successful");
        if (lastSuccess < lastSchedule)
            return HealthResult.Degraded("CronJob has not completed its last execution successfully");
        return HealthResult.Healthy("CronJob has completed its last execution successfully");
    }

    private static DateTimeOffset? ParseTime(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}

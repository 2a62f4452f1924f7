using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// argoproj.io Rollout: the controller sums up its rollout in <c>status.phase</c> (Healthy, Progressing, Paused, Degraded)
/// and <c>status.message</c>. Paused is Suspended; an unobserved generation or no phase yet is Progressing.
/// </summary>
internal static class RolloutHealth
{
    public static HealthResult Assess(KubeObject obj)
    {
        var body = obj.Body;
        var observed = Fields.Str(body, "status", "observedGeneration");
        var generation = Fields.Int(body, "metadata", "generation");
        if (observed.Length > 0 && generation is { } g && long.TryParse(observed, System.Globalization.CultureInfo.InvariantCulture, out var o) && o < g)
            return HealthResult.Progressing("Waiting for the rollout spec update to be observed");
        var message = Fields.Str(body, "status", "message");
        return Fields.Str(body, "status", "phase") switch
        {
            "Healthy" => HealthResult.Healthy(message),
            "Paused" => HealthResult.Suspended(message.Length > 0 ? message : "Rollout is paused"),
            "Degraded" => HealthResult.Degraded(message),
            "Progressing" => HealthResult.Progressing(message),
            _ => HealthResult.Progressing("Waiting for rollout status"),
        };
    }
}

using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// Argo CD's own kinds when an app deploys them (app of apps). An Application reports its health in
/// <c>status.health.status</c> (Healthy, Progressing, Degraded, Suspended, Missing, Unknown), taken as given; without it
/// the child has not been reconciled yet (Progressing). An ApplicationSet is Degraded while <c>ErrorOccurred=True</c>,
/// Healthy once <c>ResourcesUpToDate=True</c>, Progressing before.
/// </summary>
internal static class ArgoCdHealth
{
    public static HealthResult Application(KubeObject obj)
    {
        var message = Fields.Str(obj.Body, "status", "health", "message");
        return Fields.Str(obj.Body, "status", "health", "status") switch
        {
            "Healthy" => HealthResult.Healthy(message),
            "Suspended" => HealthResult.Suspended(message),
            "Degraded" => HealthResult.Degraded(message),
            "Missing" => new HealthResult(HealthStatus.Missing, message),
            "Unknown" => HealthResult.Unknown(message),
            "Progressing" => HealthResult.Progressing(message),
            _ => HealthResult.Progressing("Waiting for the application to be reconciled"),
        };
    }

    public static HealthResult ApplicationSet(KubeObject obj)
    {
        if (Fields.FindCondition(obj.Body, "ErrorOccurred") is { IsTrue: true } error) return HealthResult.Degraded(ConditionRules.Describe(error));
        if (Fields.FindCondition(obj.Body, "ResourcesUpToDate") is { IsTrue: true } upToDate) return HealthResult.Healthy(upToDate.Message);
        return HealthResult.Progressing("Waiting for the application set to generate its applications");
    }
}

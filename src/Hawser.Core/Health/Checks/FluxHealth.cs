using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// Flux objects (Kustomization, HelmRelease, GitRepository), as Flux documents its kstatus-compatible conditions:
/// <c>spec.suspend: true</c> is Suspended; an unobserved generation, <c>Reconciling=True</c> or no <c>Ready</c> yet is
/// Progressing; <c>Stalled=True</c> or <c>Ready=False</c> is Degraded; <c>Ready=True</c> is Healthy.
/// </summary>
internal static class FluxHealth
{
    public static HealthResult Assess(KubeObject obj)
    {
        var body = obj.Body;
        if (Fields.Bool(body, "spec", "suspend")) return HealthResult.Suspended($"{obj.Kind} is suspended");
        if (ConditionRules.NotObserved(body) is { } waiting) return waiting;
        if (Fields.FindCondition(body, "Stalled") is { IsTrue: true } stalled) return HealthResult.Degraded(ConditionRules.Describe(stalled));
        if (Fields.FindCondition(body, "Reconciling") is { IsTrue: true } reconciling) return HealthResult.Progressing(ConditionRules.Describe(reconciling));
        return ConditionRules.ByCondition(Fields.FindCondition(body, "Ready"), "Waiting for the first reconciliation");
    }
}

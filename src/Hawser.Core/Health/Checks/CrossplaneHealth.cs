using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// Crossplane managed resources, claims and composites (any group ending in <c>crossplane.io</c>, and any object whose
/// conditions have Crossplane's shape: both <c>Synced</c> and <c>Ready</c>). <c>Synced=False</c> (the provider could not
/// reconcile, reason ReconcileError) is Degraded; <c>Ready=True</c> is Healthy; <c>Ready=False</c> is Degraded when the
/// resource is Unavailable and Progressing while Creating or Deleting; no conditions yet is Progressing.
/// </summary>
internal static class CrossplaneHealth
{
    private const string GroupSuffix = "crossplane.io";

    /// <summary>True for the groups this check covers by name.</summary>
    public static bool CoversGroup(string group) => group == GroupSuffix || group.EndsWith("." + GroupSuffix, StringComparison.Ordinal);

    /// <summary>True when the object reports both Synced and Ready, as every Crossplane resource does.</summary>
    public static bool HasCrossplaneConditions(KubeObject obj) =>
        Fields.FindCondition(obj.Body, "Synced") is not null && Fields.FindCondition(obj.Body, "Ready") is not null;

    public static HealthResult Assess(KubeObject obj)
    {
        var body = obj.Body;
        if (Fields.FindCondition(body, "Synced") is { IsFalse: true } synced) return HealthResult.Degraded(ConditionRules.Describe(synced));
        var ready = Fields.FindCondition(body, "Ready");
        if (ready is { IsFalse: true } && ready.Reason != "Unavailable") return HealthResult.Progressing(ConditionRules.Describe(ready));
        return ConditionRules.ByCondition(ready, "Waiting for the resource to be reconciled");
    }
}

using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// Operators that report through conditions of their own:
/// <list type="bullet">
/// <item>keda.sh ScaledObject: <c>Paused=True</c> is Suspended, then <c>Ready</c> decides.</item>
/// <item>monitoring.coreos.com Prometheus and Alertmanager: <c>spec.paused</c> is Suspended; <c>Reconciled=False</c> is
/// Degraded; <c>Available</c> True is Healthy, False or Degraded is Degraded.</item>
/// <item>postgresql.cnpg.io Cluster: <c>Ready=True</c> is Healthy; otherwise its <c>status.phase</c> says what it is doing
/// (Progressing), unless the phase reports a failure (Degraded).</item>
/// <item>kafka.strimzi.io Kafka: <c>Ready=True</c> is Healthy; <c>NotReady=True</c> is Progressing while creating or
/// rolling, Degraded when its reason is an error (Strimzi puts the exception's name there).</item>
/// </list>
/// Each waits (Progressing) until its controller has observed the object and reported.
/// </summary>
internal static class OperatorHealth
{
    public static HealthResult ScaledObject(KubeObject obj)
    {
        if (Fields.FindCondition(obj.Body, "Paused") is { IsTrue: true } paused) return HealthResult.Suspended(ConditionRules.Describe(paused));
        return ConditionRules.NotObserved(obj.Body) ?? ConditionRules.ByCondition(Fields.FindCondition(obj.Body, "Ready"), "Waiting for KEDA to pick up the ScaledObject");
    }

    public static HealthResult PrometheusOperator(KubeObject obj)
    {
        var body = obj.Body;
        if (Fields.Bool(body, "spec", "paused")) return HealthResult.Suspended($"{obj.Kind} reconciliation is paused");
        if (ConditionRules.NotObserved(body) is { } waiting) return waiting;
        if (Fields.FindCondition(body, "Reconciled") is { IsFalse: true } failed) return HealthResult.Degraded(ConditionRules.Describe(failed));
        var available = Fields.FindCondition(body, "Available");
        if (available is { Status: "Degraded" }) return HealthResult.Degraded(ConditionRules.Describe(available));
        return ConditionRules.ByCondition(available, $"Waiting for the {obj.Kind} pods to be available");
    }

    public static HealthResult CloudNativePgCluster(KubeObject obj)
    {
        var body = obj.Body;
        if (Fields.FindCondition(body, "Ready") is { IsTrue: true } ready) return HealthResult.Healthy(ready.Message);
        var phase = Fields.Str(body, "status", "phase");
        var reason = Fields.Str(body, "status", "phaseReason");
        var message = reason.Length > 0 ? $"{phase}: {reason}" : phase;
        if (phase.Length == 0) return HealthResult.Progressing("Waiting for the cluster to be set up");
        return phase.Contains("fail", StringComparison.OrdinalIgnoreCase) || phase.Contains("error", StringComparison.OrdinalIgnoreCase)
            ? HealthResult.Degraded(message)
            : HealthResult.Progressing(message);
    }

    public static HealthResult StrimziKafka(KubeObject obj)
    {
        var body = obj.Body;
        if (ConditionRules.NotObserved(body) is { } waiting) return waiting;
        if (Fields.FindCondition(body, "Ready") is { IsTrue: true } ready) return HealthResult.Healthy(ready.Message);
        if (Fields.FindCondition(body, "NotReady") is { IsTrue: true } notReady)
        {
            return notReady.Reason.EndsWith("Exception", StringComparison.Ordinal) || notReady.Reason.EndsWith("Error", StringComparison.Ordinal)
                ? HealthResult.Degraded(ConditionRules.Describe(notReady))
                : HealthResult.Progressing(ConditionRules.Describe(notReady));
        }
        return HealthResult.Progressing("Waiting for the Kafka cluster to be ready");
    }
}

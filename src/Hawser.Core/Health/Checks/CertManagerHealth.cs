using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// cert-manager.io Certificate (cert-manager's documented conditions): <c>Ready=True</c> is Healthy; while <c>Issuing=True</c>
/// the certificate is being (re)issued, Progressing; <c>Ready=False</c> otherwise is Degraded; no Ready yet is Progressing.
/// </summary>
internal static class CertManagerHealth
{
    public static HealthResult Certificate(KubeObject obj)
    {
        if (ConditionRules.NotObserved(obj.Body) is { } waiting) return waiting;
        var ready = Fields.FindCondition(obj.Body, "Ready");
        if (ready is { IsTrue: true }) return HealthResult.Healthy(ready.Message);
        if (Fields.FindCondition(obj.Body, "Issuing") is { IsTrue: true } issuing) return HealthResult.Progressing(ConditionRules.Describe(issuing));
        return ConditionRules.ByCondition(ready, "Waiting for the certificate to be issued");
    }
}

using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// Kinds whose controller reports one condition that says it all (True Healthy, False Degraded, absent or Unknown
/// Progressing), after the generation check: cert-manager Issuer and ClusterIssuer (<c>Ready</c>), External Secrets
/// SecretStore and ClusterSecretStore (<c>Ready</c>), Bitnami SealedSecret (<c>Synced</c>).
/// </summary>
internal static class ReadyConditionHealth
{
    public static Func<KubeObject, HealthResult> For(string conditionType, string waiting) => obj =>
        ConditionRules.NotObserved(obj.Body) ?? ConditionRules.ByCondition(Fields.FindCondition(obj.Body, conditionType), waiting);
}

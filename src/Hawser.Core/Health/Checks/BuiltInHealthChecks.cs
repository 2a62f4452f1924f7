using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// The built-in checks, one per group and kind: Kubernetes' own kinds and the custom resources real clusters run
/// (cert-manager, Sealed Secrets, External Secrets, Argo Rollouts and Argo CD, Gateway API, Flux, KEDA, Prometheus Operator,
/// CloudNativePG, Strimzi, Crossplane by group suffix). Kinds without one fall back to <see cref="GenericHealth"/>.
/// </summary>
internal static class BuiltInHealthChecks
{
    private static readonly Dictionary<GroupKind, Func<KubeObject, HealthResult>> Checks = new()
    {
        [new("apps", "Deployment")] = DeploymentHealth.Assess,
        [new("extensions", "Deployment")] = DeploymentHealth.Assess,
        [new("apps", "StatefulSet")] = StatefulSetHealth.Assess,
        [new("apps", "DaemonSet")] = DaemonSetHealth.Assess,
        [new("extensions", "DaemonSet")] = DaemonSetHealth.Assess,
        [new("apps", "ReplicaSet")] = ReplicaSetHealth.Assess,
        [new("extensions", "ReplicaSet")] = ReplicaSetHealth.Assess,
        [new("", "Pod")] = PodHealth.Assess,
        [new("", "PersistentVolumeClaim")] = CoreKindsHealth.PersistentVolumeClaim,
        [new("", "Service")] = CoreKindsHealth.Service,
        [new("", "Namespace")] = CoreKindsHealth.Namespace,
        [new("networking.k8s.io", "Ingress")] = CoreKindsHealth.Ingress,
        [new("extensions", "Ingress")] = CoreKindsHealth.Ingress,
        [new("batch", "Job")] = JobHealth.Assess,
        [new("batch", "CronJob")] = CronJobHealth.Assess,
        [new("autoscaling", "HorizontalPodAutoscaler")] = HorizontalPodAutoscalerHealth.Assess,
        [new("apiregistration.k8s.io", "APIService")] = ApiServiceHealth.Assess,
        [new("apiextensions.k8s.io", "CustomResourceDefinition")] = CustomResourceDefinitionHealth.Assess,
        [new("cert-manager.io", "Certificate")] = CertManagerHealth.Certificate,
        [new("cert-manager.io", "Issuer")] = ReadyConditionHealth.For("Ready", "Waiting for the issuer to be registered"),
        [new("cert-manager.io", "ClusterIssuer")] = ReadyConditionHealth.For("Ready", "Waiting for the issuer to be registered"),
        [new("bitnami.com", "SealedSecret")] = ReadyConditionHealth.For("Synced", "Waiting for the secret to be unsealed"),
        [new("external-secrets.io", "ExternalSecret")] = ReadyConditionHealth.For("Ready", "Waiting for the secret to be synced"),
        [new("external-secrets.io", "SecretStore")] = ReadyConditionHealth.For("Ready", "Waiting for the store to be validated"),
        [new("external-secrets.io", "ClusterSecretStore")] = ReadyConditionHealth.For("Ready", "Waiting for the store to be validated"),
        [new("argoproj.io", "Rollout")] = RolloutHealth.Assess,
        [new("argoproj.io", "Application")] = ArgoCdHealth.Application,
        [new("argoproj.io", "ApplicationSet")] = ArgoCdHealth.ApplicationSet,
        [new("gateway.networking.k8s.io", "Gateway")] = GatewayApiHealth.Gateway,
        [new("gateway.networking.k8s.io", "HTTPRoute")] = GatewayApiHealth.Route,
        [new("gateway.networking.k8s.io", "GRPCRoute")] = GatewayApiHealth.Route,
        [new("kustomize.toolkit.fluxcd.io", "Kustomization")] = FluxHealth.Assess,
        [new("helm.toolkit.fluxcd.io", "HelmRelease")] = FluxHealth.Assess,
        [new("source.toolkit.fluxcd.io", "GitRepository")] = FluxHealth.Assess,
        [new("keda.sh", "ScaledObject")] = OperatorHealth.ScaledObject,
        [new("monitoring.coreos.com", "Prometheus")] = OperatorHealth.PrometheusOperator,
        [new("monitoring.coreos.com", "Alertmanager")] = OperatorHealth.PrometheusOperator,
        [new("postgresql.cnpg.io", "Cluster")] = OperatorHealth.CloudNativePgCluster,
        [new("kafka.strimzi.io", "Kafka")] = OperatorHealth.StrimziKafka,
    };

    /// <summary>The built-in check for a kind (Crossplane's by group suffix), or null when it has none.</summary>
    public static Func<KubeObject, HealthResult>? Find(GroupKind groupKind) =>
        Checks.GetValueOrDefault(groupKind) ?? (CrossplaneHealth.CoversGroup(groupKind.Group) ? CrossplaneHealth.Assess : null);

    /// <summary>The kinds with a built-in check, sorted, for documentation and tests.</summary>
    public static IReadOnlyList<GroupKind> Kinds =>
        Checks.Keys.OrderBy(k => k.Group, StringComparer.Ordinal).ThenBy(k => k.Kind, StringComparer.Ordinal).ToList();
}

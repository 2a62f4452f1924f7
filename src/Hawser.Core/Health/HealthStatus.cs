namespace Hawser.Health;

/// <summary>
/// How healthy a live object is, in Argo CD's vocabulary. The declaration order is the severity order used to find
/// the worst health of an application: Healthy &lt; Suspended &lt; Progressing &lt; Missing &lt; Degraded &lt; Unknown
/// (see <see cref="HealthAggregation"/>).
/// </summary>
/// <remarks>
/// <para>The Health stage answers one question per live object: is it doing what it was asked to do?</para>
/// <list type="bullet">
/// <item>An object being deleted (it has <c>metadata.deletionTimestamp</c>) is <see cref="Progressing"/>.</item>
/// <item>Otherwise a custom check registered for the object's group and kind wins (Lua scripts in Argo CD's
/// <c>resource.customizations.health.&lt;group&gt;_&lt;Kind&gt;</c> form, see <see cref="CustomHealthChecks"/>).</item>
/// <item>Otherwise a built-in check for the kind (Deployment, StatefulSet, DaemonSet, ReplicaSet, Pod, Job, CronJob,
/// PersistentVolumeClaim, Service, Ingress, HorizontalPodAutoscaler, APIService, CustomResourceDefinition, Namespace).</item>
/// <item>Otherwise generic rules for any kind: a lagging <c>status.observedGeneration</c> is Progressing, and the
/// <c>Ready</c> or <c>Available</c> condition decides.</item>
/// <item>Kinds with none of these (ConfigMap, Secret, RBAC...) have no health: the assessor returns null and
/// aggregation ignores them, as Argo CD does.</item>
/// </list>
/// </remarks>
public enum HealthStatus
{
    /// <summary>The object is doing what it was asked to do.</summary>
    Healthy,

    /// <summary>The object is paused or suspended on purpose (a paused Deployment, a suspended CronJob or Job).</summary>
    Suspended,

    /// <summary>The object is on its way to healthy: a rollout, a pending volume, a load balancer being provisioned.</summary>
    Progressing,

    /// <summary>The object is declared but does not exist in the cluster (set by callers that compare desired and live).</summary>
    Missing,

    /// <summary>The object failed: a crashing container, a failed Job, an exceeded progress deadline.</summary>
    Degraded,

    /// <summary>The health could not be assessed, for example because a custom health script failed.</summary>
    Unknown,
}

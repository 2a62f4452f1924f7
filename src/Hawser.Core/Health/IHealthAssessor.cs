using Hawser.Manifests;

namespace Hawser.Health;

/// <summary>
/// Assesses the health of live objects. Create one with <see cref="HealthAssessor.Create"/>; it is thread-safe and
/// never throws for a malformed object (a failing custom script yields <see cref="HealthStatus.Unknown"/>).
/// </summary>
public interface IHealthAssessor
{
    /// <summary>
    /// The health of <paramref name="live"/>, or null when its kind has no notion of health (ConfigMap, Secret,
    /// RoleBinding...). Callers leave null results out of an application's health, as Argo CD does.
    /// </summary>
    HealthResult? Assess(KubeObject live);
}

using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>apiregistration.k8s.io/APIService: the Available condition decides; without it, Progressing.</summary>
internal static class ApiServiceHealth
{
    public static HealthResult Assess(KubeObject obj)
    {
        if (Fields.FindCondition(obj.Body, "Available") is { } available)
        {
            var message = $"{available.Reason}: {available.Message}";
            return available.IsTrue ? HealthResult.Healthy(message) : HealthResult.Progressing(message);
        }
        return HealthResult.Progressing("Waiting to be processed");
    }
}

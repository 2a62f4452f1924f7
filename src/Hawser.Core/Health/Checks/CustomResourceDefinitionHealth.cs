using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>apiextensions.k8s.io/CustomResourceDefinition: names accepted, established, and a structural schema.</summary>
internal static class CustomResourceDefinitionHealth
{
    public static HealthResult Assess(KubeObject obj)
    {
        var conditions = Fields.Conditions(obj.Body);
        if (conditions.Count == 0) return HealthResult.Progressing("Status conditions not found");

        foreach (var condition in conditions)
        {
            switch (condition.Type)
            {
                case "NamesAccepted" when condition.IsFalse:
                    return HealthResult.Degraded($"CRD names have not been accepted: {condition.Message}");
                case "NonStructuralSchema" when condition.IsTrue:
                    return HealthResult.Degraded($"Schema is not structural: {condition.Message}");
                case "Terminating" when condition.IsTrue:
                    return HealthResult.Progressing($"CRD is terminating: {condition.Message}");
            }
        }

        var established = conditions.FirstOrDefault(c => c.Type == "Established");
        if (established is null || !established.IsTrue)
            return HealthResult.Progressing("CRD is not established yet");
        return HealthResult.Healthy("CRD is healthy");
    }
}

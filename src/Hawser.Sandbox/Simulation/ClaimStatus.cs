using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Simulation;

/// <summary>PersistentVolumeClaims bind (<c>phase: Bound</c>, the requested capacity and access modes), unless asked to fail or wait: then they stay Pending.</summary>
internal static class ClaimStatus
{
    public static bool PersistentVolumeClaim(JsonObject obj, DateTimeOffset now)
    {
        if (SimulateAnnotation.OutcomeOf(obj) != SimulatedOutcome.Succeed) return ObjectFields.SetStatus(obj, new JsonObject { ["phase"] = "Pending" });
        var status = new JsonObject { ["phase"] = "Bound" };
        if (obj["spec"]?["accessModes"] is JsonArray modes) status["accessModes"] = modes.DeepClone();
        if (obj["spec"]?["resources"]?["requests"]?["storage"] is { } storage) status["capacity"] = new JsonObject { ["storage"] = storage.DeepClone() };
        return ObjectFields.SetStatus(obj, status);
    }
}

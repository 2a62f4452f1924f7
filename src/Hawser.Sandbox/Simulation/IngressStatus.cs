using System.Text.Json.Nodes;
using static Hawser.Sandbox.Simulation.ObjectFields;

namespace Hawser.Sandbox.Simulation;

/// <summary>Ingresses get a load-balancer address (172.21.0.0/16, stable per namespace/name) as an ingress controller would publish it.</summary>
internal static class IngressStatus
{
    public static bool Ingress(JsonObject obj, DateTimeOffset now)
    {
        if (SimulateAnnotation.OutcomeOf(obj) != SimulatedOutcome.Succeed) return false;
        var hash = Hash($"{Namespace(obj)}/{Name(obj)}");
        var status = new JsonObject
        {
            ["loadBalancer"] = new JsonObject
            {
                ["ingress"] = new JsonArray(new JsonObject { ["ip"] = $"172.21.{(hash >> 8) & 0xFF}.{1 + (hash & 0xFF) % 254}" }),
            },
        };
        return SetStatus(obj, status);
    }
}

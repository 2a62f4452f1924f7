using System.Text.Json.Nodes;
using static Hawser.Sandbox.Simulation.ObjectFields;

namespace Hawser.Sandbox.Simulation;

/// <summary>
/// Services get a cluster IP in 10.96.0.0/16 (stable per namespace/name; headless and ExternalName Services get none) and
/// LoadBalancer Services an ingress IP in 172.20.0.0/16, as a cloud load balancer would report.
/// </summary>
internal static class ServiceAddresses
{
    public static bool Service(JsonObject obj, DateTimeOffset now)
    {
        if (obj["spec"] is not JsonObject spec) return false;
        var type = StatusConditions.Text(spec["type"]);
        if (type == "ExternalName") return false;
        var changed = false;
        var hash = Hash($"{Namespace(obj)}/{Name(obj)}");
        if (StatusConditions.Text(spec["clusterIP"]).Length == 0)
        {
            var ip = Address(10, 96, hash);
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = new JsonArray(ip);
            changed = true;
        }
        if (type == "LoadBalancer")
        {
            var ingress = new JsonObject { ["ingress"] = new JsonArray(new JsonObject { ["ip"] = Address(172, 20, hash >> 16), ["ipMode"] = "VIP" }) };
            if (!JsonNode.DeepEquals(obj["status"]?["loadBalancer"], ingress))
            {
                if (obj["status"] is not JsonObject status)
                {
                    status = [];
                    obj["status"] = status;
                }
                status["loadBalancer"] = ingress;
                changed = true;
            }
        }
        return changed;
    }

    /// <summary>An address a.b.x.y with x.y from the hash, avoiding .0 and .255 in the last octet.</summary>
    private static string Address(int a, int b, uint hash) => $"{a}.{b}.{(hash >> 8) & 0xFF}.{1 + (hash & 0xFF) % 254}";
}

using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;

namespace Hawser.Sandbox.Writes;

/// <summary>
/// The most visible defaults the real API server fills in, so objects read back as they would from a cluster:
/// Service <c>type</c>, <c>sessionAffinity</c>, port <c>protocol</c> and <c>targetPort</c>; container port <c>protocol</c>
/// and <c>imagePullPolicy</c>; Deployment <c>replicas</c>, <c>strategy</c>, <c>revisionHistoryLimit</c> and
/// <c>progressDeadlineSeconds</c>. Only absent fields are set; nothing the client sent is changed.
/// </summary>
internal static class Defaults
{
    public static void Apply(ResourceType type, JsonObject body)
    {
        if (type.IsCustom) return;
        var spec = body["spec"] as JsonObject;
        if (spec is null) return;
        switch (type.Group, type.Kind)
        {
            case ("", "Service"):
                Service(spec);
                break;
            case ("", "Pod"):
                PodSpec(spec);
                break;
            case ("apps", "Deployment"):
                spec.TryAdd("replicas", 1);
                spec.TryAdd("revisionHistoryLimit", 10);
                spec.TryAdd("progressDeadlineSeconds", 600);
                if (spec["strategy"] is null)
                {
                    spec["strategy"] = new JsonObject
                    {
                        ["type"] = "RollingUpdate",
                        ["rollingUpdate"] = new JsonObject { ["maxUnavailable"] = "25%", ["maxSurge"] = "25%" },
                    };
                }
                Template(spec);
                break;
            case ("apps", "StatefulSet" or "ReplicaSet"):
                spec.TryAdd("replicas", 1);
                Template(spec);
                break;
            case ("apps", "DaemonSet") or ("batch", "Job"):
                Template(spec);
                break;
        }
    }

    private static void Service(JsonObject spec)
    {
        spec.TryAdd("type", "ClusterIP");
        spec.TryAdd("sessionAffinity", "None");
        foreach (var port in (spec["ports"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            port.TryAdd("protocol", "TCP");
            if (port["targetPort"] is null && port["port"] is { } number) port["targetPort"] = number.DeepClone();
        }
    }

    private static void Template(JsonObject spec)
    {
        if (spec["template"]?["spec"] is JsonObject podSpec) PodSpec(podSpec);
    }

    private static void PodSpec(JsonObject podSpec)
    {
        foreach (var list in new[] { "containers", "initContainers" })
        {
            foreach (var container in (podSpec[list] as JsonArray)?.OfType<JsonObject>() ?? [])
            {
                if (container["imagePullPolicy"] is null && container["image"] is JsonValue image && image.TryGetValue<string>(out var reference))
                    container["imagePullPolicy"] = PullPolicy(reference);
                foreach (var port in (container["ports"] as JsonArray)?.OfType<JsonObject>() ?? []) port.TryAdd("protocol", "TCP");
            }
        }
    }

    /// <summary><c>Always</c> for <c>:latest</c> or untagged images, <c>IfNotPresent</c> otherwise (digests included).</summary>
    private static string PullPolicy(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal)) return "IfNotPresent";
        var lastSlash = image.LastIndexOf('/');
        var colon = image.IndexOf(':', lastSlash + 1);
        return colon < 0 || image[(colon + 1)..] == "latest" ? "Always" : "IfNotPresent";
    }
}

using System.Text.Json.Nodes;
using static Hawser.Sandbox.Simulation.ObjectFields;

namespace Hawser.Sandbox.Simulation;

/// <summary>
/// Pods, as a kubelet would report them: with <c>restartPolicy: Always</c> (the default) Running and Ready; with
/// <c>Never</c>/<c>OnFailure</c> (hook and one-shot Pods) Succeeded, every container terminated with exit code 0.
/// Asked to fail, a run-once Pod ends Failed (exit code 1) and a long-running one stays Running but not Ready.
/// </summary>
internal static class PodStatus
{
    public static bool Pod(JsonObject obj, DateTimeOffset now)
    {
        var time = Time(now);
        var old = obj["status"] as JsonObject;
        var start = StatusConditions.Text(old?["startTime"]) is { Length: > 0 } s ? s : time;
        var runOnce = StatusConditions.Text(obj["spec"]?["restartPolicy"]) is "Never" or "OnFailure";
        var outcome = SimulateAnnotation.OutcomeOf(obj);
        var finished = runOnce && outcome != SimulatedOutcome.Pending;
        var failed = outcome == SimulatedOutcome.Fail;
        var ready = !runOnce && outcome == SimulatedOutcome.Succeed;
        var phase = finished ? failed ? "Failed" : "Succeeded" : outcome == SimulatedOutcome.Pending && runOnce ? "Pending" : "Running";
        var hash = Hash($"{Namespace(obj)}/{Name(obj)}");

        var containers = new JsonArray();
        foreach (var container in (obj["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var previous = (old?["containerStatuses"] as JsonArray)?.OfType<JsonObject>()
                .FirstOrDefault(c => StatusConditions.Text(c["name"]) == StatusConditions.Text(container["name"]));
            var startedAt = StatusConditions.Text(previous?["state"]?["running"]?["startedAt"]) is { Length: > 0 } r ? r
                : StatusConditions.Text(previous?["state"]?["terminated"]?["startedAt"]) is { Length: > 0 } t ? t : time;
            JsonObject state = finished
                ? new JsonObject
                {
                    ["terminated"] = new JsonObject
                    {
                        ["exitCode"] = failed ? 1L : 0L,
                        ["reason"] = failed ? "Error" : "Completed",
                        ["startedAt"] = startedAt,
                        ["finishedAt"] = StatusConditions.Text(previous?["state"]?["terminated"]?["finishedAt"]) is { Length: > 0 } f ? f : time,
                    },
                }
                : new JsonObject { ["running"] = new JsonObject { ["startedAt"] = startedAt } };
            containers.Add((JsonNode)new JsonObject
            {
                ["name"] = container["name"]?.DeepClone(),
                ["image"] = container["image"]?.DeepClone(),
                ["imageID"] = "",
                ["ready"] = ready,
                ["restartCount"] = 0L,
                ["started"] = !finished,
                ["state"] = state,
            });
        }

        var status = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = StatusConditions.Build(old?["conditions"] as JsonArray,
            [
                new("PodScheduled", true, "", ""),
                new("Initialized", true, "", ""),
                new("ContainersReady", ready, ready ? "" : finished ? "PodCompleted" : "ContainersNotReady", ""),
                new("Ready", ready, ready ? "" : finished ? "PodCompleted" : "ContainersNotReady", ""),
            ], time, null),
            ["hostIP"] = "10.0.0.1",
            ["podIP"] = $"10.244.{(hash >> 8) & 0xFF}.{1 + (hash & 0xFF) % 254}",
            ["startTime"] = start,
            ["containerStatuses"] = containers,
            ["qosClass"] = Writes.InitialStatus.QosClass(obj["spec"] as JsonObject),
        };
        return SetStatus(obj, status);
    }
}

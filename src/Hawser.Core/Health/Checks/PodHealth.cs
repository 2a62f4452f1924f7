using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// v1/Pod: with restartPolicy Always, a container waiting for an Err*, *Error or *BackOff reason (CrashLoopBackOff,
/// ImagePullBackOff, ErrImagePull, CreateContainerConfigError...) is Degraded; otherwise the phase decides, and a running
/// pod that restarts forever is Healthy only when Ready. Pods that run to completion (OnFailure, Never) stay Progressing
/// while running, as they are usually hooks.
/// </summary>
internal static class PodHealth
{
    public static HealthResult Assess(KubeObject obj)
    {
        var body = obj.Body;
        var restartPolicy = Fields.Str(body, "spec", "restartPolicy");
        if (restartPolicy.Length == 0) restartPolicy = "Always";
        var message = Fields.Str(body, "status", "message");
        var containers = Fields.Objects(body, "status", "containerStatuses").ToList();

        if (restartPolicy == "Always")
        {
            var waiting = containers
                .Select(c => Fields.At(c, "state", "waiting"))
                .Where(w => IsFailureReason(Fields.Str(w, "reason")))
                .Select(w => Fields.Str(w, "message"))
                .ToList();
            if (waiting.Count > 0) return HealthResult.Degraded(string.Join(", ", waiting));
        }

        switch (Fields.Str(body, "status", "phase"))
        {
            case "Pending":
                return HealthResult.Progressing(message);
            case "Succeeded":
                return HealthResult.Healthy(message);
            case "Failed":
                if (message.Length > 0) return HealthResult.Degraded(message);
                var initContainers = Fields.Objects(body, "status", "initContainerStatuses");
                foreach (var container in initContainers.Concat(containers))
                {
                    var failure = FailureMessage(container);
                    if (failure.Length > 0) return HealthResult.Degraded(failure);
                }
                return HealthResult.Degraded();
            case "Running":
                if (restartPolicy != "Always") return HealthResult.Progressing(message);
                if (Fields.FindCondition(body, "Ready") is { IsTrue: true }) return HealthResult.Healthy(message);
                if (containers.Any(c => Fields.At(c, "lastState", "terminated") is not null))
                    return HealthResult.Degraded(message);
                return HealthResult.Progressing(message);
            default:
                return HealthResult.Unknown(message);
        }
    }

    private static bool IsFailureReason(string reason) =>
        reason.StartsWith("Err", StringComparison.Ordinal)
        || reason.EndsWith("Error", StringComparison.Ordinal)
        || reason.EndsWith("BackOff", StringComparison.Ordinal);

    private static string FailureMessage(JsonObject container)
    {
        if (Fields.At(container, "state", "terminated") is not JsonObject terminated) return "";
        var message = Fields.Str(terminated, "message");
        if (message.Length > 0) return message;
        var reason = Fields.Str(terminated, "reason");
        if (reason == "OOMKilled") return reason;
        var exitCode = Fields.IntOrZero(terminated, "exitCode");
        return exitCode != 0 ? $"container \"{Fields.Str(container, "name")}\" failed with exit code {exitCode}" : "";
    }
}

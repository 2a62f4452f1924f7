using System.Text.Json.Nodes;
using static Hawser.Sandbox.Simulation.ObjectFields;

namespace Hawser.Sandbox.Simulation;

/// <summary>
/// Jobs run to completion (<c>succeeded</c> = completions, <c>Complete</c> condition, <c>completionTime</c>); a Job that asks
/// to fail reports <c>failed</c> = backoffLimit + 1 and <c>Failed/BackoffLimitExceeded</c>; a pending one stays active.
/// Suspended Jobs are left alone.
/// </summary>
internal static class JobStatus
{
    public static bool Job(JsonObject obj, DateTimeOffset now)
    {
        if (obj["spec"]?["suspend"] is JsonValue suspend && suspend.TryGetValue<bool>(out var suspended) && suspended) return false;
        var time = Time(now);
        var old = obj["status"] as JsonObject;
        var start = StatusConditions.Text(old?["startTime"]) is { Length: > 0 } s ? s : time;
        var status = new JsonObject { ["startTime"] = start };
        var existing = old?["conditions"] as JsonArray;
        switch (SimulateAnnotation.OutcomeOf(obj))
        {
            case SimulatedOutcome.Fail:
                const string message = "Job has reached the specified backoff limit";
                status["failed"] = Int(obj["spec"]?["backoffLimit"], 6) + 1;
                status["conditions"] = StatusConditions.Build(existing,
                    [new("FailureTarget", true, "BackoffLimitExceeded", message), new("Failed", true, "BackoffLimitExceeded", message)], time, "lastProbeTime");
                break;
            case SimulatedOutcome.Pending:
                status["active"] = Int(obj["spec"]?["parallelism"], 1);
                status["ready"] = 0L;
                break;
            default:
                const string reached = "Reached expected number of succeeded pods";
                status["completionTime"] = StatusConditions.Text(old?["completionTime"]) is { Length: > 0 } c ? c : time;
                status["succeeded"] = Int(obj["spec"]?["completions"], 1);
                status["ready"] = 0L;
                status["conditions"] = StatusConditions.Build(existing,
                    [new("SuccessCriteriaMet", true, "CompletionsReached", reached), new("Complete", true, "CompletionsReached", reached)], time, "lastProbeTime");
                break;
        }
        return SetStatus(obj, status);
    }
}

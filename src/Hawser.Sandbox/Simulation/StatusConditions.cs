using System.Text.Json.Nodes;

namespace Hawser.Sandbox.Simulation;

/// <summary>One condition the simulation wants an object to report.</summary>
internal sealed record DesiredCondition(string Type, bool Status, string Reason, string Message);

/// <summary>
/// Builds <c>status.conditions</c> the way controllers do: <c>lastTransitionTime</c> moves only when a condition's status flips,
/// <c>lastUpdateTime</c> (Deployments) and <c>lastProbeTime</c> (Jobs) only when its reason or message changes, so writing the
/// same state twice yields the same object.
/// </summary>
internal static class StatusConditions
{
    public static JsonArray Build(JsonArray? existing, IEnumerable<DesiredCondition> desired, string now, string? updateTimeField)
    {
        var result = new JsonArray();
        foreach (var want in desired)
        {
            var old = existing?.OfType<JsonObject>().FirstOrDefault(c => Text(c["type"]) == want.Type);
            var status = want.Status ? "True" : "False";
            var sameStatus = old is not null && Text(old["status"]) == status;
            var sameDetail = sameStatus && Text(old!["reason"]) == want.Reason && Text(old["message"]) == want.Message;
            var condition = new JsonObject { ["type"] = want.Type, ["status"] = status };
            if (updateTimeField is not null) condition[updateTimeField] = sameDetail ? Text(old![updateTimeField]) : now;
            condition["lastTransitionTime"] = sameStatus ? Text(old!["lastTransitionTime"]) : now;
            if (want.Reason.Length > 0) condition["reason"] = want.Reason;
            if (want.Message.Length > 0) condition["message"] = want.Message;
            result.Add((JsonNode)condition);
        }
        return result;
    }

    public static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";
}

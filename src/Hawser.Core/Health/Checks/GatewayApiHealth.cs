using Hawser.Manifests;

namespace Hawser.Health.Checks;

/// <summary>
/// gateway.networking.k8s.io, from the Gateway API's documented conditions. A Gateway is Healthy when <c>Programmed</c>
/// (or, before v1, <c>Ready</c>) is True, Degraded when <c>Accepted</c> or <c>Programmed</c> is False (except the Pending
/// reason, which is Progressing). A route (HTTPRoute, GRPCRoute) reports per parent under <c>status.parents</c>: Degraded
/// when any parent has <c>Accepted</c> or <c>ResolvedRefs</c> False, Healthy when every parent accepted it, Progressing
/// until a parent reports.
/// </summary>
internal static class GatewayApiHealth
{
    public static HealthResult Gateway(KubeObject obj)
    {
        var body = obj.Body;
        if (ConditionRules.NotObserved(body) is { } waiting) return waiting;
        if (Fields.FindCondition(body, "Accepted") is { IsFalse: true } refused) return HealthResult.Degraded(ConditionRules.Describe(refused));
        var programmed = Fields.FindCondition(body, "Programmed") ?? Fields.FindCondition(body, "Ready");
        if (programmed is { IsFalse: true, Reason: "Pending" }) return HealthResult.Progressing(ConditionRules.Describe(programmed));
        return ConditionRules.ByCondition(programmed, "Waiting for the gateway to be programmed");
    }

    public static HealthResult Route(KubeObject obj)
    {
        var parents = Fields.Objects(obj.Body, "status", "parents").ToList();
        if (parents.Count == 0) return HealthResult.Progressing("Waiting for a parent gateway to accept the route");
        foreach (var parent in parents)
        {
            var conditions = Fields.Objects(parent, "conditions").Select(Condition.From).ToList();
            if (conditions.FirstOrDefault(c => c.Type is "Accepted" or "ResolvedRefs" && c.IsFalse) is { } failed)
                return HealthResult.Degraded(ConditionRules.Describe(failed));
            if (!conditions.Any(c => c.Type == "Accepted" && c.IsTrue))
                return HealthResult.Progressing("Waiting for every parent gateway to accept the route");
        }
        return HealthResult.Healthy();
    }
}

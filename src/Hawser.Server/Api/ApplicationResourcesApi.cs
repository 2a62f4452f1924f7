using System.Globalization;
using System.Text.Json.Nodes;
using Hawser.Auth;
using Hawser.Compare;
using Hawser.Controller;
using Hawser.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// An app's objects, as Argo CD's UI reads them: <c>GET /api/v1/applications/NAME/resource-tree</c> (<c>{"nodes": [...]}</c>,
/// the app's objects and what they own through <c>ownerReferences</c>, each with <c>parentRefs</c> and <c>health</c>;
/// <see cref="ResourceTree"/>) and <c>GET /api/v1/applications/NAME/managed-resources</c> (<c>{"items": [...]}</c>, per object
/// <c>liveState</c>, <c>targetState</c>, <c>normalizedLiveState</c>, <c>predictedLiveState</c> as JSON text, the unified
/// <c>diff</c> and <c>modified</c>; filters <c>group</c>, <c>kind</c>, <c>namespace</c>, <c>name</c>). Both need
/// <c>applications, get</c>. Secret values are masked in every state and diff (<see cref="Comparer"/>).
/// </summary>
internal static class ApplicationResourcesApi
{
    public static void Map(IEndpointRouteBuilder routes, AppController controller, ApiAuth auth)
    {
        routes.MapGet("/api/v1/applications/{name}/resource-tree", async (string name, HttpContext context, CancellationToken ct) =>
        {
            var (entry, refused) = await AppAccess.FindAsync(context, controller, auth, name, RbacActions.Get, ct);
            if (entry is null) return refused!;
            var nodes = new JsonArray();
            foreach (var node in await controller.ResourceTreeAsync(name, ct) ?? []) nodes.Add((JsonNode)Node(node));
            return ApiJson.Result(new JsonObject { ["nodes"] = nodes, ["orphanedNodes"] = new JsonArray(), ["hosts"] = new JsonArray() });
        });

        routes.MapGet("/api/v1/applications/{name}/managed-resources", async (string name, HttpContext context, HttpRequest request, CancellationToken ct) =>
        {
            var (entry, refused) = await AppAccess.FindAsync(context, controller, auth, name, RbacActions.Get, ct);
            if (entry is null) return refused!;
            CompareResult? comparison;
            try
            {
                comparison = await controller.CompareAsync(name, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, $"app \"{name}\" could not be compared: {e.Message}");
            }
            var q = request.Query;
            var items = new JsonArray();
            foreach (var item in comparison?.Items ?? [])
            {
                var key = item.Key;
                if (!Filter(q["group"], key.Group) || !Filter(q["kind"], key.Kind) || !Filter(q["namespace"], key.Namespace) || !Filter(q["name"], key.Name)) continue;
                var live = item.Live?.ToJson() ?? "null";
                var target = item.Desired?.ToJson() ?? "null";
                items.Add((JsonNode)new JsonObject
                {
                    ["group"] = key.Group,
                    ["kind"] = key.Kind,
                    ["namespace"] = key.Namespace,
                    ["name"] = key.Name,
                    ["liveState"] = live,
                    ["targetState"] = target,
                    ["normalizedLiveState"] = live,
                    ["predictedLiveState"] = target,
                    ["diff"] = item.Diff,
                    ["hook"] = false,
                    ["modified"] = item.Status != CompareStatus.Synced,
                    ["resourceVersion"] = item.Live?.ResourceVersion ?? "",
                    ["hawserStatus"] = item.Status.ToString(),
                });
            }
            return ApiJson.Result(new JsonObject { ["items"] = items });
        });
    }

    private static bool Filter(Microsoft.Extensions.Primitives.StringValues wanted, string value) => wanted.Count == 0 || wanted.Contains(value);

    private static JsonObject Node(ResourceNode node)
    {
        var parents = new JsonArray();
        foreach (var p in node.ParentRefs)
            parents.Add((JsonNode)new JsonObject { ["group"] = p.Key.Group, ["kind"] = p.Key.Kind, ["namespace"] = p.Key.Namespace, ["name"] = p.Key.Name, ["uid"] = p.Uid });
        var json = new JsonObject
        {
            ["group"] = node.Key.Group,
            ["version"] = node.Version,
            ["kind"] = node.Key.Kind,
            ["namespace"] = node.Key.Namespace,
            ["name"] = node.Key.Name,
            ["uid"] = node.Uid,
            ["resourceVersion"] = node.ResourceVersion,
            ["parentRefs"] = parents,
            ["images"] = new JsonArray(node.Images.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()),
            ["info"] = new JsonArray(),
        };
        if (node.Health is { } health) json["health"] = Health(health);
        if (node.CreatedAt is { } created) json["createdAt"] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return json;
    }

    private static JsonObject Health(HealthResult health)
    {
        var json = new JsonObject { ["status"] = health.Status.ToString() };
        if (health.Message.Length > 0) json["message"] = health.Message;
        return json;
    }
}

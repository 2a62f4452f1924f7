using System.Text.Json.Nodes;
using Hawser.Auth;
using Hawser.Controller;
using Hawser.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// <c>GET /api/v1/applicationsets</c> (<c>{"items": [...]}</c>, filters <c>projects</c> and <c>selector</c>) and
/// <c>GET /api/v1/applicationsets/NAME</c>: the ApplicationSets registered by app-of-apps, as declared, with a
/// <c>status</c> of their last generation (<c>conditions</c>, and <c>resources</c>: the Applications they generated).
/// RBAC: <c>applicationsets, get, PROJECT/NAME</c>, the project being the one of the set's template, as in Argo CD.
/// </summary>
internal static class ApplicationSetsApi
{
    private const string Kind = "ApplicationSet";

    public static void Map(IEndpointRouteBuilder routes, AppController controller, IStateStore store, ApiAuth auth)
    {
        routes.MapGet("/api/v1/applicationsets", async (HttpContext context, HttpRequest request, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            var projects = request.Query["projects"].Concat(request.Query["project"]).Where(p => !string.IsNullOrEmpty(p)).ToHashSet(StringComparer.Ordinal);
            var selector = LabelSelector.Parse(request.Query["selector"].ToString());
            var items = new JsonArray();
            foreach (var child in await store.ListChildAppsOfKindAsync(Kind, ct))
            {
                var set = Parse(child);
                var project = ProjectOf(set);
                if (projects.Count > 0 && !projects.Contains(project)) continue;
                if (!selector.Matches(Labels(set))) continue;
                if (!auth.May(caller, RbacResources.ApplicationSets, RbacActions.Get, $"{project}/{child.Name}")) continue;
                items.Add((JsonNode)await WithStatusAsync(set, child, controller, store, ct));
            }
            return ApiJson.Result(new JsonObject { ["metadata"] = new JsonObject(), ["items"] = items });
        });

        routes.MapGet("/api/v1/applicationsets/{name}", async (string name, HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            var child = await store.GetChildAppAsync(Kind, name, ct);
            var set = child is null ? null : Parse(child);
            var obj = set is null ? name : $"{ProjectOf(set)}/{name}";
            if (set is null && caller.TokenId == ApiAuth.LocalTokenId) return ApiErrors.Result(StatusCodes.Status404NotFound, $"applicationsets.argoproj.io \"{name}\" not found");
            if (set is null || !auth.May(caller, RbacResources.ApplicationSets, RbacActions.Get, obj))
                return await auth.DenyAsync(context, RbacResources.ApplicationSets, RbacActions.Get, obj);
            return ApiJson.Result(await WithStatusAsync(set, child!, controller, store, ct));
        });
    }

    private static JsonObject Parse(ChildApp child) => (JsonObject)JsonNode.Parse(child.ObjectJson)!;

    private static string ProjectOf(JsonObject set) => ApiBodies.Text(set["spec"]?["template"]?["spec"]?["project"]) is { Length: > 0 } p ? p : "default";

    private static Dictionary<string, string> Labels(JsonObject set) =>
        (set["metadata"]?["labels"] as JsonObject ?? []).Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => ApiBodies.Text(p.Value), StringComparer.Ordinal);

    private static async Task<JsonObject> WithStatusAsync(JsonObject set, ChildApp child, AppController controller, IStateStore store, CancellationToken ct)
    {
        var status = new JsonObject();
        if (await store.GetAppSetStatusAsync(child.Name, ct) is { } snapshot)
        {
            var conditions = new JsonArray();
            foreach (var c in snapshot.Conditions)
                conditions.Add((JsonNode)new JsonObject { ["type"] = c.Type, ["reason"] = c.Reason, ["message"] = c.Message, ["status"] = "True" });
            status["conditions"] = conditions;
        }
        var resources = new JsonArray();
        foreach (var app in controller.Catalog.GeneratedBy(child.Name).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var appStatus = controller.StatusOf(app.Name);
            resources.Add((JsonNode)new JsonObject
            {
                ["group"] = "argoproj.io", ["version"] = "v1alpha1", ["kind"] = "Application", ["name"] = app.Name,
                ["status"] = (appStatus?.Sync ?? AppSyncStatus.Unknown).ToString(),
                ["health"] = new JsonObject { ["status"] = (appStatus?.Health.Status ?? Hawser.Health.HealthStatus.Unknown).ToString() },
            });
        }
        status["resources"] = resources;
        var copy = (JsonObject)set.DeepClone();
        copy["status"] = status;
        return copy;
    }
}

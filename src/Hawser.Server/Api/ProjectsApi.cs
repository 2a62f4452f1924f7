using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Auth;
using Hawser.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// <c>GET /api/v1/projects</c> (<c>{"items": [...]}</c>) and <c>GET /api/v1/projects/NAME</c>: the AppProjects declared in Git
/// (registered by app-of-apps) as declared, and Argo CD's <c>default</c> project when none of that name is declared (it then
/// allows everything). RBAC: <c>projects, get, NAME</c>.
/// </summary>
internal static class ProjectsApi
{
    public static void Map(IEndpointRouteBuilder routes, IStateStore store, ApiAuth auth)
    {
        routes.MapGet("/api/v1/projects", async (HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            var items = new JsonArray();
            foreach (var project in await AllAsync(store, ct))
            {
                if (auth.May(caller, RbacResources.Projects, RbacActions.Get, Name(project))) items.Add((JsonNode)project);
            }
            return ApiJson.Result(new JsonObject { ["metadata"] = new JsonObject(), ["items"] = items });
        });

        routes.MapGet("/api/v1/projects/{name}", async (string name, HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            if (!auth.May(caller, RbacResources.Projects, RbacActions.Get, name)) return await auth.DenyAsync(context, RbacResources.Projects, RbacActions.Get, name);
            var project = (await AllAsync(store, ct)).FirstOrDefault(p => Name(p) == name);
            return project is null
                ? ApiErrors.Result(StatusCodes.Status404NotFound, $"appprojects.argoproj.io \"{name}\" not found")
                : ApiJson.Result(project);
        });
    }

    private static async Task<List<JsonObject>> AllAsync(IStateStore store, CancellationToken ct)
    {
        var projects = (await store.ListChildAppsOfKindAsync("AppProject", ct)).Select(c => (JsonObject)JsonNode.Parse(c.ObjectJson)!).ToList();
        if (projects.All(p => Name(p) != "default")) projects.Add(DefaultProject());
        return projects.OrderBy(Name, StringComparer.Ordinal).ToList();
    }

    private static string Name(JsonObject project) => ApiBodies.Text(project["metadata"]?["name"]);

    // Argo CD's default project as it exists when none is declared (AppProject.Default).
    private static JsonObject DefaultProject()
    {
        var d = AppProject.Default;
        return new JsonObject
        {
            ["apiVersion"] = "argoproj.io/v1alpha1",
            ["kind"] = "AppProject",
            ["metadata"] = new JsonObject { ["name"] = d.Name },
            ["spec"] = new JsonObject
            {
                ["description"] = d.Description,
                ["sourceRepos"] = new JsonArray("*"),
                ["destinations"] = new JsonArray(new JsonObject { ["server"] = "*", ["namespace"] = "*" }),
                ["clusterResourceWhitelist"] = new JsonArray(new JsonObject { ["group"] = "*", ["kind"] = "*" }),
            },
        };
    }
}

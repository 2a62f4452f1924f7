using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// Tokens of a project role, as Argo CD issues them for CI: <c>POST /api/v1/projects/PROJECT/roles/ROLE/token</c>
/// (<c>{"expiresIn": seconds}</c> → <c>{"token", "id"}</c>), <c>GET …/token</c> (Hawser's: the role's tokens, without their
/// values) and <c>DELETE …/token/ID</c> (Argo CD names the token by its issue time and passes <c>?id=</c>; either the path or
/// <c>id</c> is taken as the id). The token acts as <c>proj:PROJECT:ROLE</c>, with the role's policies only. RBAC:
/// <c>projects, update, PROJECT</c> (<c>get</c> to list), never a project token itself.
/// </summary>
internal static class ProjectTokensApi
{
    public static void Map(IEndpointRouteBuilder routes, ApiAuth auth, IAppProjectSource projects)
    {
        routes.MapPost("/api/v1/projects/{project}/roles/{role}/token", async (string project, string role, HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            if (caller.Kind == CallerKind.ProjectToken || !auth.May(caller, RbacResources.Projects, RbacActions.Update, project))
                return await auth.DenyAsync(context, RbacResources.Projects, RbacActions.Update, project);
            if (await projects.FindAsync(project, ct) is not { } declared)
                return ApiErrors.Result(StatusCodes.Status404NotFound, $"appprojects.argoproj.io \"{project}\" not found");
            var body = await ApiBodies.ReadAsync(context, ct);
            var seconds = body?["expiresIn"] is JsonValue v && v.TryGetValue<long>(out var s) ? s : 0;
            try
            {
                var (token, record) = await auth.Accounts.GenerateProjectTokenAsync(declared, role, seconds > 0 ? TimeSpan.FromSeconds(seconds) : null, ct);
                return ApiJson.Result(new JsonObject { ["token"] = token, ["id"] = record.Id });
            }
            catch (InvalidOperationException e)
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, e.Message);
            }
        });

        routes.MapGet("/api/v1/projects/{project}/roles/{role}/token", async (string project, string role, HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            if (!auth.May(caller, RbacResources.Projects, RbacActions.Get, project))
                return await auth.DenyAsync(context, RbacResources.Projects, RbacActions.Get, project);
            return ApiJson.Result(TokenList.Of(await auth.Accounts.ListTokensAsync(ProjectRoleName.Format(project, role), ct)));
        });

        routes.MapDelete("/api/v1/projects/{project}/roles/{role}/token/{token}", async (string project, string role, string token, HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            if (caller.Kind == CallerKind.ProjectToken || !auth.May(caller, RbacResources.Projects, RbacActions.Update, project))
                return await auth.DenyAsync(context, RbacResources.Projects, RbacActions.Update, project);
            var id = context.Request.Query["id"].ToString() is { Length: > 0 } given ? given : token;
            return await auth.Accounts.RevokeTokenAsync(ProjectRoleName.Format(project, role), id, ct)
                ? ApiJson.Result(new JsonObject())
                : ApiErrors.Result(StatusCodes.Status404NotFound, $"role \"{role}\" of project \"{project}\" has no active token \"{id}\"");
        });
    }
}

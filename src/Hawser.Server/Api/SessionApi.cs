using System.Globalization;
using System.Text.Json.Nodes;
using Hawser.Auth;
using Hawser.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// Argo CD's session and account endpoints: <c>POST /api/v1/session</c> (<c>{"username","password"}</c> → <c>{"token"}</c>),
/// <c>GET /api/v1/session/userinfo</c>, <c>GET /api/v1/account</c>, <c>PUT /api/v1/account/password</c>,
/// <c>POST /api/v1/account/NAME/token</c> (<c>{"expiresIn": seconds, "id"?}</c> → <c>{"token", "id"}</c>),
/// <c>DELETE /api/v1/account/NAME/token/ID</c>, <c>GET /api/version</c>, and Hawser's <c>GET /api/v1/audit</c>.
/// </summary>
internal static class SessionApi
{
    public static void Map(IEndpointRouteBuilder routes, ApiAuth auth, string dataDirectory)
    {
        routes.MapGet("/api/version", () => ApiJson.Result(new JsonObject { ["Version"] = typeof(SessionApi).Assembly.GetName().Version?.ToString() ?? "0" }));

        routes.MapPost("/api/v1/session", async (HttpContext context, CancellationToken ct) =>
        {
            var body = await ApiBodies.ReadAsync(context, ct);
            var user = ApiBodies.Text(body?["username"]);
            var password = ApiBodies.Text(body?["password"]);
            if (user.Length == 0 || password.Length == 0) return ApiErrors.Result(StatusCodes.Status400BadRequest, "username and password are required");
            var result = await auth.Accounts.LoginAsync(user, password, ApiAuth.SourceOf(context), ct);
            return result.Succeeded
                ? ApiJson.Result(new JsonObject { ["token"] = result.Token })
                : ApiErrors.Result(StatusCodes.Status401Unauthorized, result.Error!);
        });

        // Logout: the session presented is ended at once (a local or SSO session; an API token is revoked by id instead).
        routes.MapDelete("/api/v1/session", async (HttpContext context, CancellationToken ct) =>
        {
            if (ApiAuth.BearerOf(context) is { } token) await auth.Accounts.LogoutAsync(token, ApiAuth.SourceOf(context), ct);
            return ApiJson.Result(new JsonObject());
        });

        routes.MapGet("/api/v1/session/userinfo", (HttpContext context) =>
        {
            var caller = ApiAuth.CallerOf(context);
            var groups = new JsonArray();
            foreach (var g in caller.Groups) groups.Add((JsonNode)g);
            return ApiJson.Result(new JsonObject { ["loggedIn"] = true, ["username"] = caller.Subject, ["groups"] = groups });
        });

        routes.MapGet("/api/v1/account", (HttpContext context) =>
        {
            var caller = ApiAuth.CallerOf(context);
            var items = new JsonArray();
            foreach (var account in auth.Accounts.Accounts.Where(a => a.Name == caller.Subject || auth.May(caller, RbacResources.Accounts, RbacActions.Get, a.Name)).OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                var capabilities = new JsonArray();
                if (account.Capabilities.HasFlag(AccountCapabilities.Login)) capabilities.Add((JsonNode)"login");
                if (account.Capabilities.HasFlag(AccountCapabilities.ApiKey)) capabilities.Add((JsonNode)"apiKey");
                items.Add((JsonNode)new JsonObject { ["name"] = account.Name, ["enabled"] = account.Enabled, ["capabilities"] = capabilities });
            }
            return ApiJson.Result(new JsonObject { ["items"] = items });
        });

        routes.MapPut("/api/v1/account/password", async (HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            var body = await ApiBodies.ReadAsync(context, ct);
            var name = ApiBodies.Text(body?["name"]) is { Length: > 0 } n ? n : caller.Subject;
            if (caller.Kind == CallerKind.ProjectToken || (name != caller.Subject && !auth.May(caller, RbacResources.Accounts, RbacActions.Update, name)))
                return await DeniedAsync(context, auth, "update-password", name);
            try
            {
                await auth.Accounts.UpdatePasswordAsync(caller.Subject, name, ApiBodies.Text(body?["currentPassword"]), ApiBodies.Text(body?["newPassword"]), dataDirectory, ct);
                return ApiJson.Result(new JsonObject());
            }
            catch (UnauthorizedAccessException e)
            {
                return ApiErrors.Result(StatusCodes.Status401Unauthorized, e.Message);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, e.Message);
            }
        });

        routes.MapPost("/api/v1/account/{name}/token", async (string name, HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            if (caller.Kind == CallerKind.ProjectToken || (name != caller.Subject && !auth.May(caller, RbacResources.Accounts, RbacActions.Update, name)))
                return await DeniedAsync(context, auth, "generate-token", name);
            var body = await ApiBodies.ReadAsync(context, ct);
            var seconds = body?["expiresIn"] is JsonValue v && v.TryGetValue<long>(out var s) ? s : 0;
            try
            {
                var id = body?["id"] is null ? null : ApiBodies.Text(body["id"]);
                var (token, record) = await auth.Accounts.GenerateTokenAsync(name, seconds > 0 ? TimeSpan.FromSeconds(seconds) : null, ct, id);
                return ApiJson.Result(new JsonObject { ["token"] = token, ["id"] = record.Id });
            }
            catch (InvalidOperationException e)
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, e.Message);
            }
        });

        routes.MapGet("/api/v1/account/{name}/token", async (string name, HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            if (name != caller.Subject && !auth.May(caller, RbacResources.Accounts, RbacActions.Get, name)) return await DeniedAsync(context, auth, "list-tokens", name);
            return ApiJson.Result(TokenList.Of(await auth.Accounts.ListTokensAsync(name, ct)));
        });

        routes.MapDelete("/api/v1/account/{name}/token/{id}", async (string name, string id, HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            if (caller.Kind == CallerKind.ProjectToken || (name != caller.Subject && !auth.May(caller, RbacResources.Accounts, RbacActions.Update, name)))
                return await DeniedAsync(context, auth, "revoke-token", name);
            return await auth.Accounts.RevokeTokenAsync(name, id, ct)
                ? ApiJson.Result(new JsonObject())
                : ApiErrors.Result(StatusCodes.Status404NotFound, $"account \"{name}\" has no active token \"{id}\"");
        });

        routes.MapGet("/api/v1/audit", async (HttpContext context, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            // The audit log is an administrator's view: it needs the right to update accounts.
            if (!auth.May(caller, RbacResources.Accounts, RbacActions.Update, "*")) return await DeniedAsync(context, auth, "audit-list", "*");
            var q = context.Request.Query;
            DateTimeOffset? since = DateTimeOffset.TryParse(q["since"].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
            var limit = int.TryParse(q["limit"].ToString(), CultureInfo.InvariantCulture, out var l) ? Math.Clamp(l, 1, 10_000) : 1000;
            var items = new JsonArray();
            foreach (var e in await auth.Audit.QueryAsync(new AuditQuery(NonEmpty(q["app"]), NonEmpty(q["user"]), since, limit), ct))
            {
                var groups = new JsonArray();
                foreach (var g in e.Groups) groups.Add((JsonNode)g);
                items.Add((JsonNode)new JsonObject
                {
                    ["id"] = e.Id, ["at"] = e.At.ToString("O", CultureInfo.InvariantCulture), ["actor"] = e.Actor, ["actorKind"] = e.ActorKind, ["groups"] = groups,
                    ["tokenId"] = e.TokenId, ["action"] = e.Action, ["resource"] = e.Resource, ["object"] = e.Object, ["app"] = e.App,
                    ["project"] = e.Project, ["source"] = e.Source, ["outcome"] = e.Outcome.ToString(), ["detail"] = e.Detail,
                });
            }
            return ApiJson.Result(new JsonObject { ["items"] = items });
        });
    }

    private static async Task<IResult> DeniedAsync(HttpContext context, ApiAuth auth, string action, string obj)
    {
        await auth.AuditAsync(context, action, RbacResources.Accounts, obj, null, AuditOutcome.Denied, "permission denied");
        return ApiErrors.Result(StatusCodes.Status403Forbidden, $"permission denied: accounts, {action}, {obj}");
    }

    private static string? NonEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.ToString() is { Length: > 0 } s ? s : null;
}

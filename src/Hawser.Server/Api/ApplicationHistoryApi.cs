using System.Globalization;
using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Auth;
using Hawser.Controller;
using Hawser.Sources;
using Hawser.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// An app's past, as Argo CD serves it (the history itself is <c>status.history</c> of <c>GET /api/v1/applications/NAME</c>):
/// <c>POST /api/v1/applications/NAME/rollback</c> (<c>{"id", "prune", "dryRun"}</c>: re-sync the revision and source of
/// history entry <c>id</c>; needs <c>applications, sync</c>; refused for apps that sync automatically, as in Argo CD) and
/// <c>GET /api/v1/applications/NAME/revisions/REVISION/metadata</c> (<c>{"author", "date", "tags", "message"}</c> of a commit
/// of the app's repository; <c>?sourceIndex=N</c> for a multi-source app; needs <c>applications, get</c>).
/// </summary>
internal static class ApplicationHistoryApi
{
    public static void Map(IEndpointRouteBuilder routes, AppController controller, IStateStore store, GitSource git, Func<string, RepositoryCredentials?> credentials,
        ApiAuth auth)
    {
        routes.MapPost("/api/v1/applications/{name}/rollback", async (string name, HttpContext context, CancellationToken ct) =>
        {
            var (entry, refused) = await AppAccess.FindAsync(context, controller, auth, name, RbacActions.Sync, ct);
            if (entry is null) return refused!;
            var body = await ApiBodies.ReadAsync(context, ct);
            if (ApiBodies.Long(body, "id") is not { } id) return ApiErrors.Result(StatusCodes.Status400BadRequest, "the history entry \"id\" to roll back to is required");
            var settings = new AppSyncSettings(ApiAuth.CallerOf(context).Subject, Prune: ApiBodies.Bool(body, "prune"), DryRun: ApiBodies.Bool(body, "dryRun"));
            var app = entry.App.Application;
            try
            {
                await auth.CheckManualSyncAsync(app, settings.DryRun, ct);
                await controller.RequestRollbackAsync(name, id, settings, ct);
            }
            catch (InvalidOperationException e)
            {
                await auth.AuditAsync(context, "rollback", RbacResources.Applications, ApiAuth.AppObject(app), app, AuditOutcome.Failed, e.Message);
                return ApiErrors.Result(StatusCodes.Status400BadRequest, e.Message);
            }
            await auth.AuditAsync(context, "rollback", RbacResources.Applications, ApiAuth.AppObject(app), app, AuditOutcome.Succeeded,
                $"rollback to history entry {id} requested (prune={settings.Prune}, dryRun={settings.DryRun})");
            return ApiJson.Result(await AppAccess.ApplicationAsync(controller, store, entry, withHistory: true, ct));
        });

        routes.MapGet("/api/v1/applications/{name}/revisions/{revision}/metadata", async (string name, string revision, HttpContext context, HttpRequest request,
            CancellationToken ct) =>
        {
            var (entry, refused) = await AppAccess.FindAsync(context, controller, auth, name, RbacActions.Get, ct);
            if (entry is null) return refused!;
            var sources = entry.App.Application.Spec.Sources;
            var index = 0;
            if (request.Query["sourceIndex"].ToString() is { Length: > 0 } text && (!int.TryParse(text, CultureInfo.InvariantCulture, out index) || index < 0 || index >= sources.Count))
                return ApiErrors.Result(StatusCodes.Status400BadRequest, $"sourceIndex must be a number from 0 to {sources.Count - 1}, not \"{text}\"");
            var source = sources[index];
            if (source.IsChart) return ApiErrors.Result(StatusCodes.Status400BadRequest, $"source {index} of app \"{name}\" is a Helm chart: it has no commits");
            try
            {
                var commit = await git.GetCommitInfoAsync(source.RepoUrl, revision, credentials(source.RepoUrl), ct);
                return ApiJson.Result(new JsonObject
                {
                    ["author"] = commit.Author,
                    ["date"] = commit.Date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    ["tags"] = new JsonArray(commit.Tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
                    ["message"] = commit.Message,
                });
            }
            catch (SourceException e) when (e.Failure is SourceFailure.UnknownRevision or SourceFailure.InvalidReference)
            {
                return ApiErrors.Result(StatusCodes.Status404NotFound, e.Message);
            }
            catch (SourceException e)
            {
                return ApiErrors.Result(StatusCodes.Status400BadRequest, e.Message);
            }
        });
    }
}

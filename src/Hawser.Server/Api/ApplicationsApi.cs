using System.Text.Json.Nodes;
using Hawser.Apps;
using Hawser.Auth;
using Hawser.Controller;
using Hawser.State;
using Hawser.Sync;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// The applications endpoints, on Argo CD's REST paths and JSON shapes so scripts written for Argo CD keep working:
/// <c>GET /api/v1/applications</c> (<c>{"items": [...]}</c>, filters <c>name</c>, <c>projects</c>, <c>selector</c>; without each
/// app's <c>history</c>),
/// <c>GET /api/v1/applications/NAME</c> (<c>?refresh=normal|hard</c> refreshes first), <c>POST /api/v1/applications/NAME/sync</c>
/// (<c>{"prune", "dryRun", "resources": [{"group","kind","namespace","name"}]}</c>). Applications carry their <c>status</c>
/// in Argo CD's shape (<see cref="AppStatusJson"/>).
/// </summary>
internal static class ApplicationsApi
{
    /// <summary>Shown on a child app: the app whose render registered it (app-of-apps).</summary>
    public const string ParentAnnotation = "hawser.io/parent";

    private static readonly TimeSpan RefreshWait = TimeSpan.FromSeconds(30);

    public static void Map(IEndpointRouteBuilder routes, AppController controller, IStateStore store, ApiAuth auth)
    {
        routes.MapGet("/api/v1/applications", async (HttpContext context, HttpRequest request, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            var names = request.Query["name"].Where(n => !string.IsNullOrEmpty(n)).ToHashSet(StringComparer.Ordinal);
            var projects = request.Query["projects"].Concat(request.Query["project"]).Where(p => !string.IsNullOrEmpty(p)).ToHashSet(StringComparer.Ordinal);
            var selector = LabelSelector.Parse(request.Query["selector"].ToString());
            var items = new JsonArray();
            foreach (var entry in controller.Catalog.Entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                var app = entry.App.Application;
                if (names.Count > 0 && !names.Contains(app.Name)) continue;
                if (projects.Count > 0 && !projects.Contains(app.Spec.Project)) continue;
                if (!selector.Matches(app.Metadata.Labels)) continue;
                if (!await auth.MayAsync(caller, app, RbacActions.Get, ct)) continue;
                items.Add(await ApplicationAsync(controller, store, entry, withHistory: false, ct));
            }
            return Results.Json(new JsonObject { ["metadata"] = new JsonObject(), ["items"] = items });
        });

        routes.MapGet("/api/v1/applications/{name}", async (string name, HttpContext context, HttpRequest request, CancellationToken ct) =>
        {
            if (await AllowedAsync(context, controller, auth, name, RbacActions.Get, ct) is { } refused) return refused;
            if (controller.Catalog.Find(name) is not { } entry) return NotFound(name);
            var refresh = request.Query["refresh"].ToString();
            if (refresh is "normal" or "hard")
            {
                var before = controller.StatusOf(name)?.ReconciledAt;
                controller.Refresh(name, resolveRevisions: true);
                await WaitForRefreshAsync(controller, name, before, ct);
            }
            return Results.Json(await ApplicationAsync(controller, store, controller.Catalog.Find(name) ?? entry, withHistory: true, ct));
        });

        routes.MapPost("/api/v1/applications/{name}/sync", async (string name, HttpContext context, HttpRequest request, CancellationToken ct) =>
        {
            if (await AllowedAsync(context, controller, auth, name, RbacActions.Sync, ct) is { } refused) return refused;
            if (controller.Catalog.Find(name) is not { } entry) return NotFound(name);
            var body = await ApiBodies.ReadAsync(context, ct);
            var resources = (body?["resources"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(r => new ResourceSelector(Text(r["group"]), Text(r["kind"]), Text(r["name"]), Text(r["namespace"]) is { Length: > 0 } ns ? ns : null))
                .ToList();
            var settings = new AppSyncSettings(
                Initiator: ApiAuth.CallerOf(context).Subject,
                Prune: body?["prune"]?.GetValue<bool>() ?? false,
                DryRun: body?["dryRun"]?.GetValue<bool>() ?? false,
                Resources: resources.Count == 0 ? null : resources);
            try
            {
                await auth.CheckManualSyncAsync(entry.App.Application, settings.DryRun, ct);
            }
            catch (ProjectViolationException e)
            {
                await auth.AuditAsync(context, RbacActions.Sync, RbacResources.Applications, ApiAuth.AppObject(entry.App.Application), entry.App.Application, AuditOutcome.Failed, e.Message);
                return ApiErrors.Result(StatusCodes.Status400BadRequest, e.Message);
            }
            controller.RequestSync(name, settings);
            await auth.AuditAsync(context, RbacActions.Sync, RbacResources.Applications, ApiAuth.AppObject(entry.App.Application), entry.App.Application,
                AuditOutcome.Succeeded, $"sync requested (prune={settings.Prune}, dryRun={settings.DryRun}, resources={resources.Count})");
            return Results.Json(await ApplicationAsync(controller, store, entry, withHistory: true, ct));
        });
    }

    private static async Task WaitForRefreshAsync(AppController controller, string name, DateTimeOffset? before, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(RefreshWait);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(string changed)
        {
            if (changed == name && controller.StatusOf(name)?.ReconciledAt != before && !controller.IsSyncing(name)) done.TrySetResult();
        }
        controller.AppChanged += OnChanged;
        try
        {
            OnChanged(name);
            await done.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Answer with what is known after the wait.
        }
        finally
        {
            controller.AppChanged -= OnChanged;
        }
    }

    // The list leaves each app's history out (one query less per app, at thousands of apps); GET of one app has it.
    private static async Task<JsonObject> ApplicationAsync(AppController controller, IStateStore store, CatalogEntry entry, bool withHistory, CancellationToken ct)
    {
        var operation = await store.GetLatestOperationAsync(entry.Name, ct);
        var history = withHistory ? await store.GetHistoryAsync(entry.Name, ct) : [];
        var status = AppStatusJson.Status(controller.StatusOf(entry.Name), operation, history);
        var app = AppStatusJson.Application(entry.App, status);
        if (controller.IsSyncing(entry.Name))
            app["operation"] = new JsonObject { ["sync"] = new JsonObject(), ["initiatedBy"] = new JsonObject { ["username"] = "hawser" } };
        if (entry.Parent is { } parent)
        {
            var metadata = (JsonObject)app["metadata"]!;
            if (metadata["annotations"] is not JsonObject annotations) metadata["annotations"] = annotations = [];
            annotations[ParentAnnotation] = parent;
        }
        return app;
    }

    /// <summary>
    /// Null when the caller may do <paramref name="action"/> on the app; else a 403, audited. An app that does not exist is
    /// answered the same way (so names cannot be probed), except to the local token, which may see everything.
    /// </summary>
    private static async Task<IResult?> AllowedAsync(HttpContext context, AppController controller, ApiAuth auth, string name, string action, CancellationToken ct)
    {
        var caller = ApiAuth.CallerOf(context);
        var entry = controller.Catalog.Find(name);
        if (entry is null && caller.TokenId == ApiAuth.LocalTokenId) return null;
        if (entry is not null && await auth.MayAsync(caller, entry.App.Application, action, ct)) return null;
        await auth.AuditAsync(context, action, RbacResources.Applications, entry is null ? name : ApiAuth.AppObject(entry.App.Application), entry?.App.Application,
            AuditOutcome.Denied, "permission denied");
        return ApiErrors.Result(StatusCodes.Status403Forbidden, $"permission denied: applications, {action}, {name}");
    }

    private static IResult NotFound(string name) => ApiErrors.Result(StatusCodes.Status404NotFound, $"applications.argoproj.io \"{name}\" not found");

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}

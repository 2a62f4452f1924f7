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
/// <c>GET /api/v1/applications</c> (filters, pagination; see <see cref="AppListQuery"/>; field selection, <see cref="ListFields"/>), <c>GET /api/v1/applications/NAME</c>
/// (<c>?refresh=normal|hard</c> refreshes first; <c>status.history</c> included), <c>PUT /api/v1/applications/NAME/refresh</c>,
/// <c>POST /api/v1/applications/NAME/sync</c> and <c>DELETE /api/v1/applications/NAME?cascade=</c>.
/// </summary>
internal static class ApplicationsApi
{
    private static readonly TimeSpan RefreshWait = TimeSpan.FromSeconds(30);

    public static void Map(IEndpointRouteBuilder routes, AppController controller, IStateStore store, ApiAuth auth)
    {
        routes.MapGet("/api/v1/applications", async (HttpContext context, HttpRequest request, CancellationToken ct) =>
        {
            var caller = ApiAuth.CallerOf(context);
            var query = AppListQuery.From(request.Query);
            var fields = ListFields.From(request.Query, ListFields.ListItems);
            var visible = new List<CatalogEntry>();
            var may = auth.Batch(caller, RbacActions.Get);
            foreach (var entry in controller.Catalog.Entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (!query.Matches(entry.App.Application, controller.StatusOf(entry.Name))) continue;
                if (await may.MayAsync(entry.App.Application, ct)) visible.Add(entry);
            }
            var page = query.Continue is { } after ? visible.Where(e => string.CompareOrdinal(e.Name, after) > 0).ToList() : visible;
            var items = new JsonArray();
            foreach (var entry in query.Limit is { } limit ? page.Take(limit) : page)
            {
                var app = await AppAccess.ApplicationAsync(controller, store, entry, withHistory: false, ct);
                items.Add(fields is null ? app : (JsonNode)fields.Select(app));
            }
            var metadata = new JsonObject();
            if (query.Limit is { } l && page.Count > l)
            {
                metadata["continue"] = page[l - 1].Name;
                metadata["remainingItemCount"] = page.Count - l;
            }
            return ApiJson.Result(new JsonObject { ["metadata"] = metadata, ["items"] = items });
        });

        routes.MapGet("/api/v1/applications/{name}", async (string name, HttpContext context, HttpRequest request, CancellationToken ct) =>
        {
            var (entry, refused) = await AppAccess.FindAsync(context, controller, auth, name, RbacActions.Get, ct);
            if (entry is null) return refused!;
            var refresh = request.Query["refresh"].ToString();
            if (refresh.Length > 0 && refresh is not ("normal" or "hard"))
                return ApiErrors.Result(StatusCodes.Status400BadRequest, $"refresh must be normal or hard, not \"{refresh}\"");
            if (refresh.Length > 0) await RefreshAsync(controller, name, ct);
            return ApiJson.Result(await AppAccess.ApplicationAsync(controller, store, controller.Catalog.Find(name) ?? entry, withHistory: true, ct));
        });

        routes.MapPut("/api/v1/applications/{name}/refresh", async (string name, HttpContext context, CancellationToken ct) =>
        {
            var (entry, refused) = await AppAccess.FindAsync(context, controller, auth, name, RbacActions.Get, ct);
            if (entry is null) return refused!;
            await RefreshAsync(controller, name, ct);
            return ApiJson.Result(await AppAccess.ApplicationAsync(controller, store, controller.Catalog.Find(name) ?? entry, withHistory: true, ct));
        });

        routes.MapPost("/api/v1/applications/{name}/sync", async (string name, HttpContext context, CancellationToken ct) =>
        {
            var (entry, refused) = await AppAccess.FindAsync(context, controller, auth, name, RbacActions.Sync, ct);
            if (entry is null) return refused!;
            var body = await ApiBodies.ReadAsync(context, ct);
            var settings = SyncBody.Read(body, ApiAuth.CallerOf(context).Subject);
            var app = entry.App.Application;
            try
            {
                await auth.CheckManualSyncAsync(app, settings.DryRun, ct);
            }
            catch (ProjectViolationException e)
            {
                await auth.AuditAsync(context, RbacActions.Sync, RbacResources.Applications, ApiAuth.AppObject(app), app, AuditOutcome.Failed, e.Message);
                return ApiErrors.Result(StatusCodes.Status400BadRequest, e.Message);
            }
            controller.RequestSync(name, settings);
            await auth.AuditAsync(context, RbacActions.Sync, RbacResources.Applications, ApiAuth.AppObject(app), app, AuditOutcome.Succeeded,
                $"sync requested (prune={settings.Prune}, dryRun={settings.DryRun}, resources={settings.Resources?.Count ?? 0}, syncOptions={string.Join(",", settings.SyncOptions ?? [])})");
            return ApiJson.Result(await AppAccess.ApplicationAsync(controller, store, entry, withHistory: true, ct));
        });

        routes.MapDelete("/api/v1/applications/{name}", async (string name, HttpContext context, HttpRequest request, CancellationToken ct) =>
        {
            var (entry, refused) = await AppAccess.FindAsync(context, controller, auth, name, RbacActions.Delete, ct);
            if (entry is null) return refused!;
            var cascadeText = request.Query["cascade"].ToString();
            if (cascadeText.Length > 0 && !bool.TryParse(cascadeText, out _))
                return ApiErrors.Result(StatusCodes.Status400BadRequest, $"cascade must be true or false, not \"{cascadeText}\"");
            var cascade = cascadeText.Length == 0 || bool.Parse(cascadeText);
            var app = entry.App.Application;
            try
            {
                await controller.DeleteAsync(name, cascade, ct);
            }
            catch (InvalidOperationException e)
            {
                await auth.AuditAsync(context, RbacActions.Delete, RbacResources.Applications, ApiAuth.AppObject(app), app, AuditOutcome.Failed, e.Message);
                return ApiErrors.Result(StatusCodes.Status400BadRequest, e.Message);
            }
            await auth.AuditAsync(context, RbacActions.Delete, RbacResources.Applications, ApiAuth.AppObject(app), app, AuditOutcome.Succeeded,
                $"deleted (cascade={cascade})");
            return ApiJson.Result(new JsonObject());
        });
    }

    /// <summary>Asks for a refresh and waits (up to 30 s) until it is done, so the answer shows its result.</summary>
    private static async Task RefreshAsync(AppController controller, string name, CancellationToken ct)
    {
        var before = controller.StatusOf(name)?.ReconciledAt;
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
            controller.Refresh(name, resolveRevisions: true);
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
}

/// <summary>
/// The sync request body as Argo CD's API takes it: <c>prune</c>, <c>dryRun</c>, <c>resources</c>
/// (<c>[{"group","kind","namespace","name"}]</c>), <c>syncOptions</c> (<c>{"items": ["Key=value"]}</c>) and <c>strategy</c>
/// (<c>{"apply": {"force": bool}}</c> or <c>{"hook": {...}}</c>: Hawser always applies server-side with force, which is what
/// <c>force</c> asks for). A <c>revision</c> other than Git's is refused: use rollback for an earlier one.
/// </summary>
internal static class SyncBody
{
    public static AppSyncSettings Read(JsonObject? body, string initiator)
    {
        var resources = new List<ResourceSelector>();
        foreach (var r in body?["resources"] as JsonArray ?? [])
        {
            if (r is not JsonObject o || ApiBodies.Text(o["kind"]).Length == 0 || ApiBodies.Text(o["name"]).Length == 0)
                throw new BadHttpRequestException("each entry of \"resources\" must be an object with at least \"kind\" and \"name\"", StatusCodes.Status400BadRequest);
            resources.Add(new ResourceSelector(ApiBodies.Text(o["group"]), ApiBodies.Text(o["kind"]), ApiBodies.Text(o["name"]),
                ApiBodies.Text(o["namespace"]) is { Length: > 0 } ns ? ns : null));
        }
        var options = ApiBodies.Strings(body?["syncOptions"] is JsonObject so ? so["items"] : body?["syncOptions"], "syncOptions.items");
        if (SyncOptionSet.Parse(options).Warnings is { Count: > 0 } unknown) throw new BadHttpRequestException(string.Join("; ", unknown), StatusCodes.Status400BadRequest);
        if (ApiBodies.Text(body?["revision"]) is { Length: > 0 } revision)
            throw new BadHttpRequestException($"revision \"{revision}\": a sync deploys what Git declares; to deploy an earlier revision, roll back to its history entry (POST .../rollback)",
                StatusCodes.Status400BadRequest);
        if (body?["strategy"] is { } strategy && strategy is not JsonObject)
            throw new BadHttpRequestException("the request body's field \"strategy\" must be an object", StatusCodes.Status400BadRequest);
        return new AppSyncSettings(
            Initiator: initiator,
            Prune: ApiBodies.Bool(body, "prune"),
            DryRun: ApiBodies.Bool(body, "dryRun"),
            Resources: resources.Count == 0 ? null : resources,
            SyncOptions: options.Count == 0 ? null : options);
    }
}

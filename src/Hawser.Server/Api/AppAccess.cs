using System.Text.Json.Nodes;
using Hawser.Auth;
using Hawser.Controller;
using Hawser.State;
using Microsoft.AspNetCore.Http;

namespace Hawser.Server.Api;

/// <summary>What every applications endpoint shares: finding an app the caller may act on, and writing an app as Argo CD does.</summary>
internal static class AppAccess
{
    /// <summary>Shown on a child app: the app whose render registered it (app-of-apps).</summary>
    public const string ParentAnnotation = "hawser.io/parent";

    /// <summary>
    /// The app, when the caller may do <paramref name="action"/> on it; else a 403, audited. An app that does not exist is
    /// answered the same way (so names cannot be probed), except to the local token, which gets a 404.
    /// </summary>
    public static async Task<(CatalogEntry? Entry, IResult? Refusal)> FindAsync(HttpContext context, AppController controller, ApiAuth auth, string name, string action,
        CancellationToken ct)
    {
        var caller = ApiAuth.CallerOf(context);
        var entry = controller.Catalog.Find(name);
        if (entry is null && caller.TokenId == ApiAuth.LocalTokenId) return (null, NotFound(name));
        if (entry is not null && await auth.MayAsync(caller, entry.App.Application, action, ct)) return (entry, null);
        return (null, await auth.DenyAsync(context, RbacResources.Applications, action, entry is null ? name : ApiAuth.AppObject(entry.App.Application), entry?.App.Application));
    }

    public static IResult NotFound(string name) => ApiErrors.Result(StatusCodes.Status404NotFound, $"applications.argoproj.io \"{name}\" not found");

    /// <summary>An Application with its status in Argo CD's shape; <paramref name="withHistory"/> adds <c>status.history</c>
    /// (left out of lists: one query less per app, at thousands of apps).</summary>
    public static async Task<JsonObject> ApplicationAsync(AppController controller, IStateStore store, CatalogEntry entry, bool withHistory, CancellationToken ct)
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
}

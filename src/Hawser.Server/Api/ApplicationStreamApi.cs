using System.Text.Json.Nodes;
using System.Threading.Channels;
using Hawser.Auth;
using Hawser.Controller;
using Hawser.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// <c>GET /api/v1/stream/applications</c>: server-sent events of application changes, as Argo CD's UI and
/// <c>argocd app wait</c> read them. Each event is <c>data: {"result": {"type": "ADDED|MODIFIED|DELETED", "application": {...}}}</c>;
/// the stream opens with an ADDED event per app, then follows the controller (<see cref="AppController.AppChanged"/>). It
/// takes the list's filters (<see cref="AppListQuery"/>, without pagination) and field selection (<see cref="ListFields"/>,
/// paths <c>result.application.*</c>) and shows only apps the caller may
/// <c>get</c>, checked again at every event. A comment line every 15 seconds keeps idle connections open.
/// </summary>
internal static class ApplicationStreamApi
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder routes, AppController controller, IStateStore store, ApiAuth auth, CancellationToken stopping)
    {
        routes.MapGet("/api/v1/stream/applications", async (HttpContext context, HttpRequest request, CancellationToken requestAborted) =>
        {
            var caller = ApiAuth.CallerOf(context);
            var query = AppListQuery.From(request.Query);
            var fields = ListFields.From(request.Query, ListFields.StreamItems);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
            var ct = linked.Token;
            var changes = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
            void OnChanged(string app) => changes.Writer.TryWrite(app);
            controller.AppChanged += OnChanged;
            try
            {
                var response = context.Response;
                response.ContentType = "text/event-stream";
                response.Headers.CacheControl = "no-cache";
                response.Headers["X-Accel-Buffering"] = "no";
                var shown = new HashSet<string>(StringComparer.Ordinal);
                var initial = auth.Batch(caller, RbacActions.Get);
                foreach (var name in controller.Catalog.Entries.Keys.Order(StringComparer.Ordinal)) await SendAsync(name, initial);
                await response.Body.FlushAsync(ct);
                while (!ct.IsCancellationRequested)
                {
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    wait.CancelAfter(Heartbeat);
                    try
                    {
                        var name = await changes.Reader.ReadAsync(wait.Token);
                        var batch = auth.Batch(caller, RbacActions.Get);
                        await SendAsync(name, batch);
                        while (changes.Reader.TryRead(out var more)) await SendAsync(more, batch);
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        await response.WriteAsync(": keep-alive\n\n", ct);
                    }
                    await response.Body.FlushAsync(ct);
                }

                async Task SendAsync(string name, AppPermissions may)
                {
                    var entry = controller.Catalog.Find(name);
                    var visible = entry is not null && query.Matches(entry.App.Application, controller.StatusOf(name))
                        && await may.MayAsync(entry.App.Application, ct);
                    string type;
                    JsonObject app;
                    if (visible)
                    {
                        type = shown.Add(name) ? "ADDED" : "MODIFIED";
                        app = await AppAccess.ApplicationAsync(controller, store, entry!, withHistory: false, ct);
                        if (fields is not null) app = fields.Select(app);
                    }
                    else if (shown.Remove(name))
                    {
                        type = "DELETED";
                        app = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } };
                    }
                    else
                    {
                        return;
                    }
                    var data = new JsonObject { ["result"] = new JsonObject { ["type"] = type, ["application"] = app } };
                    await response.WriteAsync("data: " + data.ToJsonString() + "\n\n", ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The client left, or the server is stopping.
            }
            finally
            {
                controller.AppChanged -= OnChanged;
            }
        });
    }
}

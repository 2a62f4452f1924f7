using System.Text.Json.Nodes;
using Hawser.Sandbox.Api;
using Hawser.Sandbox.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hawser.Sandbox.Http;

/// <summary>
/// The one request entry point: health and version (anonymous), then bearer-token authentication, then discovery,
/// OpenAPI, and resource requests routed by <see cref="ApiRoute"/> to the read, watch, write, patch, scale and review handlers.
/// Every failure is answered as a Status.
/// </summary>
internal sealed class RequestDispatcher
{
    private static readonly byte[] Ok = "ok"u8.ToArray();
    private readonly ApiServices _api;
    private readonly BearerToken _token;
    private readonly ILogger _logger;
    private readonly ReadHandlers _reads;
    private readonly WatchHandler _watches;
    private readonly WriteHandlers _writes;
    private readonly PatchHandler _patches;
    private readonly ScaleHandler _scales;
    private readonly ReviewHandlers _reviews;

    public RequestDispatcher(ApiServices api, BearerToken token, ILogger logger)
    {
        _api = api;
        _token = token;
        _logger = logger;
        _reads = new ReadHandlers(api);
        _watches = new WatchHandler(api);
        _writes = new WriteHandlers(api);
        _patches = new PatchHandler(api);
        _scales = new ScaleHandler(api);
        _reviews = new ReviewHandlers(api, token.ServiceAccounts);
    }

    /// <summary>Requests served, by sort.</summary>
    public RequestCounters Requests { get; } = new();

    public async Task HandleAsync(HttpContext context)
    {
        Requests.Count(context.Request);
        var cancellationToken = context.RequestAborted;
        var path = context.Request.Path.Value ?? "/";
        try
        {
            await RouteAsync(context, path, cancellationToken);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await JsonResponses.WriteStatusAsync(context, e, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            SandboxLog.RequestFailed(_logger, e, context.Request.Method, path);
            await JsonResponses.WriteStatusAsync(context, new ApiException(500, "InternalError", "an internal error occurred; see the sandbox log"), cancellationToken);
        }
    }

    private async Task RouteAsync(HttpContext context, string path, CancellationToken cancellationToken)
    {
        switch (path)
        {
            case "/healthz" or "/readyz" or "/livez":
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.Body.WriteAsync(Ok, cancellationToken);
                return;
            case "/version":
                await JsonResponses.WriteNodeAsync(context, 200, VersionInfo.Document(), cancellationToken);
                return;
        }
        var caller = _token.Authenticate(context.Request.Headers.Authorization) ?? throw new ApiException(401, "Unauthorized", "Unauthorized");

        var registry = _api.Registry.Current;
        var method = context.Request.Method;
        var accept = context.Request.Headers.Accept.ToString();
        if (path.StartsWith("/openapi/", StringComparison.Ordinal) || path == "/openapi")
        {
            await OpenApiAsync(context, registry, path, cancellationToken);
            return;
        }
        if (path is "/api" or "/api/" or "/apis" or "/apis/")
        {
            var core = path.StartsWith("/api/", StringComparison.Ordinal) || path == "/api";
            var aggregated = DiscoveryDocuments.AggregatedContentType(accept);
            JsonObject document = aggregated is not null
                ? DiscoveryDocuments.Aggregated(registry, core, aggregated)
                : core ? DiscoveryDocuments.ApiVersions(_api.ServerAddress) : DiscoveryDocuments.GroupList(registry);
            await JsonResponses.WriteNodeAsync(context, 200, document, cancellationToken, aggregated ?? JsonResponses.Json);
            return;
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 2 && segments[0] == "apis")
        {
            var group = registry.Groups.FirstOrDefault(g => g.Name == segments[1]) ?? throw ApiException.NotFoundPath();
            await JsonResponses.WriteNodeAsync(context, 200, DiscoveryDocuments.Group(group), cancellationToken);
            return;
        }
        if (!ApiRoute.TryParse(path, out var route)) throw ApiException.NotFoundPath();
        if (route.Resource.Length == 0)
        {
            var group = registry.Groups.FirstOrDefault(g => g.Name == route.Group && g.Versions.Contains(route.Version)) ?? throw ApiException.NotFoundPath();
            await JsonResponses.WriteNodeAsync(context, 200, DiscoveryDocuments.ResourceList(group, route.Version), cancellationToken);
            return;
        }
        await ResourceAsync(context, registry, route, method, caller, cancellationToken);
    }

    private async Task ResourceAsync(HttpContext context, RegistrySnapshot registry, ApiRoute route, string method, SandboxIdentity caller,
        CancellationToken cancellationToken)
    {
        var type = registry.Find(route.Group, route.Version, route.Resource) ?? throw ApiException.NotFoundPath();
        if (!type.Namespaced && route.Namespace is not null) throw ApiException.NotFoundPath();
        if (type.Namespaced && route.Namespace is null && route.Name is not null) throw ApiException.NotFoundPath();
        var ns = type.Namespaced ? route.Namespace ?? "" : "";
        var status = false;
        if (type.IsReview)
        {
            if (route.Name is not null || route.Subresource is not null) throw ApiException.NotFoundPath();
            if (method != "POST") throw ApiException.MethodNotAllowed($"{method} is not supported on {type.GroupResource}: it can only be created");
            await _reviews.ReviewAsync(context, type, caller, cancellationToken);
            return;
        }
        if (route.Subresource is "token" && type.HasTokenRequest && route.Name is not null)
        {
            if (method != "POST") throw ApiException.MethodNotAllowed($"{method} is not supported on {type.GroupResource} \"{route.Name}\" token");
            await _reviews.TokenAsync(context, type, ns, route.Name, cancellationToken);
            return;
        }
        if (route.Subresource is "scale" && type.Scale is { } scale && route.Name is not null)
        {
            switch (method)
            {
                case "GET":
                    await _scales.GetAsync(context, type, scale, ns, route.Name, cancellationToken);
                    return;
                case "PUT" or "PATCH":
                    await _scales.UpdateAsync(context, type, scale, ns, route.Name, cancellationToken);
                    return;
            }
            throw ApiException.MethodNotAllowed($"{method} is not supported on {type.GroupResource} \"{route.Name}\" scale");
        }
        if (route.Subresource is not null)
        {
            if (route.Subresource != "status" || !type.HasStatus || route.Name is null) throw ApiException.NotFoundPath();
            status = true;
        }

        if (route.Name is null)
        {
            switch (method)
            {
                case "GET":
                    var watch = context.Request.Query["watch"].ToString();
                    if (watch is "true" or "1") await _watches.WatchAsync(context, type, route.Namespace, cancellationToken);
                    else await _reads.ListAsync(context, type, route.Namespace, cancellationToken);
                    return;
                case "POST":
                    await _writes.CreateAsync(context, type, route.Namespace, cancellationToken);
                    return;
                case "DELETE":
                    await _writes.DeleteCollectionAsync(context, type, route.Namespace, cancellationToken);
                    return;
            }
            throw ApiException.MethodNotAllowed($"{method} is not supported on a collection of {type.GroupResource}");
        }

        switch (method)
        {
            case "GET":
                await _reads.GetAsync(context, type, ns, route.Name, cancellationToken);
                return;
            case "PUT":
                await _writes.ReplaceAsync(context, type, ns, route.Name, status, cancellationToken);
                return;
            case "PATCH":
                await _patches.PatchAsync(context, type, ns, route.Name, status, cancellationToken);
                return;
            case "DELETE" when !status:
                await _writes.DeleteAsync(context, type, ns, route.Name, cancellationToken);
                return;
        }
        throw ApiException.MethodNotAllowed($"{method} is not supported on {type.GroupResource} \"{route.Name}\"");
    }

    private static async Task OpenApiAsync(HttpContext context, RegistrySnapshot registry, string path, CancellationToken cancellationToken)
    {
        if (path is "/openapi/v3" or "/openapi/v3/")
        {
            await JsonResponses.WriteNodeAsync(context, 200, OpenApiDocuments.Root(registry), cancellationToken);
            return;
        }
        const string prefix = "/openapi/v3/";
        if (!path.StartsWith(prefix, StringComparison.Ordinal)) throw ApiException.NotFoundPath();
        var document = OpenApiDocuments.Find(registry, path[prefix.Length..].TrimEnd('/')) ?? throw ApiException.NotFoundPath();
        var hash = context.Request.Query["hash"].ToString();
        if (hash.Length > 0 && hash == OpenApiDocuments.Hash(document))
        {
            context.Response.Headers.CacheControl = "public, immutable";
            context.Response.Headers.ETag = $"\"{hash}\"";
        }
        await JsonResponses.WriteNodeAsync(context, 200, document, cancellationToken);
    }
}

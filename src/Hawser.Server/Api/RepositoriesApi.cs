using System.Globalization;
using System.Text.Json.Nodes;
using Hawser.Auth;
using Hawser.Rendering;
using Hawser.Settings;
using Hawser.Sources;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// The repository Secrets (<c>argocd.argoproj.io/secret-type: repository</c>): <c>GET /api/v1/repositories</c>
/// (<c>{"items": [...]}</c>), <c>GET /api/v1/repositories/REPO</c> (the URL, escaped) and the connection test
/// <c>POST /api/v1/repositories/REPO/validate</c> (Git: resolves <c>HEAD</c> with the stored credentials; Helm: reads
/// <c>index.yaml</c>), whose result is also the <c>connectionState</c> of <c>GET .../REPO?forceRefresh=true</c>. Each item
/// has <c>repo</c>, <c>type</c>, <c>name</c>, <c>project</c>, <c>username</c>, <c>insecure</c>, <c>enableOCI</c> and whether
/// it has credentials; never a password, key or token. RBAC: <c>repositories, get, URL</c>, or <c>PROJECT/URL</c> for a
/// repository scoped to a project.
/// </summary>
internal static class RepositoriesApi
{
    public static void Map(IEndpointRouteBuilder routes, RepositoryCatalog repositories, AppRenderer renderer, HelmChartSource charts, ApiAuth auth)
    {
        routes.MapGet("/api/v1/repositories", (HttpContext context) =>
        {
            var caller = ApiAuth.CallerOf(context);
            var items = new JsonArray();
            foreach (var repo in repositories.Repositories.OrderBy(r => r.Url, StringComparer.Ordinal))
            {
                if (auth.May(caller, RbacResources.Repositories, RbacActions.Get, ApiAuth.ScopedObject(repo.Project, repo.Url))) items.Add((JsonNode)Repository(repo, null));
            }
            return ApiJson.Result(new JsonObject { ["metadata"] = new JsonObject(), ["items"] = items });
        });

        routes.MapGet("/api/v1/repositories/{repo}", async (string repo, HttpContext context, HttpRequest request, CancellationToken ct) =>
        {
            var (found, refused) = await FindAsync(context, repositories, auth, repo);
            if (found is null) return refused!;
            var test = request.Query["forceRefresh"].ToString() == "true" ? await TestAsync(found, repositories, renderer, charts, ct) : null;
            return ApiJson.Result(Repository(found, test));
        });

        routes.MapPost("/api/v1/repositories/{repo}/validate", async (string repo, HttpContext context, CancellationToken ct) =>
        {
            var (found, refused) = await FindAsync(context, repositories, auth, repo);
            if (found is null) return refused!;
            var test = await TestAsync(found, repositories, renderer, charts, ct);
            return test["status"]!.GetValue<string>() == "Successful"
                ? ApiJson.Result(new JsonObject())
                : ApiErrors.Result(StatusCodes.Status400BadRequest, test["message"]!.GetValue<string>());
        });
    }

    private static async Task<(RepositorySecret? Repo, IResult? Refusal)> FindAsync(HttpContext context, RepositoryCatalog repositories, ApiAuth auth, string url)
    {
        var caller = ApiAuth.CallerOf(context);
        // Routing leaves an escaped '/' (%2F) escaped.
        url = Uri.UnescapeDataString(url);
        var repo = repositories.FindRepository(url);
        var obj = repo is null ? url : ApiAuth.ScopedObject(repo.Project, repo.Url);
        if (!auth.May(caller, RbacResources.Repositories, RbacActions.Get, obj)) return (null, await auth.DenyAsync(context, RbacResources.Repositories, RbacActions.Get, obj));
        return repo is null ? (null, ApiErrors.Result(StatusCodes.Status404NotFound, $"repository \"{DisplayUrl(url)}\" not found")) : (repo, null);
    }

    private static async Task<JsonObject> TestAsync(RepositorySecret repo, RepositoryCatalog repositories, AppRenderer renderer, HelmChartSource charts, CancellationToken ct)
    {
        var attempted = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        try
        {
            if (repo.Type == "helm") await charts.CheckRepositoryAsync(repo.Url, repositories.CredentialsFor(repo.Url), ct);
            else await renderer.ResolveFreshAsync(repo.Url, "HEAD", ct);
            return new JsonObject { ["status"] = "Successful", ["message"] = "", ["attemptedAt"] = attempted };
        }
        catch (SourceException e)
        {
            return new JsonObject { ["status"] = "Failed", ["message"] = e.Message, ["attemptedAt"] = attempted };
        }
    }

    // A URL without the user information a repository Secret's url may carry.
    private static string DisplayUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 ? new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString() : url;

    private static JsonObject Repository(RepositorySecret repo, JsonObject? connection) => new()
    {
        ["repo"] = DisplayUrl(repo.Url),
        ["type"] = repo.Type,
        ["name"] = repo.Name ?? "",
        ["project"] = repo.Project ?? "",
        ["username"] = repo.Username ?? "",
        ["insecure"] = repo.Insecure,
        ["enableOCI"] = repo.EnableOci,
        ["hasCredentials"] = repo.HasCredentials,
        ["connectionState"] = connection ?? new JsonObject { ["status"] = "Unknown", ["message"] = "not tested: ask with ?forceRefresh=true or POST .../validate" },
    };
}

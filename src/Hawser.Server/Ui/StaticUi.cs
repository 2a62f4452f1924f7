using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Hawser.Server.Ui;

/// <summary>
/// Serves the web UI (the static files <c>npm run build</c> writes to <c>ui/dist</c>) on the server's port. Requests no API
/// endpoint answers are public: a file of the build, else <c>index.html</c> for any path without an extension so the
/// single-page app's own routes (<c>/applications/NAME</c>) load on reload. <c>/api/</c> is never served from here, so it
/// stays behind <see cref="Api.ApiAuth"/>. Vite's hashed <c>/assets/</c> are cached for a year, everything else is
/// revalidated; every answer carries a Content-Security-Policy that allows this origin only.
/// </summary>
internal static partial class StaticUi
{
    /// <summary>The policy of every UI page: the server's own origin only, no inline script, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private const string Index = "index.html";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>
    /// Adds the UI to the pipeline, from <paramref name="directory"/>, or else from the first <c>wwwroot</c> beside the
    /// binary or <c>ui/dist</c> in a folder above it (a source checkout).
    /// </summary>
    public static void Use(WebApplication app, string? directory, ILoggerFactory loggers)
    {
        var root = directory is not null ? Path.GetFullPath(directory) : Locate(AppContext.BaseDirectory);
        var logger = loggers.CreateLogger(typeof(StaticUi));
        PhysicalFileProvider? files = null;
        if (root is not null && File.Exists(Path.Combine(root, Index))) files = new PhysicalFileProvider(root);
        else LogMissing(logger, root ?? "ui/dist");
        if (files is not null) app.Lifetime.ApplicationStopped.Register(files.Dispose);
        app.Use((context, next) => Applies(context) ? ServeAsync(context, files) : next(context));
    }

    /// <summary><c>wwwroot</c> beside <paramref name="baseDirectory"/>, else the nearest <c>ui/dist</c> above it; null when neither has an index.</summary>
    public static string? Locate(string baseDirectory)
    {
        var beside = Path.Combine(baseDirectory, "wwwroot");
        if (File.Exists(Path.Combine(beside, Index))) return beside;
        for (var dir = new DirectoryInfo(baseDirectory); dir is not null; dir = dir.Parent)
        {
            var dist = Path.Combine(dir.FullName, "ui", "dist");
            if (File.Exists(Path.Combine(dist, Index))) return dist;
        }
        return null;
    }

    // GET and HEAD that no endpoint took, outside /api/.
    private static bool Applies(HttpContext context) =>
        context.GetEndpoint() is null
        && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        && !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static async Task ServeAsync(HttpContext context, PhysicalFileProvider? files)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        if (files is null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            await response.WriteAsync("The web UI is not built: run scripts/setup.sh (npm ci && npm run build in ui/), or start the server with --ui-dir DIR.\n", context.RequestAborted);
            return;
        }
        var path = context.Request.Path.Value ?? "/";
        var file = files.GetFileInfo(path);
        if (!file.Exists || file.IsDirectory)
        {
            // A missing file (a name with an extension) is a 404; any other path is a route of the app.
            if (Path.HasExtension(path))
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                await response.WriteAsync($"not found: {path}\n", context.RequestAborted);
                return;
            }
            path = "/" + Index;
            file = files.GetFileInfo(path);
        }
        var etag = new EntityTagHeaderValue("\"" + file.LastModified.UtcTicks.ToString("x", CultureInfo.InvariantCulture) + "-" + file.Length.ToString("x", CultureInfo.InvariantCulture) + "\"");
        headers.CacheControl = path.StartsWith("/assets/", StringComparison.Ordinal) ? "public, max-age=31536000, immutable" : "no-cache";
        headers.ETag = etag.ToString();
        headers.LastModified = file.LastModified.ToString("R", CultureInfo.InvariantCulture);
        response.ContentType = ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream";
        if (context.Request.Headers.IfNoneMatch.ToString() == etag.ToString())
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentLength = file.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await response.SendFileAsync(file, context.RequestAborted);
    }

    [LoggerMessage(EventId = 8100, Level = LogLevel.Warning, Message = "The web UI is not built (looked for {Directory}/index.html): run scripts/setup.sh, or pass --ui-dir")]
    private static partial void LogMissing(ILogger logger, string directory);
}

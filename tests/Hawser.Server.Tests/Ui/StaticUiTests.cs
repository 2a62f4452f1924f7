using System.Net;
using Hawser.Server.Ui;
using Hawser.Testing;

namespace Hawser.Server.Tests.Ui;

/// <summary>The web UI's files on the server's port: public, with the app's routes falling back to index.html, the API still
/// behind a token, hashed assets cached for good, and a same-origin Content-Security-Policy on every page.</summary>
public sealed class StaticUiTests : IAsyncLifetime
{
    private readonly TempDirectory _ui = new("hawser-ui-files");
    private ServerHarness _h = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_ui.Path, "assets"));
        await File.WriteAllTextAsync(Path.Combine(_ui.Path, "index.html"), "<!doctype html><title>Hawser</title><script type=module src=/assets/app-1a2b.js></script>");
        await File.WriteAllTextAsync(Path.Combine(_ui.Path, "assets", "app-1a2b.js"), "console.log('hawser')");
        _h = await ServerHarness.CreateAsync();
        await _h.Repo.Write("apps/.keep", "").CommitAsync("empty", CancellationToken.None);
        await _h.StartServerAsync(o => o with { UiDirectory = _ui.Path });
        _http = new HttpClient { BaseAddress = _h.Server!.Url };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _h.DisposeAsync();
        _ui.Dispose();
    }

    [Fact]
    public async Task A_route_of_the_app_is_answered_with_index_html_without_a_token_and_revalidated()
    {
        foreach (var path in new[] { "/", "/applications", "/applications/guestbook", "/login?return=%2Faudit" })
        {
            using var response = await _http.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("<title>Hawser</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
            Assert.Equal(StaticUi.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task A_hashed_asset_is_cached_for_a_year_and_a_matching_etag_is_answered_304()
    {
        using var response = await _http.GetAsync("/assets/app-1a2b.js");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        Assert.Equal("console.log('hawser')", await response.Content.ReadAsStringAsync());

        using var again = new HttpRequestMessage(HttpMethod.Get, "/assets/app-1a2b.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", response.Headers.ETag!.ToString());
        using var notModified = await _http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task A_missing_file_is_404_and_the_API_and_health_endpoints_are_not_shadowed()
    {
        using var missing = await _http.GetAsync("/assets/gone-0000.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var outside = await _http.GetAsync("/..%2f..%2fetc%2fpasswd");
        Assert.DoesNotContain("root:", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var api = await _http.GetAsync("/api/v1/applications");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        using var unknownApi = await _http.GetAsync("/api/v1/no-such-thing");
        Assert.NotEqual("text/html", unknownApi.Content.Headers.ContentType?.MediaType);
        using var health = await _http.GetAsync("/healthz");
        Assert.Equal("ok", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public void The_build_is_found_in_ui_dist_above_the_binary_or_in_wwwroot_beside_it()
    {
        using var checkout = new TempDirectory("hawser-ui-locate");
        var bin = Directory.CreateDirectory(Path.Combine(checkout.Path, "src", "Hawser.Cli", "bin", "Release", "net10.0")).FullName;
        Assert.Null(StaticUi.Locate(bin));
        Directory.CreateDirectory(Path.Combine(checkout.Path, "ui", "dist"));
        File.WriteAllText(Path.Combine(checkout.Path, "ui", "dist", "index.html"), "x");
        Assert.Equal(Path.Combine(checkout.Path, "ui", "dist"), StaticUi.Locate(bin));
        Directory.CreateDirectory(Path.Combine(bin, "wwwroot"));
        File.WriteAllText(Path.Combine(bin, "wwwroot", "index.html"), "x");
        Assert.Equal(Path.Combine(bin, "wwwroot"), StaticUi.Locate(bin));
    }
}

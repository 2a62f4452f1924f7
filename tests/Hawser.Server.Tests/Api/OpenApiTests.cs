using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Tests.Api;

/// <summary>The OpenAPI document at <c>/api/openapi.json</c> lists every endpoint the server maps.</summary>
public sealed partial class OpenApiTests : IAsyncLifetime
{
    private ServerHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await ServerHarness.CreateAsync();
        await _h.Repo.Write("cm/cm.yaml", ServerHarness.ConfigMap("settings", "v1")).Write("apps/web.yaml", _h.Application("web", "cm", "web"))
            .CommitAsync("web", CancellationToken.None);
        await _h.StartServerAsync();
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Every_mapped_endpoint_is_in_the_openapi_document_which_needs_a_token()
    {
        using var api = new ApiClient(_h.Server!.Url);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.TryAsync(HttpMethod.Get, "api/openapi.json", null)).Status);
        var document = await api.GetAsync("api/openapi.json", _h.Server.LocalToken);
        Assert.Equal("Hawser API", document["info"]!["title"]!.GetValue<string>());
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject();

        var missing = new List<string>();
        var endpoints = _h.Server.Endpoints.Where(e => e.RoutePattern.RawText != "/api/openapi.json").ToList();
        foreach (var endpoint in endpoints)
        {
            var path = CatchAll().Replace(endpoint.RoutePattern.RawText!, "{$1}");
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])
            {
                if (paths[path]?[method.ToLowerInvariant()] is null) missing.Add($"{method} {path}");
            }
        }
        Assert.True(endpoints.Count >= 30, $"only {endpoints.Count} endpoints were mapped");
        Assert.Empty(missing);
    }

    [GeneratedRegex(@"\{\*\*?([a-z]+)\}")]
    private static partial Regex CatchAll();
}

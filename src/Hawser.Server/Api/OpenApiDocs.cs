using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Hawser.Server.Api;

/// <summary>
/// The OpenAPI document of the API, generated from the mapped endpoints (Microsoft.AspNetCore.OpenApi) and served at
/// <c>GET /api/openapi.json</c> (a token is needed, as for every API path). It declares the bearer scheme every endpoint
/// but the open ones takes.
/// </summary>
internal static class OpenApiDocs
{
    /// <summary>Where the document is served.</summary>
    public const string Path = "/api/openapi.json";

    public static void AddTo(IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Hawser API",
                Version = "v1",
                Description = "Argo CD's REST paths and JSON shapes; see docs/api.md. Pass a token as 'Authorization: Bearer TOKEN'.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT" };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
            return Task.CompletedTask;
        });
    });

    public static void Map(IEndpointRouteBuilder routes) => routes.MapOpenApi(Path);
}

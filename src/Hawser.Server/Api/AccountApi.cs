using System.Text.Json.Nodes;
using Hawser.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// <c>GET /api/v1/account/can-i/RESOURCE/ACTION/SUBRESOURCE</c>: whether the caller may do ACTION on the object SUBRESOURCE
/// (<c>PROJECT/APP</c> for applications; escape the <c>/</c> as <c>%2F</c>) of RESOURCE, as <c>argocd account can-i</c>
/// asks it: <c>{"value": "yes"}</c> or <c>{"value": "no"}</c>. For project-scoped resources the roles of the object's
/// project take part, as they do in every real decision.
/// </summary>
internal static class AccountApi
{
    public static void Map(IEndpointRouteBuilder routes, ApiAuth auth)
    {
        routes.MapGet("/api/v1/account/can-i/{resource}/{action}/{**subresource}", async (string resource, string action, string subresource, HttpContext context,
            CancellationToken ct) =>
        {
            if (!RbacResources.All.Contains(resource))
                return ApiErrors.Result(StatusCodes.Status400BadRequest, $"unknown resource \"{resource}\" (known: {string.Join(", ", RbacResources.All.Order(StringComparer.Ordinal))})");
            var allowed = await auth.MayOnObjectAsync(ApiAuth.CallerOf(context), resource, action, Uri.UnescapeDataString(subresource), ct);
            return ApiJson.Result(new JsonObject { ["value"] = allowed ? "yes" : "no" });
        });
    }
}

using System.Text.Json.Nodes;
using Hawser.Auth;
using Hawser.Settings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// <c>GET /api/v1/settings</c>, Argo CD's non-secret server settings. Open without a token, as in Argo CD, because the login
/// page needs it, but then only <c>url</c>, <c>oidcConfig</c> (<c>name</c>, <c>issuer</c>, <c>clientID</c>, <c>scopes</c>,
/// <c>cliClientID</c>) and <c>userLoginsDisabled</c>; an authenticated caller also gets <c>appLabelKey</c>,
/// <c>trackingMethod</c>, <c>statusBadgeEnabled</c>, <c>execEnabled</c> and <c>kustomizeOptions</c>. No secret value, ever.
/// </summary>
internal static class SettingsApi
{
    /// <summary>The path, which <see cref="ApiAuth"/> lets through without a token.</summary>
    public const string Path = "/api/v1/settings";

    public static void Map(IEndpointRouteBuilder routes, HawserSettings settings, OidcConfig? oidc)
    {
        routes.MapGet(Path, (HttpContext context) =>
        {
            var config = settings.Config;
            var body = new JsonObject
            {
                ["url"] = config.Access.Url ?? "",
                ["userLoginsDisabled"] = false,
            };
            if (oidc is not null)
            {
                body["oidcConfig"] = new JsonObject
                {
                    ["name"] = oidc.Name,
                    ["issuer"] = oidc.Issuer,
                    ["clientID"] = oidc.ClientId,
                    ["cliClientID"] = oidc.CliClientId ?? oidc.ClientId,
                    ["scopes"] = new JsonArray(oidc.RequestedScopes.Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
                    ["enablePKCEAuthentication"] = true,
                };
            }
            if (ApiAuth.TryCallerOf(context) is null) return ApiJson.Result(body);
            body["appLabelKey"] = config.Tracking.InstanceLabelKey;
            body["trackingMethod"] = config.Tracking.Method;
            body["statusBadgeEnabled"] = config.Access.StatusBadgeEnabled;
            body["execEnabled"] = config.Access.ExecEnabled;
            body["kustomizeOptions"] = new JsonObject { ["buildOptions"] = string.Join(' ', config.Kustomize.BuildOptions) };
            return ApiJson.Result(body);
        });
    }
}

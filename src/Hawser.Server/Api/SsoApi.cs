using Hawser.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Hawser.Server.Api;

/// <summary>
/// OIDC single sign-on (<see cref="OidcLogin"/>), on Argo CD's paths: <c>GET /auth/login?return_url=PATH</c> sends the
/// browser to the provider; the provider sends it back to <c>GET /auth/callback</c> (register <c>URL/auth/callback</c> as the
/// redirect URI, <c>URL</c> being argocd-cm's <c>url</c>, else the address the request came to), which issues a Hawser
/// session for the user, its groups taken from the ID token's claims named by RBAC's <c>scopes</c>, and redirects to
/// <c>return_url</c> with the token in the fragment (<c>#token=...</c>), or, for the CLI's loopback listener
/// (<c>http://127.0.0.1:PORT/...</c> or <c>localhost</c>), in the query. Any other return URL is refused, so the login
/// cannot be used as an open redirect. Failures answer 401 with the reason, and are audited. The provider's ID tokens are
/// accepted as bearer tokens too, as Argo CD accepts them (<see cref="OidcLogin.ValidateBearerAsync"/>).
/// </summary>
internal static class SsoApi
{
    public static void Map(IEndpointRouteBuilder routes, OidcLogin oidc, ApiAuth auth, string? externalUrl)
    {
        // Argo CD accepts the provider's own ID tokens as bearer tokens (the CLI's SSO login keeps one): issuer, signature,
        // expiry and audience (allowedAudiences) are checked.
        auth.ProviderToken = async (token, ct) =>
        {
            var (identity, error) = await oidc.ValidateBearerAsync(token, ct);
            if (identity is null && error is null) return null;
            return (identity is null ? null : new Caller(identity.Subject, identity.Groups, CallerKind.Sso), error);
        };
        routes.MapGet("/auth/login", async (HttpContext context, HttpRequest request, CancellationToken ct) =>
        {
            var returnTo = request.Query["return_url"].ToString() is { Length: > 0 } r ? r : "/";
            if (!IsAllowedReturn(returnTo))
                return ApiErrors.Result(StatusCodes.Status400BadRequest, "return_url must be a path of this server (\"/applications\") or a loopback URL of the CLI (http://127.0.0.1:PORT/)");
            try
            {
                return Results.Redirect((await oidc.BeginAsync(CallbackUri(request, externalUrl), returnTo, ct)).ToString());
            }
            catch (OidcLoginException e)
            {
                return ApiErrors.Result(StatusCodes.Status502BadGateway, e.Message);
            }
        });

        routes.MapGet("/auth/callback", async (HttpContext context, HttpRequest request, CancellationToken ct) =>
        {
            var q = request.Query;
            try
            {
                var (identity, returnTo) = await oidc.CompleteAsync(q["code"].ToString(), q["state"].ToString() is { Length: > 0 } s ? s : null, q["error"].ToString(), ct);
                var token = await auth.Accounts.IssueSsoSessionAsync(identity.Subject, identity.Groups, ApiAuth.SourceOf(context), ct);
                return Results.Redirect(IsLoopback(returnTo)
                    ? returnTo + (returnTo.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "token=" + Uri.EscapeDataString(token)
                    : returnTo + "#token=" + Uri.EscapeDataString(token));
            }
            catch (OidcLoginException e)
            {
                await auth.Audit.AppendAsync(new State.AuditEntry(DateTimeOffset.UtcNow, "unknown", CallerKind.Sso.ToString(), [], null, "login", RbacResources.Accounts,
                    oidc.Name, null, null, ApiAuth.SourceOf(context), State.AuditOutcome.Failed, e.Message), ct);
                return ApiErrors.Result(StatusCodes.Status401Unauthorized, $"SSO login failed: {e.Message}");
            }
        });
    }

    private static string CallbackUri(HttpRequest request, string? externalUrl) =>
        (externalUrl is { Length: > 0 } url ? url.TrimEnd('/') : $"{request.Scheme}://{request.Host}") + "/auth/callback";

    private static bool IsAllowedReturn(string url) =>
        (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.Contains('\\', StringComparison.Ordinal)) || IsLoopback(url);

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && uri.UserInfo.Length == 0 && !uri.IsDefaultPort;
}

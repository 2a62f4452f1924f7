using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawser.Testing;

/// <summary>
/// A real OpenID Connect provider on 127.0.0.1, built with OpenIddict's server: discovery, JWKS, the authorization code
/// flow with PKCE, signed ID tokens. It knows one confidential client; whoever asks to sign in is signed in as
/// <see cref="User"/> (there is no login page to click through).
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "hawser";
    public const string ClientSecret = "provider-client-secret";

    /// <summary>A second client of the same provider (another application): its ID tokens have its id as audience.</summary>
    public const string OtherClientId = "another-app";

    private readonly WebApplication _app;

    private TestOidcProvider(WebApplication app, Uri issuer)
    {
        _app = app;
        Issuer = issuer;
    }

    /// <summary>The issuer URL (with a trailing slash, as OpenIddict advertises it).</summary>
    public Uri Issuer { get; }

    /// <summary>Who the next authorization signs in: subject and groups.</summary>
    public (string Subject, string[] Groups) User { get; set; } = ("nobody", []);

    /// <summary>Starts the provider on a free port of 127.0.0.1.</summary>
    public static async Task<TestOidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        TestOidcProvider? provider = null;
        builder.Services.AddOpenIddict().AddServer(options =>
        {
            options.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            options.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            options.RegisterScopes(Scopes.OpenId, Scopes.Profile, Scopes.Email, "groups");
            // An EC signing key and a symmetric encryption key: generating RSA keys is slow on a busy machine.
            options.AddSigningKey(new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)));
            options.AddEncryptionKey(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)));
            options.DisableAccessTokenEncryption();
            options.EnableDegradedMode();
            options.UseAspNetCore().EnableAuthorizationEndpointPassthrough().DisableTransportSecurityRequirement();
            options.AddEventHandler<OpenIddictServerEvents.ValidateAuthorizationRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId is not (ClientId or OtherClientId)) context.Reject(Errors.InvalidClient, "unknown client");
                else if (context.RedirectUri is null || !context.RedirectUri.EndsWith("/auth/callback", StringComparison.Ordinal)) context.Reject(Errors.InvalidRequest, "unknown redirect_uri");
                return default;
            }));
            options.AddEventHandler<OpenIddictServerEvents.ValidateTokenRequestContext>(handler => handler.UseInlineHandler(context =>
            {
                if (context.ClientId is not (ClientId or OtherClientId) || context.ClientSecret != ClientSecret) context.Reject(Errors.InvalidClient, "wrong client credentials");
                return default;
            }));
        });
        var app = builder.Build();
        app.UseAuthentication();
        app.MapGet("/connect/authorize", (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest()!;
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.AddClaim(new Claim(Claims.Subject, provider!.User.Subject));
            foreach (var group in provider.User.Groups) identity.AddClaim(new Claim("groups", group));
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.IdentityToken, Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider = new TestOidcProvider(app, new Uri(address.TrimEnd('/') + "/"));
        return provider;
    }

    /// <summary>
    /// An ID token for <see cref="User"/> issued to <paramref name="clientId"/>, obtained as a client would: the
    /// authorization code flow with PKCE, then the code exchanged at the token endpoint.
    /// </summary>
    public async Task<string> IssueIdTokenAsync(string clientId)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Issuer };
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(verifier)));
        const string redirect = "http://127.0.0.1:9/auth/callback";
        using var authorize = await http.GetAsync(new Uri($"connect/authorize?response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString(redirect)}"
            + $"&scope=openid%20groups&state=s&nonce=n&code_challenge={challenge}&code_challenge_method=S256", UriKind.Relative));
        var location = authorize.Headers.Location ?? throw new InvalidOperationException($"the provider answered {(int)authorize.StatusCode}: {await authorize.Content.ReadAsStringAsync()}");
        var code = System.Web.HttpUtility.ParseQueryString(location.Query)["code"] ?? throw new InvalidOperationException($"no code in {location}");
        using var exchange = new HttpRequestMessage(HttpMethod.Post, new Uri("connect/token", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirect, ["client_id"] = clientId,
                ["client_secret"] = ClientSecret, ["code_verifier"] = verifier,
            }),
        };
        using var answer = await http.SendAsync(exchange);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        return body["id_token"]?.GetValue<string>() ?? throw new InvalidOperationException($"no ID token: {body.ToJsonString()}");
    }

    /// <summary>
    /// Writes <c>argocd-cm.yaml</c> (with <c>oidc.config</c> for this provider asking for <paramref name="scopes"/>, plus
    /// <paramref name="extraData"/> entries such as <c>accounts.alice: login</c>) and <c>argocd-secret.yaml</c> (holding
    /// <paramref name="clientSecret"/>, which oidc.config references) into a settings directory.
    /// </summary>
    public async Task WriteArgoCdSettingsAsync(string settingsDirectory, string scopes, string clientSecret = ClientSecret, params string[] extraData)
    {
        var data = string.Concat(extraData.Select(line => $"  {line}\n"));
        await File.WriteAllTextAsync(Path.Combine(settingsDirectory, "argocd-cm.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cm}\ndata:\n" + data
            + $"  oidc.config: |\n    name: Test IdP\n    issuer: {Issuer}\n    clientID: {ClientId}\n    clientSecret: $oidc.test.clientSecret\n    requestedScopes: [{scopes}]\n");
        await File.WriteAllTextAsync(Path.Combine(settingsDirectory, "argocd-secret.yaml"),
            $"apiVersion: v1\nkind: Secret\nmetadata: {{name: argocd-secret}}\nstringData: {{oidc.test.clientSecret: {clientSecret}}}\n");
    }

    /// <summary>The provider's published signing keys (its JWKS document), as anyone can fetch them.</summary>
    public async Task<string> JwksAsync()
    {
        using var http = new HttpClient { BaseAddress = Issuer };
        var discovery = System.Text.Json.Nodes.JsonNode.Parse(await http.GetStringAsync(new Uri(".well-known/openid-configuration", UriKind.Relative)))!;
        return await http.GetStringAsync(new Uri(discovery["jwks_uri"]!.GetValue<string>()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

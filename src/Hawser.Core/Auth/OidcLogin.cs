using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Hawser.Auth;

/// <summary>Who the OIDC provider signed in: the ID token's <c>sub</c>, and the groups RBAC's <c>scopes</c> name.</summary>
public sealed record OidcIdentity(string Subject, IReadOnlyList<string> Groups);

/// <summary>A failed SSO login; the message says which step and why (never a token or secret).</summary>
public sealed class OidcLoginException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The authorization code flow with PKCE against the provider of <c>oidc.config</c>, as Argo CD runs it:
/// <list type="number">
/// <item><see cref="BeginAsync"/>: a random <c>state</c>, <c>nonce</c> and PKCE verifier (S256) are kept for 10 minutes, and the
/// browser is sent to the provider's <c>authorization_endpoint</c> (from its <c>/.well-known/openid-configuration</c>).</item>
/// <item><see cref="CompleteAsync"/>: the <c>state</c> is used once; the code is exchanged at the <c>token_endpoint</c>
/// with the verifier (and the client secret, HTTP basic, for a confidential client); the ID token's signature (the
/// provider's JWKS), issuer, audience (the client id), expiry and nonce are checked.</item>
/// </list>
/// The issuer must use HTTPS, except on a loopback address (a provider on the same machine).
/// </summary>
public sealed class OidcLogin : IDisposable
{
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(10);
    private readonly OidcConfig _config;
    private readonly IReadOnlyList<string> _groupClaims;
    private readonly TimeProvider _time;
    private readonly HttpClient _http;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _discovery;
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    /// <param name="config">oidc.config.</param>
    /// <param name="groupClaims">RBAC's <c>scopes</c>: the ID token claims whose values are the user's groups.</param>
    /// <param name="time">The clock.</param>
    public OidcLogin(OidcConfig config, IReadOnlyList<string> groupClaims, TimeProvider time)
    {
        _config = config;
        _groupClaims = groupClaims;
        _time = time;
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var issuer = new Uri(config.Issuer);
        var requireHttps = !issuer.IsLoopback;
        if (requireHttps && issuer.Scheme != Uri.UriSchemeHttps)
            throw new Settings.SettingsException([$"argocd-cm oidc.config: issuer {config.Issuer} must use https (plain http only on a loopback address)"]);
        _discovery = new ConfigurationManager<OpenIdConnectConfiguration>(config.Issuer + "/.well-known/openid-configuration", new OpenIdConnectConfigurationRetriever(),
            new HttpDocumentRetriever(_http) { RequireHttps = requireHttps });
    }

    /// <summary>The provider's display name.</summary>
    public string Name => _config.Name;

    /// <summary>Starts a login: the URL of the provider to send the browser to.</summary>
    /// <param name="redirectUri">Hawser's callback (<c>URL/auth/callback</c>), as registered with the provider.</param>
    /// <param name="returnTo">Where to go once signed in (kept with the state, never sent to the provider).</param>
    public async Task<Uri> BeginAsync(string redirectUri, string returnTo, CancellationToken cancellationToken)
    {
        var metadata = await MetadataAsync(cancellationToken);
        Sweep();
        var state = Random();
        var nonce = Random();
        var verifier = Random() + Random();
        _pending[state] = new Pending(verifier, nonce, redirectUri, returnTo, _time.GetUtcNow() + PendingLifetime);
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = new Dictionary<string, string>
        {
            ["response_type"] = "code",
            ["client_id"] = _config.ClientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = string.Join(' ', _config.RequestedScopes),
            ["state"] = state,
            ["nonce"] = nonce,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        };
        var separator = metadata.AuthorizationEndpoint.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return new Uri(metadata.AuthorizationEndpoint + separator + string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
    }

    /// <summary>Completes a login from the provider's redirect; returns who signed in and where to go next.</summary>
    /// <exception cref="OidcLoginException">An unknown or expired state, an error from the provider, a failed exchange or an invalid ID token.</exception>
    public async Task<(OidcIdentity Identity, string ReturnTo)> CompleteAsync(string? code, string? state, string? error, CancellationToken cancellationToken)
    {
        if (state is null || !_pending.TryRemove(state, out var pending) || pending.Expires < _time.GetUtcNow())
            throw new OidcLoginException("unknown or expired login state: start the login again");
        if (error is { Length: > 0 }) throw new OidcLoginException($"the provider {_config.Name} refused the login: {error}");
        if (code is not { Length: > 0 }) throw new OidcLoginException("the provider's answer has no authorization code");
        var metadata = await MetadataAsync(cancellationToken);

        using var request = new HttpRequestMessage(HttpMethod.Post, metadata.TokenEndpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["redirect_uri"] = pending.RedirectUri,
                ["client_id"] = _config.ClientId,
                ["code_verifier"] = pending.Verifier,
            }),
        };
        if (_config.ClientSecret is { } secret)
        {
            var basic = Uri.EscapeDataString(_config.ClientId) + ":" + Uri.EscapeDataString(secret.Reveal());
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }
        string idToken;
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            if (!response.IsSuccessStatusCode)
            {
                var reason = body.RootElement.TryGetProperty("error_description", out var d) ? d.GetString() : body.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
                throw new OidcLoginException($"the provider's token endpoint answered {(int)response.StatusCode}: {reason}");
            }
            idToken = body.RootElement.TryGetProperty("id_token", out var t) && t.GetString() is { Length: > 0 } s ? s : throw new OidcLoginException("the provider returned no ID token");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new OidcLoginException($"the code exchange with {_config.Name} failed: {e.Message}", e);
        }
        return (await ValidateAsync(idToken, metadata, pending.Nonce), pending.ReturnTo);
    }

    /// <summary>
    /// Who an ID token of the provider presented as an API bearer token stands for, as Argo CD accepts them: only a token
    /// whose issuer is the configured one, signed with an asymmetric key of the provider's JWKS (never HMAC, never
    /// <c>none</c>), unexpired, with an audience of <see cref="OidcConfig.AllowedAudiences"/>. Null with the reason when
    /// it is refused; null without a reason when it is not a token of this provider at all.
    /// </summary>
    public async Task<(OidcIdentity? Identity, string? Error)> ValidateBearerAsync(string token, CancellationToken cancellationToken)
    {
        var handler = new JsonWebTokenHandler();
        if (!handler.CanReadToken(token)) return (null, null);
        string issuer;
        try
        {
            issuer = handler.ReadJsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return (null, null);
        }
        if (issuer.TrimEnd('/') != _config.Issuer) return (null, null);
        OpenIdConnectConfiguration metadata;
        try
        {
            metadata = await MetadataAsync(cancellationToken);
        }
        catch (OidcLoginException e)
        {
            return (null, e.Message);
        }
        var result = await handler.ValidateTokenAsync(token, Parameters(metadata, _config.AllowedAudiences));
        if (!result.IsValid) return (null, $"the {_config.Name} token is not valid: {Describe(result.Exception)}");
        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<string>("sub", out var sub) || sub.Length == 0) return (null, $"the {_config.Name} token has no sub claim");
        return (new OidcIdentity(sub, Groups(jwt)), null);
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration metadata, IEnumerable<string> audiences) => new()
    {
        ValidIssuer = metadata.Issuer,
        ValidAudiences = audiences,
        IssuerSigningKeys = metadata.SigningKeys,
        // The provider signs with its private key: an HMAC token (signed with a public key, or the client secret) is refused.
        ValidAlgorithms = AsymmetricAlgorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        LifetimeValidator = (notBefore, expires, _, _) => expires is { } exp && exp.ToUniversalTime() > _time.GetUtcNow().UtcDateTime.AddSeconds(-30)
            && (notBefore is not { } nbf || nbf.ToUniversalTime() <= _time.GetUtcNow().UtcDateTime.AddSeconds(30)),
    };

    private static readonly string[] AsymmetricAlgorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private static string Describe(Exception? e) => e switch
    {
        SecurityTokenInvalidAudienceException => "it was issued for another audience",
        SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException => "it has expired",
        SecurityTokenInvalidAlgorithmException => "its signing algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "its signature is not valid",
        _ => "it is malformed",
    };

    private List<string> Groups(JsonWebToken jwt)
    {
        var groups = new List<string>();
        foreach (var claim in _groupClaims)
        {
            if (jwt.TryGetPayloadValue<string[]>(claim, out var many)) groups.AddRange(many);
            else if (jwt.TryGetPayloadValue<string>(claim, out var one)) groups.Add(one);
        }
        return groups.Where(g => g.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    private async Task<OidcIdentity> ValidateAsync(string idToken, OpenIdConnectConfiguration metadata, string nonce)
    {
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, Parameters(metadata, [_config.ClientId]));
        if (!result.IsValid) throw new OidcLoginException($"the ID token from {_config.Name} is not valid: {result.Exception?.GetType().Name}");
        var jwt = (JsonWebToken)result.SecurityToken;
        if (!jwt.TryGetPayloadValue<string>("nonce", out var tokenNonce) || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(tokenNonce), Encoding.UTF8.GetBytes(nonce)))
            throw new OidcLoginException("the ID token's nonce is not the one this login sent");
        if (!jwt.TryGetPayloadValue<string>("sub", out var sub) || sub.Length == 0) throw new OidcLoginException("the ID token has no sub claim");
        return new OidcIdentity(sub, Groups(jwt));
    }

    private async Task<OpenIdConnectConfiguration> MetadataAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _discovery.GetConfigurationAsync(cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new OidcLoginException($"the discovery document of {_config.Issuer} could not be read: {e.Message}", e);
        }
    }

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var (state, pending) in _pending)
        {
            if (pending.Expires < now) _pending.TryRemove(state, out _);
        }
    }

    private static string Random() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public void Dispose() => _http.Dispose();

    private sealed record Pending(string Verifier, string Nonce, string RedirectUri, string ReturnTo, DateTimeOffset Expires);
}

using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Hawser.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hawser.Server.Tests.Api;

/// <summary>
/// Tokens an attacker could present (Argo CD's advisory classes of JWT audience confusion and forged tokens): each is
/// built with the server's real key where that matters, so the refusal is for the one property under test, and a control
/// token built the same way is accepted.
/// </summary>
public sealed class SecurityTokenTests(SecurityServer fixture) : IClassFixture<SecurityServer>
{
    private ApiClient Api => fixture.Api;

    // What the server's own tokens carry: its key (kept in the state store), issuer and audience.
    private async Task<(byte[] Key, string Issuer, string Audience)> ServerIdentityAsync()
    {
        var store = fixture.Harness.Server!.Store;
        var key = Convert.FromBase64String(await store.Accounts.GetOrCreateSecretAsync("server.secretkey", () => throw new InvalidOperationException("no key"), CancellationToken.None));
        var session = new JsonWebToken(await fixture.LoginAsync());
        return (key, session.Issuer, session.Audiences.Single());
    }

    private static JsonObject Claims(string issuer, string audience, DateTimeOffset? expires = null, string kind = "Session", string subject = "alice")
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return new JsonObject
        {
            ["iss"] = issuer, ["aud"] = audience, ["sub"] = subject, ["jti"] = Guid.NewGuid().ToString(), ["hawser.io/kind"] = kind,
            ["iat"] = now, ["nbf"] = now, ["exp"] = (expires ?? DateTimeOffset.UtcNow.AddHours(1)).ToUnixTimeSeconds(),
        };
    }

    // A JWT signed by hand, so any header (alg: none, HS with any key) can be sent.
    private static string Sign(JsonObject header, JsonObject payload, Func<byte[], byte[]>? signer)
    {
        var signingInput = Base64UrlEncoder.Encode(header.ToJsonString()) + "." + Base64UrlEncoder.Encode(payload.ToJsonString());
        return signingInput + "." + (signer is null ? "" : Base64UrlEncoder.Encode(signer(Encoding.ASCII.GetBytes(signingInput))));
    }

    private static string Hs(string alg, byte[] key, JsonObject payload) => Sign(new JsonObject { ["alg"] = alg, ["typ"] = "JWT" }, payload, input => alg switch
    {
        "HS256" => HMACSHA256.HashData(key, input),
        "HS384" => HMACSHA384.HashData(key, input),
        _ => HMACSHA512.HashData(key, input),
    });

    private async Task<(HttpStatusCode Status, string Message)> CallAsync(string token)
    {
        var (status, body) = await Api.TryAsync(HttpMethod.Get, "api/v1/applications", token);
        return (status, body?["message"]?.GetValue<string>() ?? "");
    }

    private async Task RefusedAsync(string token, string reason)
    {
        var (status, message) = await CallAsync(token);
        Assert.True(status == HttpStatusCode.Unauthorized, $"expected 401, got {(int)status} {message}");
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_built_with_the_servers_own_key_issuer_and_audience_is_accepted()
    {
        var (key, issuer, audience) = await ServerIdentityAsync();
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(Hs("HS256", key, Claims(issuer, audience)))).Status);
    }

    [Fact]
    public async Task A_token_signed_by_another_hawser_is_refused()
    {
        var (_, issuer, audience) = await ServerIdentityAsync();
        await RefusedAsync(Hs("HS256", RandomNumberGenerator.GetBytes(32), Claims(issuer, audience)), "signature");
    }

    [Fact]
    public async Task A_token_for_another_audience_or_from_another_issuer_is_refused_even_with_the_right_key()
    {
        var (key, issuer, audience) = await ServerIdentityAsync();
        await RefusedAsync(Hs("HS256", key, Claims(issuer, "hawser-0000000000000000")), "audience");
        await RefusedAsync(Hs("HS256", key, Claims("https://other-hawser.example", audience)), "issuer");
    }

    [Fact]
    public async Task Unsigned_tokens_and_other_algorithms_are_refused()
    {
        var (key, issuer, audience) = await ServerIdentityAsync();
        await RefusedAsync(Sign(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }, Claims(issuer, audience), null), "invalid session");
        await RefusedAsync(Sign(new JsonObject { ["alg"] = "None" }, Claims(issuer, audience), null), "invalid session");
        await RefusedAsync(Hs("HS512", key, Claims(issuer, audience)), "invalid session");
        // An asymmetric token with its own public key in the header (jwk injection): the server never takes keys from tokens.
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ecKey = new ECDsaSecurityKey(ec);
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(ecKey);
        var forged = new JsonWebTokenHandler().CreateToken(Claims(issuer, audience).ToJsonString(), new SigningCredentials(ecKey, SecurityAlgorithms.EcdsaSha256),
            new Dictionary<string, object> { ["jwk"] = new Dictionary<string, object> { ["kty"] = jwk.Kty, ["crv"] = jwk.Crv, ["x"] = jwk.X, ["y"] = jwk.Y } });
        await RefusedAsync(forged, "invalid session");
    }

    [Fact]
    public async Task Expired_tokens_and_tokens_without_hawsers_claims_are_refused()
    {
        var (key, issuer, audience) = await ServerIdentityAsync();
        await RefusedAsync(Hs("HS256", key, Claims(issuer, audience, DateTimeOffset.UtcNow.AddMinutes(-5))), "expired");
        var noKind = Claims(issuer, audience);
        noKind.Remove("hawser.io/kind");
        await RefusedAsync(Hs("HS256", key, noKind), "Hawser's claims");
        // A session claims to be an API token: it has no stored record, so it counts as revoked.
        await RefusedAsync(Hs("HS256", key, Claims(issuer, audience, kind: "ApiKey")), "revoked");
    }

    [Fact]
    public async Task A_revoked_token_and_a_logged_out_session_are_refused_at_once()
    {
        var created = await Api.JsonAsync(HttpMethod.Post, "api/v1/account/alice/token", fixture.Admin, new JsonObject());
        var token = created["token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(token)).Status);
        await Api.JsonAsync(HttpMethod.Delete, $"api/v1/account/alice/token/{created["id"]!.GetValue<string>()}", fixture.Admin);
        await RefusedAsync(token, "revoked");

        var session = await fixture.LoginAsync();
        var other = await fixture.LoginAsync();
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(session)).Status);
        await Api.JsonAsync(HttpMethod.Delete, "api/v1/session", session);
        await RefusedAsync(session, "logged out");
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(other)).Status);
        var audit = await Api.GetAsync("api/v1/audit?user=alice", fixture.Admin);
        Assert.Contains(audit["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "logout");
    }

    [Fact]
    public async Task An_sso_session_ends_at_logout()
    {
        fixture.Provider.User = ("sso-user", ["sso-admins"]);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Harness.Server!.Url };
        var login = await browser.GetAsync(new Uri("auth/login?return_url=%2F", UriKind.Relative));
        var provider = await browser.GetAsync(login.Headers.Location!);
        var done = await browser.GetAsync(provider.Headers.Location!);
        var token = Uri.UnescapeDataString(done.Headers.Location!.ToString().Split("#token=")[1]);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(token)).Status);
        await Api.JsonAsync(HttpMethod.Delete, "api/v1/session", token);
        await RefusedAsync(token, "logged out");
    }

    [Fact]
    public async Task The_providers_id_token_is_accepted_only_with_the_configured_issuer_and_an_allowed_audience()
    {
        fixture.Provider.User = ("idp-user", ["sso-admins"]);
        var idToken = await fixture.Provider.IssueIdTokenAsync(TestOidcProvider.ClientId);
        var info = await Api.GetAsync("api/v1/session/userinfo", idToken);
        Assert.Equal("idp-user", info["username"]!.GetValue<string>());
        Assert.Equal(["sso-admins"], info["groups"]!.AsArray().Select(g => g!.GetValue<string>()));

        // Issued by the same provider to another application: its audience is not allowed.
        await RefusedAsync(await fixture.Provider.IssueIdTokenAsync(TestOidcProvider.OtherClientId), "another audience");

        // Issued by another provider for the same client id: not this server's issuer, so not a token it knows.
        await using var elsewhere = await TestOidcProvider.StartAsync();
        elsewhere.User = ("idp-user", ["sso-admins"]);
        await RefusedAsync(await elsewhere.IssueIdTokenAsync(TestOidcProvider.ClientId), "invalid session");
    }

    [Fact]
    public async Task Hmac_tokens_in_the_providers_name_are_refused_whatever_key_signs_them()
    {
        var issuer = fixture.Provider.Issuer.ToString();
        var claims = Claims(issuer, TestOidcProvider.ClientId);
        claims["sub"] = "idp-user";
        // HS/RS confusion: HMAC keyed with the provider's public keys as published, or with the client secret.
        await RefusedAsync(Hs("HS256", Encoding.UTF8.GetBytes(await fixture.Provider.JwksAsync()), claims), "Test IdP token is not valid");
        await RefusedAsync(Hs("HS256", Encoding.UTF8.GetBytes(TestOidcProvider.ClientSecret), claims), "Test IdP token is not valid");
        await RefusedAsync(Sign(new JsonObject { ["alg"] = "none" }, claims, null), "invalid session");
    }
}

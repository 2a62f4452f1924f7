using System.Net;
using System.Text.Json.Nodes;
using Hawser.Settings;
using Hawser.Testing;

namespace Hawser.Server.Tests.Api;

/// <summary>
/// SSO through a real OpenID Connect provider (OpenIddict on 127.0.0.1) configured the way Argo CD users write
/// <c>oidc.config</c>: the authorization code flow with PKCE, the client secret from argocd-secret, and the provider's
/// <c>groups</c> claim mapped to RBAC roles by <c>g</c> lines.
/// </summary>
public sealed class SsoTests : IAsyncLifetime
{
    private TestOidcProvider _provider = null!;
    private ServerHarness _h = null!;
    private HttpClient _browser = null!;

    public async Task InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        _h = await ServerHarness.CreateAsync();
        await StartAsync(TestOidcProvider.ClientSecret);
    }

    private async Task StartAsync(string clientSecret)
    {
        var settingsDir = _h.DataDirectory + "-settings";
        Directory.CreateDirectory(settingsDir);
        await _provider.WriteArgoCdSettingsAsync(settingsDir, "openid, profile, email, groups", clientSecret);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "argocd-rbac-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-rbac-cm}
            data:
              policy.csv: |
                p, role:web-team, applications, *, default/web, allow
                g, web-developers, role:web-team
            """);
        var settings = await HawserSettings.LoadAsync(new DirectorySettingsSource(settingsDir), CancellationToken.None);
        if (_h.Server is null)
        {
            await _h.Repo.Write("cm/cm.yaml", ServerHarness.ConfigMap("settings", "v1"))
                .Write("apps/web.yaml", _h.Application("web", "cm", "web")).Write("apps/other.yaml", _h.Application("other", "cm", "other"))
                .CommitAsync("apps", CancellationToken.None);
        }
        await _h.StopServerAsync();
        await _h.StartServerAsync(o => o with { Settings = settings });
        await _h.EventuallyAsync(() => _h.Controller.Catalog.Find("web") is not null && _h.Controller.Catalog.Find("other") is not null, "the apps registered",
            TimeSpan.FromSeconds(60));
        _browser?.Dispose();
        _browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _h.Server!.Url };
    }

    public async Task DisposeAsync()
    {
        _browser.Dispose();
        await _h.DisposeAsync();
        await _provider.DisposeAsync();
    }

    // Follows the browser's redirects through the provider and back; returns Hawser's last answer.
    private async Task<HttpResponseMessage> SignInAsync(string returnUrl)
    {
        var login = await _browser.GetAsync($"auth/login?return_url={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var authorize = login.Headers.Location!;
        Assert.StartsWith(_provider.Issuer.ToString(), authorize.ToString(), StringComparison.Ordinal);
        Assert.Contains("code_challenge_method=S256", authorize.Query, StringComparison.Ordinal);
        var provider = await _browser.GetAsync(authorize);
        Assert.True(provider.StatusCode == HttpStatusCode.Redirect, $"the provider answered {(int)provider.StatusCode}: {await provider.Content.ReadAsStringAsync()}");
        var callback = provider.Headers.Location!;
        Assert.StartsWith(_h.Server!.Url + "auth/callback", callback.ToString(), StringComparison.Ordinal);
        return await _browser.GetAsync(callback);
    }

    [Fact]
    public async Task A_user_signs_in_through_the_provider_and_its_groups_decide_what_it_may_do()
    {
        _provider.User = ("dev-1", ["web-developers", "staff"]);
        var done = await SignInAsync("/applications");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var location = done.Headers.Location!.ToString();
        Assert.StartsWith("/applications#token=", location, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(location[(location.IndexOf("#token=", StringComparison.Ordinal) + 7)..]);

        using var api = new ApiClient(_h.Server!.Url);
        var user = await api.GetAsync("api/v1/session/userinfo", token);
        Assert.Equal("dev-1", user["username"]!.GetValue<string>());
        Assert.Equal(["web-developers", "staff"], user["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal(["web"], ApiClient.Names(await api.GetAsync("api/v1/applications", token)));
        Assert.Equal(HttpStatusCode.OK, (await api.TryAsync(HttpMethod.Post, "api/v1/applications/web/sync", token, new JsonObject())).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.TryAsync(HttpMethod.Post, "api/v1/applications/other/sync", token, new JsonObject())).Status);

        var settings = await api.GetAsync("api/v1/settings", null);
        Assert.Equal("Test IdP", settings["oidcConfig"]!["name"]!.GetValue<string>());
        Assert.DoesNotContain(TestOidcProvider.ClientSecret, settings.ToJsonString(), StringComparison.Ordinal);

        var audit = await api.GetAsync("api/v1/audit?user=dev-1", _h.Server.LocalToken);
        Assert.Contains(audit["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "login" && e["actorKind"]!.GetValue<string>() == "Sso"
            && e["outcome"]!.GetValue<string>() == "Succeeded");
        Assert.Contains(audit["items"]!.AsArray(), e => e!["action"]!.GetValue<string>() == "sync" && e["groups"]!.AsArray().Count == 2);
    }

    [Fact]
    public async Task A_user_in_no_mapped_group_sees_nothing_and_a_replayed_callback_is_refused()
    {
        _provider.User = ("visitor", ["guests"]);
        var login = await _browser.GetAsync("auth/login?return_url=%2F");
        var provider = await _browser.GetAsync(login.Headers.Location!);
        var callback = provider.Headers.Location!;
        var done = await _browser.GetAsync(callback);
        var token = Uri.UnescapeDataString(done.Headers.Location!.ToString().Split("#token=")[1]);
        using var api = new ApiClient(_h.Server!.Url);
        Assert.Empty((await api.GetAsync("api/v1/applications", token))["items"]!.AsArray());

        var replay = await _browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Contains("state", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Return_urls_outside_the_server_or_the_cli_loopback_are_refused()
    {
        foreach (var url in new[] { "https://evil.example/", "//evil.example/x", "http://127.0.0.1/no-port", "/\\evil.example" })
            Assert.Equal(HttpStatusCode.BadRequest, (await _browser.GetAsync($"auth/login?return_url={Uri.EscapeDataString(url)}")).StatusCode);
        _provider.User = ("cli-user", []);
        var done = await SignInAsync("http://127.0.0.1:8085/auth/callback");
        Assert.StartsWith("http://127.0.0.1:8085/auth/callback?token=", done.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_client_secret_fails_the_login_at_the_code_exchange()
    {
        await StartAsync("not-the-secret");
        _provider.User = ("dev-1", ["web-developers"]);
        var done = await SignInAsync("/");
        Assert.Equal(HttpStatusCode.Unauthorized, done.StatusCode);
        Assert.Contains("token endpoint", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Hawser.Auth;
using Hawser.Settings;

namespace Hawser.Server.Tests.Api;

/// <summary>
/// The API against a running server: two teams with their own AppProjects (declared in Git by a parent app), a read-only
/// auditor, a deny rule and a project role token; logins, tokens, RBAC endpoint by endpoint with list filtering, and the
/// audit log recording each of these with the right actor.
/// </summary>
public sealed class AuthApiTests : IAsyncLifetime
{
    private const string Teams = """
        apiVersion: argoproj.io/v1alpha1
        kind: AppProject
        metadata: {name: team-a}
        spec:
          sourceRepos: ['*']
          destinations: [{server: '*', namespace: 'team-a*'}]
          clusterResourceWhitelist: [{group: '', kind: Namespace}]
          roles:
          - name: ci
            policies: ['p, proj:team-a:ci, applications, sync, team-a/*, allow', 'p, proj:team-a:ci, applications, get, team-a/*, allow']
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AppProject
        metadata: {name: team-b}
        spec:
          sourceRepos: ['*']
          destinations: [{server: '*', namespace: 'team-b*'}]
          clusterResourceWhitelist: [{group: '', kind: Namespace}]
        """;

    private const string Policy = """
        p, role:team-a, applications, *, team-a/*, allow
        p, role:team-a, applications, sync, team-a/a-frozen, deny
        p, role:team-b, applications, *, team-b/*, allow
        g, alice, role:team-a
        g, bob, role:team-b
        g, carol, role:readonly
        """;

    private ServerHarness _h = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _h = await ServerHarness.CreateAsync();
        var settingsDir = Path.Combine(_h.DataDirectory + "-settings");
        Directory.CreateDirectory(settingsDir);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "argocd-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cm}
            data:
              accounts.alice: apiKey, login
              accounts.bob: login
              accounts.carol: login
            """);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "argocd-rbac-cm.yaml"), $"""
            apiVersion: v1
            kind: ConfigMap
            metadata: {"{"}name: argocd-rbac-cm{"}"}
            data:
              policy.csv: |
            {string.Join("\n", Policy.Split('\n').Select(l => "    " + l))}
            """);
        var settings = await HawserSettings.LoadAsync(new DirectorySettingsSource(settingsDir), CancellationToken.None);

        var child = (string name, string project, string ns) => _h.Application(name, "cm", ns).Replace("project: default", $"project: {project}", StringComparison.Ordinal);
        await _h.Repo.Write("cm/cm.yaml", ServerHarness.ConfigMap("settings", "v1"))
            .Write("teams/projects.yaml", Teams)
            .Write("teams/apps.yaml", string.Join("\n---\n", child("a-web", "team-a", "team-a-web"), child("a-frozen", "team-a", "team-a-frozen"), child("b-web", "team-b", "team-b-web")))
            .Write("apps/teams.yaml", _h.Application("teams", "teams", "argocd"))
            .CommitAsync("teams", CancellationToken.None);
        await _h.StartServerAsync(o => o with { Settings = settings, Login = LoginPolicy.Default with { HashWorkFactor = 4, MaxFailures = 3 } });
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("a-web") && _h.SyncedAndHealthy("b-web"), "the team apps synced", TimeSpan.FromSeconds(60));
        _http = new HttpClient { BaseAddress = _h.Server!.Url };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _h.DisposeAsync();
    }

    private async Task SetPasswordAsync(string user, string password)
    {
        var admin = await File.ReadAllTextAsync(Path.Combine(_h.DataDirectory, AccountService.InitialPasswordFile));
        var token = await LoginAsync("admin", admin.Trim());
        using var response = await SendAsync(HttpMethod.Put, "api/v1/account/password", token, new JsonObject { ["name"] = user, ["currentPassword"] = admin.Trim(), ["newPassword"] = password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> LoginAsync(string user, string password)
    {
        using var response = await _http.PostAsJsonAsync("api/v1/session", new JsonObject { ["username"] = user, ["password"] = password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, JsonObject? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await _http.SendAsync(request);
    }

    private async Task<List<string>> ListAsync(string token)
    {
        using var response = await SendAsync(HttpMethod.Get, "api/v1/applications", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
    }

    private async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path, string? token, JsonObject? body = null)
    {
        using var response = await SendAsync(method, path, token, body);
        return response.StatusCode;
    }

    [Fact]
    public async Task The_rbac_matrix_holds_endpoint_by_endpoint_with_list_filtering_and_is_audited()
    {
        await SetPasswordAsync("alice", "alice-password");
        await SetPasswordAsync("bob", "bob-password");
        await SetPasswordAsync("carol", "carol-password");
        var alice = await LoginAsync("alice", "alice-password");
        var bob = await LoginAsync("bob", "bob-password");
        var carol = await LoginAsync("carol", "carol-password");

        Assert.Equal(["a-frozen", "a-web"], await ListAsync(alice));
        Assert.Equal(["b-web"], await ListAsync(bob));
        Assert.Equal(["a-frozen", "a-web", "b-web", "root", "teams"], await ListAsync(carol));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "api/v1/applications/a-web", alice));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "api/v1/applications/b-web", alice));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "api/v1/applications/no-such-app", alice));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Post, "api/v1/applications/a-web/sync", alice, new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "api/v1/applications/a-frozen/sync", alice, new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "api/v1/applications/b-web/sync", alice, new JsonObject()));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Post, "api/v1/applications/b-web/sync", bob, new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "api/v1/applications/b-web/sync", carol, new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Get, "api/v1/audit", alice));

        var admin = _h.Server!.LocalToken;
        using var audit = await SendAsync(HttpMethod.Get, "api/v1/audit?app=b-web", admin);
        var entries = (await audit.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Contains(entries, e => e["actor"]!.GetValue<string>() == "bob" && e["action"]!.GetValue<string>() == "sync" && e["outcome"]!.GetValue<string>() == "Succeeded" && e["project"]!.GetValue<string>() == "team-b");
        Assert.Contains(entries, e => e["actor"]!.GetValue<string>() == "alice" && e["action"]!.GetValue<string>() == "sync" && e["outcome"]!.GetValue<string>() == "Denied");
        Assert.Contains(entries, e => e["actor"]!.GetValue<string>() == "carol" && e["outcome"]!.GetValue<string>() == "Denied");
        var text = await (await SendAsync(HttpMethod.Get, "api/v1/audit", admin)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("alice-password", text, StringComparison.Ordinal);
        Assert.DoesNotContain(alice, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_project_token_made_through_the_API_syncs_its_own_project_only_until_it_is_deleted()
    {
        await SetPasswordAsync("alice", "alice-password");
        var alice = await LoginAsync("alice", "alice-password");
        var admin = _h.Server!.LocalToken;
        // Making a project's tokens takes the right to update the project: alice may use team-a's apps, not change the project.
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "api/v1/projects/team-a/roles/ci/token", alice, new JsonObject()));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(HttpMethod.Post, "api/v1/projects/team-a/roles/no-such-role/token", admin, new JsonObject()));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(HttpMethod.Post, "api/v1/projects/no-such-project/roles/ci/token", admin, new JsonObject()));

        using var created = await SendAsync(HttpMethod.Post, "api/v1/projects/team-a/roles/ci/token", admin, new JsonObject { ["expiresIn"] = 3600 });
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var token = body["token"]!.GetValue<string>();
        var id = body["id"]!.GetValue<string>();
        Assert.Equal(["a-frozen", "a-web"], await ListAsync(token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Post, "api/v1/applications/a-web/sync", token, new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "api/v1/applications/b-web/sync", token, new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "api/v1/account/admin/token", token, new JsonObject()));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(HttpMethod.Post, "api/v1/projects/team-a/roles/ci/token", token, new JsonObject()));

        using var listed = await SendAsync(HttpMethod.Get, "api/v1/projects/team-a/roles/ci/token", admin);
        var tokens = (await listed.Content.ReadFromJsonAsync<JsonObject>())!["items"]!.AsArray();
        Assert.Equal(id, Assert.Single(tokens)!["id"]!.GetValue<string>());
        Assert.DoesNotContain(token, await listed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Argo CD's CLI names the token by its issue time and passes the id as a query parameter.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Delete, $"api/v1/projects/team-a/roles/ci/token/0?id={id}", admin));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "api/v1/applications", token));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(HttpMethod.Delete, $"api/v1/projects/team-a/roles/ci/token/{id}", admin));
    }

    [Fact]
    public async Task Logins_lock_out_after_repeated_failures_and_tokens_are_checked_on_every_request()
    {
        await SetPasswordAsync("alice", "alice-password");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Post, "api/v1/session", null, new JsonObject { ["username"] = "alice", ["password"] = "guess" }));
        using (var locked = await SendAsync(HttpMethod.Post, "api/v1/session", null, new JsonObject { ["username"] = "alice", ["password"] = "alice-password" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
            Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var created = await SendAsync(HttpMethod.Post, "api/v1/account/alice/token", _h.Server!.LocalToken, new JsonObject { ["expiresIn"] = 3600 });
        var body = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var token = body["token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "api/v1/applications", token));
        var parts = token.Split('.');
        var tampered = parts[0] + "." + parts[1].Replace(parts[1][^2..], parts[1][^2] == 'A' ? "BB" : "AA", StringComparison.Ordinal) + "." + parts[2];
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "api/v1/applications", tampered));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Delete, $"api/v1/account/alice/token/{body["id"]!.GetValue<string>()}", _h.Server.LocalToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(HttpMethod.Get, "api/v1/applications", token));
    }

    [Theory]
    [InlineData("GET", "api/v1/applications")]
    [InlineData("GET", "api/v1/applications/a-web")]
    [InlineData("POST", "api/v1/applications/a-web/sync")]
    [InlineData("GET", "api/v1/account")]
    [InlineData("POST", "api/v1/account/alice/token")]
    [InlineData("PUT", "api/v1/account/password")]
    [InlineData("GET", "api/v1/audit")]
    [InlineData("GET", "api/v1/session/userinfo")]
    public async Task No_endpoint_but_health_login_and_version_answers_without_a_token(string method, string path)
    {
        using var response = await SendAsync(new HttpMethod(method), path, null, method == "GET" ? null : new JsonObject());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(16, error!["code"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "healthz", null));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(HttpMethod.Get, "api/version", null));
    }

    [Fact]
    public async Task Oversized_or_deeply_nested_bodies_are_refused_with_an_error_body()
    {
        var admin = _h.Server!.LocalToken;
        var deep = new StringBuilder();
        for (var i = 0; i < 200; i++) deep.Append("{\"a\":");
        deep.Append('1').Append('}', 200);
        using var nested = new HttpRequestMessage(HttpMethod.Post, "api/v1/applications/a-web/sync") { Content = new StringContent(deep.ToString(), Encoding.UTF8, "application/json") };
        nested.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
        using var nestedResponse = await _http.SendAsync(nested);
        Assert.Equal(HttpStatusCode.BadRequest, nestedResponse.StatusCode);
        Assert.Contains("levels deep", (await nestedResponse.Content.ReadFromJsonAsync<JsonObject>())!["message"]!.GetValue<string>(), StringComparison.Ordinal);

        using var big = new HttpRequestMessage(HttpMethod.Post, "api/v1/session") { Content = new StringContent("{\"username\":\"" + new string('x', 2 * 1024 * 1024) + "\"}", Encoding.UTF8, "application/json") };
        using var bigResponse = await _http.SendAsync(big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bigResponse.StatusCode);
    }
}

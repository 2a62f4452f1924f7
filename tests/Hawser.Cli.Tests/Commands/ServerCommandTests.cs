using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Hawser.Sandbox;
using Hawser.Testing;

namespace Hawser.Cli.Tests.Commands;

/// <summary>
/// <c>hawser server</c> run as the user runs it, a process of its own (the NativeAOT executable when
/// <c>HAWSER_TEST_CLI</c> names it): the parts that lean on native libraries and reflection-free JSON have to work there,
/// not only in a test host: SQLite state, Lua health checks, the API's JSON, password and OpenID Connect logins, metrics.
/// </summary>
public sealed class ServerCommandTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _dir = new("hawser-cli-server");
    private TestOidcProvider _provider = null!;
    private SandboxServer _sandbox = null!;
    private BackgroundProcess _server = null!;
    private HttpClient _http = null!;

    private string Data => Path.Combine(_dir.Path, "data");

    public async Task InitializeAsync()
    {
        _provider = await TestOidcProvider.StartAsync();
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { Simulation = new Sandbox.Simulation.SimulationOptions { Delay = TimeSpan.FromMilliseconds(100) } }, Ct);
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "config-repo"), Ct);
        await repo.Write("cm/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {value: v1}\n")
            .Write("apps/web.yaml", $$"""
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: web}
                spec:
                  project: default
                  source: {repoURL: {{"file://" + repo.Path}}, targetRevision: main, path: cm}
                  destination: {server: https://kubernetes.default.svc, namespace: web}
                  syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
                """)
            .CommitAsync("apps", Ct);
        var settings = Path.Combine(_dir.Path, "settings");
        Directory.CreateDirectory(settings);
        await _provider.WriteArgoCdSettingsAsync(settings, "openid, profile, email, groups", TestOidcProvider.ClientSecret,
            "resource.customizations.health._ConfigMap: |",
            "  hs = {}",
            "  hs.status = \"Degraded\"",
            "  hs.message = \"lua says \" .. obj.data.value",
            "  return hs");
        await File.WriteAllTextAsync(Path.Combine(settings, "argocd-rbac-cm.yaml"),
            "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-rbac-cm}\ndata:\n  policy.csv: |\n    g, web-developers, role:readonly\n", Ct);
        var port = FreePort.Next();
        _server = HawserProcess.Start(Data, "server", "--repo", "file://" + repo.Path, "--path", "apps", "--revision", "main", "--kubeconfig", _sandbox.KubeconfigPath,
            "--settings", settings, "--listen", $"127.0.0.1:{port}", "--image-update-interval", "0");
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await EventuallyAsync(async () => (await TryGetAsync("readyz"))?.StatusCode == HttpStatusCode.OK, "the server answered /readyz");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
        await _sandbox.DisposeAsync();
        await _provider.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_server_process_syncs_judges_health_with_Lua_and_signs_users_in_with_a_password_and_through_OpenID_Connect()
    {
        var password = await HawserProcess.RunAsync(Data, "admin", "initial-password");
        Assert.True(password.ExitCode == 0, password.StandardError);
        var session = await SendAsync(HttpMethod.Post, "api/v1/session", null, new JsonObject { ["username"] = "admin", ["password"] = password.StandardOutput.Trim() });
        var admin = session["token"]!.GetValue<string>();

        JsonNode? app = null;
        await EventuallyAsync(async () =>
        {
            app = await SendAsync(HttpMethod.Get, "api/v1/applications/web", admin);
            return app["status"]?["sync"]?["status"]?.GetValue<string>() == "Synced" && app["status"]?["health"]?["status"]?.GetValue<string>() == "Degraded";
        }, "the app synced and its ConfigMap judged by the Lua check");
        Assert.Equal("lua says v1", app!["status"]!["resources"]!.AsArray().Single(r => r!["kind"]!.GetValue<string>() == "ConfigMap")!["health"]!["message"]!.GetValue<string>());
        var tree = await SendAsync(HttpMethod.Get, "api/v1/applications/web/resource-tree", admin);
        Assert.Contains(tree["nodes"]!.AsArray(), n => n!["kind"]!.GetValue<string>() == "ConfigMap" && n["name"]!.GetValue<string>() == "settings");
        var missing = await _http.SendAsync(Request(HttpMethod.Get, "api/v1/applications/nope", admin));
        Assert.Equal(HttpStatusCode.Forbidden, missing.StatusCode);
        Assert.Equal(7, JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["code"]!.GetValue<int>());
        Assert.Contains("hawser_", await _http.GetStringAsync("metrics"), StringComparison.Ordinal);

        _provider.User = ("dev-1", ["web-developers"]);
        var login = await _http.GetAsync("auth/login?return_url=%2Fapplications");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var authorized = await _http.GetAsync(login.Headers.Location!);
        Assert.Equal(HttpStatusCode.Redirect, authorized.StatusCode);
        var back = await _http.GetAsync(authorized.Headers.Location!);
        Assert.True(back.StatusCode == HttpStatusCode.Redirect, $"the callback answered {(int)back.StatusCode}: {await back.Content.ReadAsStringAsync()}\n{_server.Output}");
        var location = back.Headers.Location!.ToString();
        var sso = Uri.UnescapeDataString(location[(location.IndexOf("#token=", StringComparison.Ordinal) + "#token=".Length)..]);
        var user = await SendAsync(HttpMethod.Get, "api/v1/session/userinfo", sso);
        Assert.Equal("dev-1", user["username"]!.GetValue<string>());
        Assert.Equal(["root", "web"], (await SendAsync(HttpMethod.Get, "api/v1/applications", sso))["items"]!.AsArray().Select(i => i!["metadata"]!["name"]!.GetValue<string>()));
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? token, JsonObject? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        return request;
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string path, string? token, JsonObject? body = null)
    {
        using var request = Request(method, path, token, body);
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return JsonNode.Parse(text)!;
    }

    private async Task<HttpResponseMessage?> TryGetAsync(string path)
    {
        try
        {
            return await _http.GetAsync(path);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(!_server.HasExited && DateTimeOffset.UtcNow < deadline, $"not seen within 60 s: {what}\n{_server.Output}");
            await Task.Delay(200);
        }
    }
}

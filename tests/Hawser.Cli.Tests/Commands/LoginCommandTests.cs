using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Hawser.Controller;
using Hawser.Processes;
using Hawser.Sandbox;
using Hawser.Server;
using Hawser.Settings;
using Hawser.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Cli.Tests.Commands;

/// <summary>
/// The CLI as a client of a running server, as a user drives it: <c>hawser login</c>, contexts in <c>$HAWSER_CONFIG</c>,
/// the server verbs with the caller's rights (from the context, <c>--server</c>/<c>--auth-token</c> or
/// <c>HAWSER_SERVER</c>/<c>HAWSER_AUTH_TOKEN</c>), tokens, the audit log, password change and logout.
/// </summary>
public sealed class LoginCommandTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _dir = new("hawser-cli-login");
    private SandboxServer _sandbox = null!;
    private HawserServer _server = null!;

    private string ServerData => Path.Combine(_dir.Path, "server");

    // The CLI's own data directory: no server runs for it, so every verb must find the server through its context or flags.
    private string ClientData => Path.Combine(_dir.Path, "client");

    private string Config => Path.Combine(_dir.Path, "home", ".hawser", "config");

    private string Address => $"127.0.0.1:{_server.Url.Port}";

    public async Task InitializeAsync()
    {
        _sandbox = await SandboxServer.StartAsync(new SandboxOptions { Simulation = new Sandbox.Simulation.SimulationOptions { Delay = TimeSpan.FromMilliseconds(100) } }, Ct);
        var repo = await GitTestRepository.InitAsync(Path.Combine(_dir.Path, "config-repo"), Ct);
        var url = "file://" + repo.Path;
        string App(string name, string project, string ns) => $$"""
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata: {name: {{name}}}
            spec:
              project: {{project}}
              source: {repoURL: {{url}}, targetRevision: main, path: cm}
              destination: {server: https://kubernetes.default.svc, namespace: {{ns}}}
              syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
            """;
        await repo.Write("cm/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {value: v1}\n")
            .Write("apps/projects.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata: {name: team-a}
                spec:
                  description: Team A
                  sourceRepos: ['*']
                  destinations: [{server: '*', namespace: 'team-a*'}]
                  clusterResourceWhitelist: [{group: '', kind: Namespace}]
                  roles: [{name: ci, policies: ['p, proj:team-a:ci, applications, get, team-a/*, allow']}]
                """)
            .Write("apps/apps.yaml", App("a-web", "team-a", "team-a-web") + "\n---\n" + App("other", "default", "other"))
            .CommitAsync("apps", Ct);
        var settingsDir = Path.Combine(_dir.Path, "settings");
        Directory.CreateDirectory(settingsDir);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "argocd-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cm}
            data:
              accounts.alice: apiKey, login
            """, Ct);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "argocd-rbac-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-rbac-cm}
            data:
              policy.csv: |
                p, role:team-a, applications, *, team-a/*, allow
                p, role:team-a, projects, get, team-a, allow
                g, alice, role:team-a
            """, Ct);
        var settings = await HawserSettings.LoadAsync(new DirectorySettingsSource(settingsDir), Ct);
        var controller = ControllerOptions.Default with { ReconcileInterval = TimeSpan.FromMinutes(5), ReconcileJitter = TimeSpan.Zero, RepoPollInterval = TimeSpan.FromSeconds(1) };
        _server = await HawserServer.StartAsync(new ServerOptions("127.0.0.1:0", ServerData, [new RootSource.Repository(url, "apps", "main")], _sandbox.KubeconfigPath, null, controller)
        {
            Settings = settings,
            Login = Auth.LoginPolicy.Default with { HashWorkFactor = 4 },
        }, NullLoggerFactory.Instance, Ct);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!_server.Controller.IsReady || _server.Controller.Catalog.Find("a-web") is null)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the server did not register the apps");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _sandbox.DisposeAsync();
        _dir.Dispose();
    }

    private Task<ProcessResult> RunAsync(params string[] args) => RunWithAsync(new Dictionary<string, string?>(), args);

    private Task<ProcessResult> RunWithAsync(Dictionary<string, string?> environment, params string[] args)
    {
        environment.TryAdd("HAWSER_CONFIG", Config);
        return HawserProcess.RunWithEnvironmentAsync(ClientData, environment, args);
    }

    private static void Ok(ProcessResult result, string what) =>
        Assert.True(result.ExitCode == 0, $"{what}: exit {result.ExitCode}\n{result.StandardOutput}\n{result.StandardError}");

    [Fact]
    public async Task Login_keeps_a_private_context_that_every_server_verb_uses_until_logout_ends_the_session()
    {
        var initial = await HawserProcess.RunAsync(ServerData, "admin", "initial-password");
        Ok(initial, "admin initial-password");
        var password = initial.StandardOutput.Trim();
        Assert.Equal(20, password.Length);

        var login = await RunAsync("login", Address, "--username", "admin", "--password", password);
        Ok(login, "login");
        Assert.Contains("'admin:login' logged in successfully", login.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"Context '{Address}' updated", login.StandardOutput, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Config));
        var config = await File.ReadAllTextAsync(Config, Ct);
        Assert.Contains($"current-context: {Address}", config, StringComparison.Ordinal);
        Assert.Contains("auth-token: ", config, StringComparison.Ordinal);
        var contexts = await RunAsync("context");
        Assert.Matches($@"\*\s+{System.Text.RegularExpressions.Regex.Escape(Address)}\s+http://{System.Text.RegularExpressions.Regex.Escape(Address)}", contexts.StandardOutput);

        var apps = await RunAsync("app", "list", "-o", "name");
        Ok(apps, "app list");
        Assert.Equal(["a-web", "other", "root"], apps.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        var projects = await RunAsync("proj", "list", "-o", "name");
        Ok(projects, "proj list");
        Assert.Equal(["default", "team-a"], projects.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var project = await RunAsync("proj", "get", "team-a");
        Ok(project, "proj get");
        Assert.Contains("Team A", project.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("*,team-a*", project.StandardOutput, StringComparison.Ordinal);
        var roleToken = await RunAsync("proj", "role", "create-token", "team-a", "ci", "--expires-in", "1h");
        Ok(roleToken, "proj role create-token");
        var asCi = new Dictionary<string, string?> { ["HAWSER_SERVER"] = Address, ["HAWSER_AUTH_TOKEN"] = roleToken.StandardOutput.Trim() };
        var ciApps = await RunWithAsync(asCi, "app", "list", "-o", "name");
        Ok(ciApps, "app list with the project token");
        Assert.Equal("a-web", ciApps.StandardOutput.Trim());
        var roleTokens = await RunAsync("proj", "role", "list-tokens", "team-a", "ci", "-o", "name");
        Ok(roleTokens, "proj role list-tokens");
        Ok(await RunAsync("proj", "role", "delete-token", "team-a", "ci", roleTokens.StandardOutput.Trim()), "proj role delete-token");
        Assert.NotEqual(0, (await RunWithAsync(new Dictionary<string, string?>(asCi), "app", "list", "-o", "name")).ExitCode);
        var clusters = await RunAsync("cluster", "list");
        Ok(clusters, "cluster list");
        Assert.Contains("https://kubernetes.default.svc", clusters.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("in-cluster", clusters.StandardOutput, StringComparison.Ordinal);
        Ok(await RunAsync("repo", "list"), "repo list");
        var accounts = await RunAsync("account", "list", "-o", "name");
        Assert.Equal(["admin", "alice"], accounts.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Username: admin", (await RunAsync("account", "get-user-info")).StandardOutput, StringComparison.Ordinal);

        // An API token of alice, used as CI would: flags, then the environment; it carries alice's rights only.
        var generated = await RunAsync("account", "generate-token", "--account", "alice", "--expires-in", "1h", "--id", "ci-1");
        Ok(generated, "generate-token");
        var token = generated.StandardOutput.Trim();
        Assert.StartsWith("ey", token, StringComparison.Ordinal);
        var asAlice = await RunAsync("app", "list", "-o", "name", "--server", Address, "--auth-token", token);
        Ok(asAlice, "app list as alice");
        Assert.Equal("a-web", asAlice.StandardOutput.Trim());
        var fromEnvironment = await RunWithAsync(new() { ["HAWSER_SERVER"] = $"http://{Address}", ["HAWSER_AUTH_TOKEN"] = token, ["HAWSER_CONFIG"] = Path.Combine(_dir.Path, "none") },
            "proj", "list", "-o", "name");
        Ok(fromEnvironment, "proj list from the environment");
        Assert.Equal("team-a", fromEnvironment.StandardOutput.Trim());
        var denied = await RunWithAsync(new() { ["HAWSER_SERVER"] = Address, ["HAWSER_AUTH_TOKEN"] = token }, "audit", "list");
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("403", denied.StandardError, StringComparison.Ordinal);
        var tokens = await RunAsync("account", "get", "--account", "alice");
        Assert.Contains("ci-1", tokens.StandardOutput, StringComparison.Ordinal);
        Ok(await RunAsync("account", "revoke-token", "ci-1", "--account", "alice"), "revoke-token");
        var revoked = await RunAsync("app", "list", "--server", Address, "--auth-token", token);
        Assert.Equal(1, revoked.ExitCode);
        Assert.Contains("401", revoked.StandardError, StringComparison.Ordinal);

        var audit = await RunAsync("audit", "list", "--user", "alice", "--since", "1h", "-o", "json");
        Ok(audit, "audit list");
        var entries = JsonNode.Parse(audit.StandardOutput)!.AsArray();
        Assert.Contains(entries, e => e!["action"]!.GetValue<string>() == "generate-token");
        Assert.Contains(entries, e => e!["action"]!.GetValue<string>() == "revoke-token");
        Assert.DoesNotContain(token, audit.StandardOutput, StringComparison.Ordinal);
        var table = await RunAsync("audit", "list", "--app", "a-web");
        Ok(table, "audit list --app");
        Assert.Contains("controller", table.StandardOutput, StringComparison.Ordinal);

        // A new password ends the old sessions; the CLI logs in again and the context keeps working.
        Ok(await RunAsync("account", "update-password", "--current-password", password, "--new-password", "a-new-password"), "update-password");
        Assert.Contains("Username: admin", (await RunAsync("account", "get-user-info")).StandardOutput, StringComparison.Ordinal);
        var gone = await HawserProcess.RunAsync(ServerData, "admin", "initial-password");
        Assert.Equal(1, gone.ExitCode);

        var session = System.Text.RegularExpressions.Regex.Match(await File.ReadAllTextAsync(Config, Ct), @"auth-token: (\S+)").Groups[1].Value;
        var logout = await RunAsync("logout");
        Ok(logout, "logout");
        Assert.Contains($"Logged out from '{Address}'", logout.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("auth-token", await File.ReadAllTextAsync(Config, Ct), StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = _server.Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/applications");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(request, Ct)).StatusCode);
        var after = await RunAsync("app", "list");
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("hawser login", after.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_logins_and_unknown_contexts_are_clear_errors()
    {
        var wrong = await RunAsync("login", Address, "--username", "admin", "--password", "not-the-password");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Contains("Invalid username or password", wrong.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Config));

        var noPassword = await RunAsync("login", Address, "--username", "admin");
        Assert.Equal(2, noPassword.ExitCode);
        Assert.Contains("pass --password", noPassword.StandardError, StringComparison.Ordinal);

        var noSso = await RunAsync("login", Address, "--sso");
        Assert.Equal(2, noSso.ExitCode);
        Assert.Contains("no SSO configured", noSso.StandardError, StringComparison.Ordinal);

        var unknown = await RunAsync("context", "nowhere");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no context \"nowhere\"", unknown.StandardError, StringComparison.Ordinal);

        var badServer = await RunAsync("login", "ftp://host:1", "--username", "a", "--password", "b");
        Assert.Equal(2, badServer.ExitCode);
        Assert.Contains("is not a server address", badServer.StandardError, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "broken"), "contexts: {a: b}\n", Ct);
        var broken = await RunWithAsync(new() { ["HAWSER_CONFIG"] = Path.Combine(_dir.Path, "broken") }, "proj", "list");
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("contexts must be a list", broken.StandardError, StringComparison.Ordinal);
    }
}

using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hawser.Auth;
using Hawser.Settings;
using Hawser.Testing;

namespace Hawser.Server.Tests.Api;

/// <summary>
/// The server the security suite attacks: SSO through a real OIDC provider, local accounts, two projects whose names are
/// globs of each other (<c>proj-a</c>, <c>proj-ab</c>) each with a <c>ci</c> role, a repository and a cluster Secret with
/// credentials, and an app that deploys a Secret. Every credential is forbidden in output (<see cref="ServerHarness.ForbidInOutput"/>).
/// </summary>
public sealed class SecurityServer : IAsyncLifetime
{
    public const string RepoPassword = "repo-password-do-not-leak";
    public const string ClusterToken = "cluster-bearer-do-not-leak";
    public const string AlicePassword = "alice-password";
    public const string SecretValue = "deployed-secret-do-not-leak";

    private const string Projects = """
        apiVersion: argoproj.io/v1alpha1
        kind: AppProject
        metadata: {name: proj-a}
        spec:
          sourceRepos: ['*']
          destinations: [{server: '*', namespace: '*'}]
          clusterResourceWhitelist: [{group: '', kind: Namespace}]
          roles:
          - name: ci
            policies:
            - p, proj:proj-a:ci, applications, get, proj-a/*, allow
            - p, proj:proj-a:ci, applications, sync, proj-a*/*, allow
            - p, proj:proj-a:ci, applications, delete, */*, allow
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: AppProject
        metadata: {name: proj-ab}
        spec:
          sourceRepos: ['*']
          destinations: [{server: '*', namespace: '*'}]
          clusterResourceWhitelist: [{group: '', kind: Namespace}]
          roles:
          - name: ci
            policies: ['p, proj:proj-ab:ci, applications, *, proj-ab/*, allow']
        """;

    internal TestOidcProvider Provider { get; private set; } = null!;

    internal ServerHarness Harness { get; private set; } = null!;

    internal ApiClient Api { get; private set; } = null!;

    /// <summary>The local token (acting as admin).</summary>
    public string Admin => Harness.Server!.LocalToken;

    public async Task InitializeAsync()
    {
        Provider = await TestOidcProvider.StartAsync();
        Harness = await ServerHarness.CreateAsync();
        foreach (var value in new[] { RepoPassword, ClusterToken, AlicePassword, SecretValue, TestOidcProvider.ClientSecret }) Harness.ForbidInOutput(value);
        var settingsDir = Harness.DataDirectory + "-settings";
        Directory.CreateDirectory(settingsDir);
        await Provider.WriteArgoCdSettingsAsync(settingsDir, "openid, groups", TestOidcProvider.ClientSecret, "accounts.alice: apiKey, login");
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "argocd-rbac-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-rbac-cm}
            data:
              policy.csv: |
                p, role:a-team, applications, *, proj-a/*, allow
                g, alice, role:a-team
                g, sso-admins, role:admin
            """);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "credentials.yaml"), $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: private-repo
              labels: {"{"}argocd.argoproj.io/secret-type: repository{"}"}
            stringData: {"{"}url: "https://git.invalid/private.git", username: bot, password: {RepoPassword}{"}"}
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: far-cluster
              labels: {"{"}argocd.argoproj.io/secret-type: cluster{"}"}
            stringData:
              name: far
              server: https://127.0.0.1:1
              config: |
                {"{"}"bearerToken": "{ClusterToken}", "tlsClientConfig": {"{"}"insecure": true{"}"}{"}"}
            """);
        var settings = await HawserSettings.LoadAsync(new DirectorySettingsSource(settingsDir), CancellationToken.None);
        string App(string name, string project, string path) => Harness.Application(name, path, name).Replace("project: default", $"project: {project}", StringComparison.Ordinal);
        await Harness.Repo.Write("cm/cm.yaml", ServerHarness.ConfigMap("settings", "v1"))
            .Write("secret/secret.yaml", $$"""
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                stringData: {password: {{SecretValue}}}
                """)
            .Write("apps/projects.yaml", Projects)
            .Write("apps/apps.yaml", string.Join("\n---\n", App("a-web", "proj-a", "secret"), App("ab-web", "proj-ab", "cm")))
            .CommitAsync("security fixture", CancellationToken.None);
        await Harness.StartServerAsync(o => o with { Settings = settings, Login = LoginPolicy.Default with { HashWorkFactor = 4 } });
        // Ready as /readyz says it (every app refreshed once), so that every GET, /readyz included, is checked in steady state.
        await Harness.EventuallyAsync(() => Harness.Controller.IsReady && Harness.SyncedAndHealthy("a-web") && Harness.SyncedAndHealthy("ab-web"), "the server ready and the apps synced", TimeSpan.FromSeconds(60));
        Api = new ApiClient(Harness.Server!.Url);
        await Api.JsonAsync(HttpMethod.Put, "api/v1/account/password", Admin, new JsonObject
        {
            ["name"] = "alice",
            ["currentPassword"] = (await File.ReadAllTextAsync(Path.Combine(Harness.DataDirectory, AccountService.InitialPasswordFile))).Trim(),
            ["newPassword"] = AlicePassword,
        });
    }

    /// <summary>A session of alice.</summary>
    public async Task<string> LoginAsync()
    {
        using var response = await Api.Http.PostAsJsonAsync("api/v1/session", new JsonObject { ["username"] = "alice", ["password"] = AlicePassword });
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        Api?.Dispose();
        await Harness.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Hawser.Settings;

namespace Hawser.Server.Tests.Api;

/// <summary>
/// The endpoints beside applications, on Argo CD's paths and shapes, each filtered by RBAC: ApplicationSets, projects,
/// clusters, repositories (with a connection test), settings, and <c>account/can-i</c>; checked as the server's admin and as
/// a user who may only see one app of the default project.
/// </summary>
public sealed class ResourcesApiTests : IAsyncLifetime
{
    private const string RepoPassword = "repo-password-never-shown";

    private ServerHarness _h = null!;
    private ApiClient _api = null!;

    private string Admin => _h.Server!.LocalToken;

    public async Task InitializeAsync()
    {
        _h = await ServerHarness.CreateAsync();
        var settingsDir = _h.DataDirectory + "-settings";
        Directory.CreateDirectory(settingsDir);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "argocd-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-cm}
            data:
              url: https://hawser.example
              accounts.alice: apiKey
            """);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "argocd-rbac-cm.yaml"), """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: argocd-rbac-cm}
            data:
              policy.csv: |
                p, role:web-viewer, applications, get, default/web, allow
                p, role:web-viewer, projects, get, default, allow
                p, role:web-viewer, repositories, get, team-x/*, allow
                g, alice, role:web-viewer
            """);
        await File.WriteAllTextAsync(Path.Combine(settingsDir, "repos.yaml"), $"""
            apiVersion: v1
            kind: Secret
            metadata:
              name: config-repo
              labels: {"{"}argocd.argoproj.io/secret-type: repository{"}"}
            stringData: {"{"}url: "{_h.RepoUrl}", type: git, name: config{"}"}
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: team-x-repo
              labels: {"{"}argocd.argoproj.io/secret-type: repository{"}"}
            stringData: {"{"}url: "https://git.invalid/team-x.git", project: team-x, username: bot, password: {RepoPassword}{"}"}
            """);
        var settings = await HawserSettings.LoadAsync(new DirectorySettingsSource(settingsDir), CancellationToken.None);

        await _h.Repo.Write("cm/cm.yaml", ServerHarness.ConfigMap("settings", "v1"))
            .Write("apps/web.yaml", _h.Application("web", "cm", "web"))
            .Write("apps/other.yaml", _h.Application("other", "cm", "other"))
            .Write("apps/projects.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata: {name: team-x}
                spec:
                  sourceRepos: ['*']
                  destinations: [{server: '*', namespace: 'team-x'}]
                """)
            .Write("apps/envs.yaml", $$$"""
                apiVersion: argoproj.io/v1alpha1
                kind: ApplicationSet
                metadata: {name: envs}
                spec:
                  generators: [{list: {elements: [{env: one}]}}]
                  template:
                    metadata: {name: 'env-{{env}}'}
                    spec:
                      project: default
                      source: {repoURL: '{{{_h.RepoUrl}}}', targetRevision: main, path: cm}
                      destination: {server: 'https://kubernetes.default.svc', namespace: 'env-{{env}}'}
                      syncPolicy: {automated: {prune: true}, syncOptions: [CreateNamespace=true]}
                """)
            .CommitAsync("apps", CancellationToken.None);
        await _h.StartServerAsync(o => o with { Settings = settings });
        await _h.EventuallyAsync(() => _h.SyncedAndHealthy("web") && _h.SyncedAndHealthy("other") && _h.SyncedAndHealthy("env-one"), "the apps synced",
            TimeSpan.FromSeconds(60));
        _api = new ApiClient(_h.Server!.Url);
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        await _h.DisposeAsync();
    }

    private async Task<string> AliceAsync() =>
        (await _api.JsonAsync(HttpMethod.Post, "api/v1/account/alice/token", Admin, new JsonObject()))["token"]!.GetValue<string>();

    [Fact]
    public async Task Appsets_projects_clusters_and_repositories_are_listed_in_argo_cd_shapes_without_credentials()
    {
        var sets = await _api.GetAsync("api/v1/applicationsets", Admin);
        Assert.Equal(["envs"], sets["items"]!.AsArray().Select(s => s!["metadata"]!["name"]!.GetValue<string>()));
        var envs = await _api.GetAsync("api/v1/applicationsets/envs", Admin);
        Assert.Equal("env-one", envs["status"]!["resources"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await _api.TryAsync(HttpMethod.Get, "api/v1/applicationsets/none", Admin)).Status);

        Assert.Equal(["default", "team-x"], (await _api.GetAsync("api/v1/projects", Admin))["items"]!.AsArray().Select(p => p!["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal("team-x", (await _api.GetAsync("api/v1/projects/team-x", Admin))["spec"]!["destinations"]![0]!["namespace"]!.GetValue<string>());

        var clusters = await _api.GetAsync("api/v1/clusters", Admin);
        var inCluster = clusters["items"]!.AsArray().Single()!;
        Assert.Equal("https://kubernetes.default.svc", inCluster["server"]!.GetValue<string>());
        Assert.Equal("Successful", inCluster["connectionState"]!["status"]!.GetValue<string>());
        Assert.Equal(4, inCluster["info"]!["applicationsCount"]!.GetValue<int>());
        Assert.Equal("in-cluster", (await _api.GetAsync("api/v1/clusters/" + Uri.EscapeDataString("https://kubernetes.default.svc"), Admin))["name"]!.GetValue<string>());

        var repos = await _api.GetAsync("api/v1/repositories", Admin);
        Assert.Equal([_h.RepoUrl, "https://git.invalid/team-x.git"], repos["items"]!.AsArray().Select(r => r!["repo"]!.GetValue<string>()));
        Assert.DoesNotContain(RepoPassword, repos.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _api.TryAsync(HttpMethod.Post, $"api/v1/repositories/{Uri.EscapeDataString(_h.RepoUrl)}/validate", Admin)).Status);
        var unreachable = await _api.GetAsync($"api/v1/repositories/{Uri.EscapeDataString("https://git.invalid/team-x.git")}?forceRefresh=true", Admin);
        Assert.Equal("Failed", unreachable["connectionState"]!["status"]!.GetValue<string>());
        Assert.DoesNotContain(RepoPassword, unreachable.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_sees_only_what_rbac_lets_it_get_and_can_i_answers_the_same()
    {
        var alice = await AliceAsync();
        Assert.Equal(["web"], ApiClient.Names(await _api.GetAsync("api/v1/applications", alice)));
        Assert.Empty((await _api.GetAsync("api/v1/applicationsets", alice))["items"]!.AsArray());
        Assert.Equal(["default"], (await _api.GetAsync("api/v1/projects", alice))["items"]!.AsArray().Select(p => p!["metadata"]!["name"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.TryAsync(HttpMethod.Get, "api/v1/projects/team-x", alice)).Status);
        Assert.Empty((await _api.GetAsync("api/v1/clusters", alice))["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.TryAsync(HttpMethod.Get, "api/v1/clusters/in-cluster", alice)).Status);
        Assert.Equal(["https://git.invalid/team-x.git"], (await _api.GetAsync("api/v1/repositories", alice))["items"]!.AsArray().Select(r => r!["repo"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.TryAsync(HttpMethod.Post, $"api/v1/repositories/{Uri.EscapeDataString(_h.RepoUrl)}/validate", alice)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.TryAsync(HttpMethod.Get, "api/v1/applications/other/resource-tree", alice)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.TryAsync(HttpMethod.Get, "api/v1/applications/other/managed-resources", alice)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.TryAsync(HttpMethod.Delete, "api/v1/applications/web", alice)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await _api.TryAsync(HttpMethod.Post, "api/v1/applications/web/rollback", alice, new JsonObject { ["id"] = 0 })).Status);

        Assert.Equal("yes", (await _api.GetAsync("api/v1/account/can-i/applications/get/default%2Fweb", alice))["value"]!.GetValue<string>());
        Assert.Equal("no", (await _api.GetAsync("api/v1/account/can-i/applications/get/default%2Fother", alice))["value"]!.GetValue<string>());
        Assert.Equal("no", (await _api.GetAsync("api/v1/account/can-i/applications/sync/default/web", alice))["value"]!.GetValue<string>());
        Assert.Equal("yes", (await _api.GetAsync("api/v1/account/can-i/applications/sync/default/web", Admin))["value"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, (await _api.TryAsync(HttpMethod.Get, "api/v1/account/can-i/nothing/get/x", alice)).Status);
    }

    [Fact]
    public async Task Settings_show_the_login_page_what_it_needs_and_more_to_a_signed_in_caller()
    {
        var open = await _api.GetAsync("api/v1/settings", null);
        Assert.Equal("https://hawser.example", open["url"]!.GetValue<string>());
        Assert.Null(open["appLabelKey"]);
        var signedIn = await _api.GetAsync("api/v1/settings", await AliceAsync());
        Assert.Equal("app.kubernetes.io/instance", signedIn["appLabelKey"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.TryAsync(HttpMethod.Get, "api/v1/settings", "not-a-token")).Status);
    }
}

using Hawser.Apps;
using Hawser.Manifests;

namespace Hawser.Core.Tests.Apps;

public sealed class AppProjectRulesTests
{
    internal static AppProject Read(string spec)
    {
        var yaml = "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: team}\nspec:\n" + spec;
        var result = ApplicationReader.Read(ManifestReader.Read(yaml, "project.yaml"));
        return result.ThrowIfErrors().Projects.Single();
    }

    private static Application App(string repo = "https://git.example.com/team/apps.git", string? server = "https://k8s.example.com", string? name = null,
        string ns = "team-dev", string appNamespace = "argocd") =>
        new(new ObjectMetadata("web", appNamespace, new Dictionary<string, string>(), new Dictionary<string, string>(), []),
            new ApplicationSpec("team", [new ApplicationSource(repo, "apps", "main", null, null, null, null, null, null)], false,
                new ApplicationDestination(server, name, ns), null, [], null, []));

    [Theory]
    [InlineData("https://git.example.com/team/*", "https://git.example.com/team/apps.git", true)]
    [InlineData("https://git.example.com/team/*", "https://git.example.com/team/sub/apps", false)]
    [InlineData("https://git.example.com/**", "https://git.example.com/team/sub/apps", true)]
    [InlineData("https://GIT.example.com/team/apps/", "https://git.example.com/team/apps.git", true)]
    [InlineData("*", "/tmp/local/repo", true)]
    [InlineData("https://git.example.com/other/*", "https://git.example.com/team/apps", false)]
    public void Source_repos_are_globs_that_stop_at_slashes(string pattern, string repo, bool permitted)
    {
        var project = Read($"  sourceRepos: ['{pattern}']\n");
        Assert.Equal(permitted, AppProjectRules.IsSourcePermitted(project, repo));
    }

    [Fact]
    public void A_negated_source_repo_excludes_what_another_entry_allows()
    {
        var project = Read("  sourceRepos: ['*', '!https://git.example.com/secret/*']\n");
        Assert.True(AppProjectRules.IsSourcePermitted(project, "https://git.example.com/team/apps"));
        Assert.False(AppProjectRules.IsSourcePermitted(project, "https://git.example.com/secret/keys"));
        var problems = AppProjectRules.CheckApp(project with { Destinations = [new ProjectDestination("*", null, "*")] }, App(repo: "https://git.example.com/secret/keys"), AppProjectRules.DefaultControlNamespaces);
        var problem = Assert.Single(problems);
        Assert.Contains("AppProject \"team\": spec.sourceRepos: repository \"https://git.example.com/secret/keys\"", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Destinations_match_server_or_name_and_namespace_with_negation()
    {
        var project = Read("""
              destinations:
              - {server: 'https://k8s.example.com', namespace: 'team-*'}
              - {name: 'staging', namespace: '*'}
              - {server: '*', namespace: '!kube-system'}
            """ + "\n");
        Assert.True(AppProjectRules.IsDestinationPermitted(project, "https://k8s.example.com", null, "team-dev"));
        Assert.True(AppProjectRules.IsDestinationPermitted(project, null, "staging", "anything"));
        Assert.False(AppProjectRules.IsDestinationPermitted(project, "https://k8s.example.com", null, "kube-system"));
        Assert.True(AppProjectRules.IsDestinationPermitted(project, "https://other.example.com", null, "other"));
        var strict = Read("  destinations:\n  - {server: 'https://k8s.example.com', namespace: 'team-*'}\n");
        Assert.False(AppProjectRules.IsDestinationPermitted(strict, "https://other.example.com", null, "team-dev"));
        Assert.False(AppProjectRules.IsDestinationPermitted(strict, null, "prod", "team-dev"));
    }

    [Fact]
    public void An_empty_cluster_whitelist_allows_no_cluster_scoped_kind()
    {
        var project = Read("  destinations: [{server: '*', namespace: '*'}]\n");
        Assert.False(AppProjectRules.IsGroupKindPermitted(project, "", "Namespace", namespaced: false));
        Assert.True(AppProjectRules.IsGroupKindPermitted(project, "apps", "Deployment", namespaced: true));
        var message = AppProjectRules.CheckResource(project, App(), new ResourceKey("rbac.authorization.k8s.io", "ClusterRole", "", "admin-ish"));
        Assert.Equal("ClusterRole/admin-ish: cluster-scoped kind rbac.authorization.k8s.io/ClusterRole is not permitted by AppProject \"team\" (spec.clusterResourceWhitelist)", message);
    }

    [Fact]
    public void A_declared_empty_namespace_whitelist_allows_no_namespaced_kind()
    {
        var project = Read("  namespaceResourceWhitelist: []\n");
        Assert.False(AppProjectRules.IsGroupKindPermitted(project, "", "ConfigMap", namespaced: true));
        Assert.NotNull(project.NamespaceResourceWhitelist);
    }

    [Fact]
    public void Resource_white_and_black_lists_take_globs_and_the_blacklist_wins()
    {
        var project = Read("""
              clusterResourceWhitelist: [{group: '*', kind: '*'}]
              clusterResourceBlacklist: [{group: 'rbac.authorization.k8s.io', kind: 'Cluster*'}]
              namespaceResourceWhitelist: [{group: 'apps', kind: '*'}, {group: '', kind: ConfigMap}]
              namespaceResourceBlacklist: [{group: 'apps', kind: DaemonSet}]
            """ + "\n");
        Assert.True(AppProjectRules.IsGroupKindPermitted(project, "", "Namespace", namespaced: false));
        Assert.False(AppProjectRules.IsGroupKindPermitted(project, "rbac.authorization.k8s.io", "ClusterRoleBinding", namespaced: false));
        Assert.True(AppProjectRules.IsGroupKindPermitted(project, "apps", "Deployment", namespaced: true));
        Assert.False(AppProjectRules.IsGroupKindPermitted(project, "apps", "DaemonSet", namespaced: true));
        Assert.False(AppProjectRules.IsGroupKindPermitted(project, "", "Secret", namespaced: true));
        var message = AppProjectRules.CheckResource(project, App(), new ResourceKey("apps", "DaemonSet", "team-dev", "agent"));
        Assert.Contains("(spec.namespaceResourceBlacklist)", message, StringComparison.Ordinal);
        message = AppProjectRules.CheckResource(project, App(), new ResourceKey("", "Secret", "team-dev", "s"));
        Assert.Contains("(spec.namespaceResourceWhitelist)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_namespaced_object_outside_the_destinations_is_refused()
    {
        var project = Read("  destinations: [{server: 'https://k8s.example.com', namespace: 'team-*'}]\n");
        Assert.Null(AppProjectRules.CheckResource(project, App(), new ResourceKey("", "ConfigMap", "team-dev", "c")));
        var message = AppProjectRules.CheckResource(project, App(), new ResourceKey("", "ConfigMap", "kube-system", "c"));
        Assert.Equal("ConfigMap/kube-system/c: namespace \"kube-system\" on server \"https://k8s.example.com\" is not permitted by AppProject \"team\" (spec.destinations)", message);
    }

    [Fact]
    public void Apps_outside_the_control_namespaces_need_a_source_namespace()
    {
        var project = Read("  sourceRepos: ['*']\n  destinations: [{server: '*', namespace: '*'}]\n  sourceNamespaces: ['tenant-*']\n");
        Assert.Empty(AppProjectRules.CheckApp(project, App(appNamespace: "argocd"), AppProjectRules.DefaultControlNamespaces));
        Assert.Empty(AppProjectRules.CheckApp(project, App(appNamespace: "tenant-a"), AppProjectRules.DefaultControlNamespaces));
        var problem = Assert.Single(AppProjectRules.CheckApp(project, App(appNamespace: "rogue"), AppProjectRules.DefaultControlNamespaces));
        Assert.Contains("spec.sourceNamespaces", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_undeclared_default_project_allows_everything()
    {
        var project = AppProject.Default;
        Assert.Empty(AppProjectRules.CheckApp(project, App(), AppProjectRules.DefaultControlNamespaces));
        Assert.Null(AppProjectRules.CheckResource(project, App(), new ResourceKey("rbac.authorization.k8s.io", "ClusterRole", "", "x")));
        Assert.Null(AppProjectRules.CheckResource(project, App(), new ResourceKey("", "Secret", "kube-system", "x")));
    }

    [Fact]
    public async Task An_undeclared_project_other_than_default_refuses_the_app()
    {
        var projects = new AppProjects(new ListedProjects([]), AppProjectRules.DefaultControlNamespaces);
        var e = await Assert.ThrowsAsync<ProjectViolationException>(() => projects.CheckAsync(App(), CancellationToken.None));
        Assert.Contains("spec.project: AppProject \"team\" does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_keep_their_declared_jwt_tokens_and_orphaned_resources_are_read()
    {
        var project = Read("""
              roles:
              - name: ci
                policies: ['p, proj:team:ci, applications, sync, team/*, allow']
                jwtTokens: [{iat: 1700000000, id: tok-1}]
              orphanedResources: {warn: true, ignore: [{kind: ConfigMap, name: 'kube-*'}]}
            """ + "\n");
        var token = Assert.Single(Assert.Single(project.Roles).JwtTokens);
        Assert.Equal((1700000000L, "tok-1"), (token.IssuedAt, token.Id));
        Assert.True(project.OrphanedResources!.Warn);
        Assert.Equal("kube-*", Assert.Single(project.OrphanedResources.Ignore).Name);
    }

    internal sealed class ListedProjects(IReadOnlyList<AppProject> projects) : IAppProjectSource
    {
        public Task<AppProject?> FindAsync(string name, CancellationToken cancellationToken) =>
            Task.FromResult(projects.FirstOrDefault(p => p.Name == name));
    }
}

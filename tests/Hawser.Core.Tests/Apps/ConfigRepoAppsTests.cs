using Hawser.Apps;
using Hawser.AppSets;
using Hawser.Rendering;
using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Core.Tests.Apps;

/// <summary>Finding and rendering every app of a config repo (root files, app-of-apps, ApplicationSets) on a real Git repository.</summary>
public sealed class ConfigRepoAppsTests
{
    private const string RepoUrl = "https://git.example.com/acme/config.git";
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Fact]
    public async Task Root_apps_their_children_and_generated_apps_are_found_and_rendered_at_the_commit_asked_for()
    {
        using var dir = new TempDirectory("hawser-configrepo");
        var repo = await Layout(Path.Combine(dir.Path, "repo"));
        var first = await repo.CommitAsync("first", Ct);
        repo.Write("web/cm.yaml", ConfigMap("web", "2"));
        await repo.CommitAsync("web 2", Ct);
        repo.Write("web/cm.yaml", ConfigMap("web", "3"));

        var atFirst = await DiscoverAsync(dir.Path, repo.Path, first);
        var workTree = await DiscoverAsync(dir.Path, repo.Path, null);

        Assert.Empty(atFirst.Problems);
        Assert.Equal(["api", "root", "web", "worker"], atFirst.Apps.Select(a => a.Name));
        Assert.All(atFirst.Apps, a => Assert.Null(a.Error));
        Assert.Null(atFirst.Apps.Single(a => a.Name == "root").Parent);
        Assert.Equal("Application \"root\"", atFirst.Apps.Single(a => a.Name == "web").Parent);
        Assert.Equal("ApplicationSet \"services\"", atFirst.Apps.Single(a => a.Name == "api").Parent);
        Assert.Equal("1", Value(atFirst, "web"));
        Assert.Equal("3", Value(workTree, "web"));
        Assert.Equal(["team"], atFirst.Projects.Select(p => p.Name));
    }

    [Fact]
    public async Task An_app_that_fails_to_render_and_an_invalid_application_are_reported_without_stopping_the_others()
    {
        using var dir = new TempDirectory("hawser-configrepo");
        var repo = await Layout(Path.Combine(dir.Path, "repo"));
        repo.Write("apps/children/broken.yaml", App("broken", "no-such-dir"));
        repo.Write("apps/invalid.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: invalid}\nspec:\n  project: default\n  source: {repoURL: x, path: y}\n");
        repo.Write("apps/bad.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: [\n");
        await repo.CommitAsync("broken", Ct);

        var found = await DiscoverAsync(dir.Path, repo.Path, "HEAD");

        Assert.Contains("no-such-dir", found.Apps.Single(a => a.Name == "broken").Error);
        Assert.Null(found.Apps.Single(a => a.Name == "web").Error);
        var invalid = Assert.Single(found.Problems, p => p.Kind == ConfigRepoProblemKind.InvalidObject);
        Assert.Equal("apps/invalid.yaml", invalid.Location?.File);
        Assert.Contains("spec.destination", invalid.Message);
        Assert.Equal("apps/bad.yaml", Assert.Single(found.Problems, p => p.Kind == ConfigRepoProblemKind.UnreadableFile).Location?.File);
    }

    private static async Task<ConfigRepoInventory> DiscoverAsync(string work, string repoDir, string? revision)
    {
        var repo = await ConfigRepo.OpenAsync(repoDir, revision, [], Ct);
        var renderer = new AppRenderer(
            new AppRendererOptions(Path.Combine(work, "scratch")) { RepositoryPins = repo.Pins },
            new GitSource(new GitSourceOptions(Path.Combine(work, "git"))),
            null,
            new RenderCache(directory: Path.Combine(work, "cache")));
        return await new ConfigRepoApps(renderer, new ApplicationSetGenerator(renderer), []).DiscoverAsync(repo, Ct);
    }

    private static async Task<GitTestRepository> Layout(string path)
    {
        var repo = await GitTestRepository.InitAsync(path, Ct);
        await repo.GitAsync(["remote", "add", "origin", RepoUrl], Ct);
        repo.Write("apps/root.yaml", App("root", "apps/children") + "    directory: {recurse: true}\n");
        repo.Write("apps/children/web.yaml", App("web", "web"));
        repo.Write("apps/children/project.yaml", "apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: team}\nspec:\n  sourceRepos: ['*']\n  destinations: [{server: '*', namespace: '*'}]\n");
        repo.Write("apps/children/services.yaml", """
            apiVersion: argoproj.io/v1alpha1
            kind: ApplicationSet
            metadata: {name: services}
            spec:
              generators:
              - list:
                  elements: [{name: api}, {name: worker}]
              template:
                metadata: {name: '{{name}}'}
                spec:
                  project: default
                  source: {repoURL: 'https://git.example.com/acme/config', targetRevision: main, path: 'services/{{name}}'}
                  destination: {server: 'https://kubernetes.default.svc', namespace: '{{name}}'}
            """);
        repo.Write("web/cm.yaml", ConfigMap("web", "1"));
        repo.Write("docs/values.yaml", "not: [an, object]\n");
        repo.Write("services/api/cm.yaml", ConfigMap("api", "1"));
        repo.Write("services/worker/cm.yaml", ConfigMap("worker", "1"));
        return repo;
    }

    private static string App(string name, string path) => $"""
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {"{"}name: {name}{"}"}
        spec:
          project: default
          destination: {"{"}server: https://kubernetes.default.svc, namespace: {name}{"}"}
          source:
            repoURL: {RepoUrl}
            targetRevision: main
            path: {path}

        """;

    private static string ConfigMap(string name, string value) => $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: {name}}}\ndata: {{value: \"{value}\"}}\n";

    private static string Value(ConfigRepoInventory inventory, string app) =>
        inventory.Apps.Single(a => a.Name == app).Result!.Objects.Single(o => o.Kind == "ConfigMap").Body["data"]!["value"]!.GetValue<string>();
}

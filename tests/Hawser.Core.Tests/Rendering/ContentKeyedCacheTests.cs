using Hawser.Rendering;
using Hawser.Testing;
using static Hawser.Core.Tests.Rendering.RenderFixtures;

namespace Hawser.Core.Tests.Rendering;

/// <summary><see cref="AppRendererOptions.KeyByContent"/>: the render cache keyed by the files an app reads, not the commit.</summary>
public sealed class ContentKeyedCacheTests
{
    private const string RepoUrl = "https://git.example.com/config.git";
    private const string First = "1111111111111111111111111111111111111111";
    private const string Second = "2222222222222222222222222222222222222222";

    private static AppRenderer ContentRenderer(TempDirectory scratch, CountingToolRunner tools, FakeGitSource git) =>
        new(new AppRendererOptions(scratch.Path) { KeyByContent = true }, git, null, new RenderCache(), tools);

    private static async Task<bool> RenderedAgainAsync(AppRenderer renderer, FakeGitSource git, TempDirectory tree, string commit, string app, string path)
    {
        git.Add(RepoUrl, commit, tree.Path);
        var result = await renderer.RenderAsync(App(app, RepoUrl, path, $"targetRevision: {commit}"), CancellationToken.None);
        Assert.Equal(commit, result.Sources[0].Revision);
        return !result.FromCache;
    }

    [Fact]
    public async Task An_app_whose_files_are_the_same_at_another_commit_is_a_cache_hit_and_a_changed_one_is_rendered()
    {
        using var one = new TempDirectory("hawser-c1");
        using var two = new TempDirectory("hawser-c2");
        foreach (var tree in new[] { one, two })
        {
            tree.Write("web/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: '1'}\n");
            tree.Write("api/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api}\ndata: {a: '1'}\n");
        }
        two.Write("api/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: api}\ndata: {a: '2'}\n");
        two.Write("README.md", "not an input of either app\n");
        var git = new FakeGitSource();
        using var scratch = new TempDirectory();
        var renderer = ContentRenderer(scratch, new CountingToolRunner(), git);

        Assert.True(await RenderedAgainAsync(renderer, git, one, First, "web", "web"));
        Assert.True(await RenderedAgainAsync(renderer, git, one, First, "api", "api"));
        Assert.False(await RenderedAgainAsync(renderer, git, two, Second, "web", "web"));
        Assert.True(await RenderedAgainAsync(renderer, git, two, Second, "api", "api"));
    }

    [Fact]
    public async Task A_change_to_a_kustomize_base_outside_the_overlay_folder_renders_the_overlay_again()
    {
        using var one = new TempDirectory("hawser-c1");
        using var two = new TempDirectory("hawser-c2");
        using var three = new TempDirectory("hawser-c3");
        foreach (var tree in new[] { one, two, three })
        {
            tree.Write("base/kustomization.yaml", "resources: [cm.yaml]\n");
            tree.Write("base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shop}\ndata: {size: small}\n");
            tree.Write("overlays/prod/kustomization.yaml", "resources: [../../base]\nnamePrefix: prod-\n");
            tree.Write("other/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other}\n");
        }
        two.Write("other/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other-changed}\n");
        three.Write("other/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: other-changed}\n");
        three.Write("base/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shop}\ndata: {size: large}\n");
        var git = new FakeGitSource();
        var tools = new CountingToolRunner();
        using var scratch = new TempDirectory();
        var renderer = ContentRenderer(scratch, tools, git);

        Assert.True(await RenderedAgainAsync(renderer, git, one, First, "shop", "overlays/prod"));
        var runs = tools.Runs;
        Assert.False(await RenderedAgainAsync(renderer, git, two, Second, "shop", "overlays/prod"));
        Assert.Equal(runs, tools.Runs);
        Assert.True(await RenderedAgainAsync(renderer, git, three, "3333333333333333333333333333333333333333", "shop", "overlays/prod"));
    }

    [Fact]
    public async Task A_changed_value_file_outside_the_chart_renders_the_chart_again()
    {
        using var one = new TempDirectory("hawser-c1");
        using var two = new TempDirectory("hawser-c2");
        foreach (var tree in new[] { one, two })
        {
            HelmFixtures.WriteWebChart(tree);
            tree.Write("envs/prod.yaml", "replicas: 2\n");
        }
        two.Write("envs/prod.yaml", "replicas: 5\n");
        var git = new FakeGitSource();
        using var scratch = new TempDirectory();
        var renderer = ContentRenderer(scratch, new CountingToolRunner(), git);
        var app = (string commit) => App("web", RepoUrl, "charts/web", $"targetRevision: {commit}\nhelm: {{valueFiles: [../../envs/prod.yaml]}}");

        git.Add(RepoUrl, First, one.Path);
        Assert.False((await renderer.RenderAsync(app(First), CancellationToken.None)).FromCache);
        git.Add(RepoUrl, Second, two.Path);
        Assert.False((await renderer.RenderAsync(app(Second), CancellationToken.None)).FromCache);
        Assert.True((await renderer.RenderAsync(app(Second), CancellationToken.None)).FromCache);
    }

    [Fact]
    public async Task Jsonnet_apps_stay_keyed_by_commit()
    {
        using var one = new TempDirectory("hawser-c1");
        using var two = new TempDirectory("hawser-c2");
        foreach (var tree in new[] { one, two })
            tree.Write("app/main.jsonnet", "{apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'j'}, data: {rev: std.extVar('rev')}}\n");
        var git = new FakeGitSource();
        using var scratch = new TempDirectory();
        var renderer = new AppRenderer(new AppRendererOptions(scratch.Path) { KeyByContent = true, JsonnetPath = Tools.Jsonnet }, git, null, new RenderCache(), new CountingToolRunner());
        var app = (string commit) => App("j", RepoUrl, "app", $"targetRevision: {commit}\ndirectory: {{jsonnet: {{extVars: [{{name: rev, value: $ARGOCD_APP_REVISION}}]}}}}");

        git.Add(RepoUrl, First, one.Path);
        var first = await renderer.RenderAsync(app(First), CancellationToken.None);
        git.Add(RepoUrl, Second, two.Path);
        var second = await renderer.RenderAsync(app(Second), CancellationToken.None);
        Assert.False(second.FromCache);
        Assert.Equal(Second, second.Objects[0].Body["data"]!["rev"]!.GetValue<string>());
        Assert.Equal(First, first.Objects[0].Body["data"]!["rev"]!.GetValue<string>());
    }
}

using Hawser.Manifests;
using Hawser.Rendering;
using Hawser.Testing;
using static Hawser.Core.Tests.Rendering.RenderFixtures;

namespace Hawser.Core.Tests.Rendering;

public sealed class RenderCacheTests
{
    private const string RepoUrl = "https://git.example.com/config.git";
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";

    private sealed class ManualTime : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_cache_hit_runs_neither_git_nor_any_tool()
    {
        using var repo = new TempDirectory("hawser-repo");
        HelmFixtures.WriteWebChart(repo);
        var git = new FakeGitSource();
        git.Add(RepoUrl, Commit, repo.Path);
        var tools = new CountingToolRunner();
        using var scratch = new TempDirectory();
        var renderer = Renderer(scratch, tools, git, new RenderCache());
        var app = App("web", RepoUrl, "charts/web", "targetRevision: main\nhelm: {valueFiles: [values.prod.yaml]}");

        var first = await renderer.RenderAsync(app, CancellationToken.None);
        Assert.False(first.FromCache);
        Assert.Equal(Commit, first.Sources[0].Revision);
        var (gitCalls, toolRuns) = (git.Calls, tools.Runs);
        Assert.True(gitCalls > 0 && toolRuns > 0);

        var second = await renderer.RenderAsync(app, CancellationToken.None);
        Assert.True(second.FromCache);
        Assert.Equal((gitCalls, toolRuns), (git.Calls, tools.Runs));
        Assert.Equal(AsSet(first.Objects), AsSet(second.Objects));

        var changed = App("web", RepoUrl, "charts/web", "targetRevision: main\nhelm: {valueFiles: [values.prod.yaml], parameters: [{name: replicas, value: '7'}]}");
        var third = await renderer.RenderAsync(changed, CancellationToken.None);
        Assert.False(third.FromCache);
        Assert.True(tools.Runs > toolRuns);
    }

    [Fact]
    public async Task Branches_are_resolved_again_after_the_revision_cache_expires()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        var git = new FakeGitSource();
        git.Add(RepoUrl, Commit, repo.Path);
        var time = new ManualTime();
        using var scratch = new TempDirectory();
        var renderer = new AppRenderer(new AppRendererOptions(scratch.Path), git, null, new RenderCache(), new CountingToolRunner(), time);
        var app = App("web", RepoUrl, "app", "targetRevision: main");

        await renderer.RenderAsync(app, CancellationToken.None);
        var calls = git.Calls;
        time.Now += TimeSpan.FromMinutes(2);
        Assert.True((await renderer.RenderAsync(app, CancellationToken.None)).FromCache);
        Assert.Equal(calls, git.Calls);

        time.Now += TimeSpan.FromMinutes(2);
        var again = await renderer.RenderAsync(app, CancellationToken.None);
        Assert.Equal(calls + 1, git.Calls);
        Assert.True(again.FromCache);
    }

    [Fact]
    public async Task The_disk_cache_serves_a_new_renderer_without_rendering_again()
    {
        using var repo = new TempDirectory("hawser-repo");
        HelmFixtures.WriteWebChart(repo);
        var git = new FakeGitSource();
        git.Add(RepoUrl, Commit, repo.Path);
        using var cacheDir = new TempDirectory("hawser-cache");
        using var scratch = new TempDirectory();
        var app = App("web", RepoUrl, "charts/web", $"targetRevision: {Commit}");
        var first = await Renderer(scratch, new CountingToolRunner(), git, new RenderCache(directory: cacheDir.Path)).RenderAsync(app, CancellationToken.None);

        var tools = new CountingToolRunner();
        var gitCalls = git.Calls;
        var second = await Renderer(scratch, tools, git, new RenderCache(directory: cacheDir.Path)).RenderAsync(app, CancellationToken.None);
        Assert.True(second.FromCache);
        Assert.Equal(gitCalls, git.Calls);
        Assert.DoesNotContain(tools.Commands, c => c.Contains(" template ", StringComparison.Ordinal) || c.Contains("dependency", StringComparison.Ordinal));
        Assert.Equal(AsSet(first.Objects), AsSet(second.Objects));
    }

    [Fact]
    public async Task Local_directories_are_never_cached()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        var cache = new RenderCache();
        using var scratch = new TempDirectory();
        var renderer = Renderer(scratch, cache: cache);
        await renderer.RenderAsync(App("web", repo.Path, "app"), CancellationToken.None);
        repo.Write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
        var second = await renderer.RenderAsync(App("web", repo.Path, "app"), CancellationToken.None);
        Assert.False(second.FromCache);
        Assert.Equal("b", Assert.Single(second.Objects).Name);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_memory_cache_evicts_the_least_recently_used_entry()
    {
        var cache = new RenderCache(capacity: 2);
        RenderCacheKey Key(string s) => new(s.PadRight(64, '0'));
        cache.Set(Key("a"), RenderedManifests.Empty);
        cache.Set(Key("b"), RenderedManifests.Empty);
        Assert.True(cache.TryGet(Key("a"), out _));
        cache.Set(Key("c"), RenderedManifests.Empty);
        Assert.True(cache.TryGet(Key("a"), out _));
        Assert.False(cache.TryGet(Key("b"), out _));
        Assert.True(cache.TryGet(Key("c"), out _));
    }

    [Fact]
    public void A_memory_hit_gives_the_caller_its_own_objects_with_their_values_sources_and_warnings()
    {
        var cache = new RenderCache();
        var key = new RenderCacheKey("d".PadRight(64, '0'));
        var source = new SourceLocation("app/cm.yaml", 0, 1);
        var stored = KubeObject.ParseJson("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm"},"data":{"n":"1","ratio":0.5,"on":true}}""");
        cache.Set(key, new RenderedManifests([new KubeObject(stored.Body, source)], ["a warning"]));

        Assert.True(cache.TryGet(key, out var first));
        var hit = Assert.Single(first.Objects);
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(stored.Body, hit.Body));
        Assert.Equal(source, hit.Source);
        Assert.Equal(["a warning"], first.Warnings);

        hit.SetLabel("changed", "by-the-caller");
        Assert.True(cache.TryGet(key, out var second));
        Assert.Null(Assert.Single(second.Objects).GetLabel("changed"));
    }

    [Fact]
    public async Task Repository_overrides_render_a_repo_url_from_a_local_directory()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
        using var scratch = new TempDirectory();
        var renderer = Renderer(scratch, overrides: new Dictionary<string, string> { [RepoUrl] = repo.Path });
        var result = await renderer.RenderAsync(App("web", "https://git.example.com/config", "app"), CancellationToken.None);
        Assert.Equal(repo.Path, result.Sources[0].LocalDirectory);
        Assert.Equal("a", Assert.Single(result.Objects).Name);

        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(App("web", RepoUrl, "app"), CancellationToken.None));
        Assert.Contains("--repo-override URL=PATH", e.Message, StringComparison.Ordinal);
    }
}

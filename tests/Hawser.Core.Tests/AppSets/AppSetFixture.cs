using Hawser.Apps;
using Hawser.AppSets;
using Hawser.Manifests;
using Hawser.Rendering;
using Hawser.Sources;
using Hawser.Testing;

namespace Hawser.Core.Tests.AppSets;

/// <summary>A real Git repository the test writes, and a generator reading it through the git CLI (file remote).</summary>
internal sealed class AppSetFixture : IDisposable
{
    private readonly TempDirectory _dir;

    private AppSetFixture(TempDirectory dir, GitTestRepository repo, AppRenderer renderer)
    {
        _dir = dir;
        Repo = repo;
        Renderer = renderer;
        Generator = new ApplicationSetGenerator(renderer);
    }

    public GitTestRepository Repo { get; }
    public AppRenderer Renderer { get; }
    public ApplicationSetGenerator Generator { get; }

    public static async Task<AppSetFixture> CreateAsync(CancellationToken cancellationToken)
    {
        var dir = new TempDirectory("hawser-appsets");
        var repo = await GitTestRepository.InitAsync(Path.Combine(dir.Path, "config"), cancellationToken);
        var renderer = new AppRenderer(new AppRendererOptions(Path.Combine(dir.Path, "scratch")) { RevisionCacheDuration = TimeSpan.Zero },
            new GitSource(new GitSourceOptions(Path.Combine(dir.Path, "cache"))));
        return new AppSetFixture(dir, repo, renderer);
    }

    /// <summary>Reads one ApplicationSet (YAML), failing the test on any error.</summary>
    public static ApplicationSet Set(string yaml) =>
        ApplicationReader.Read(ManifestReader.Read(yaml, "set.yaml")).ThrowIfErrors().ApplicationSets.Single();

    public Task<AppSetGeneration> GenerateAsync(string yaml, IReadOnlyList<AppSetCluster>? clusters = null) =>
        Generator.GenerateAsync(Set(yaml), clusters ?? [], CancellationToken.None);

    public static AppSetCluster Cluster(string name, string server, string labels = "", string annotations = "") =>
        new(name, server, Pairs(labels), Pairs(annotations));

    private static Dictionary<string, string> Pairs(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    public void Dispose() => _dir.Dispose();
}

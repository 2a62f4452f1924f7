using Hawser.Rendering;
using Hawser.Testing;
using static Hawser.Core.Tests.Rendering.RenderFixtures;

namespace Hawser.Core.Tests.Rendering;

public sealed class DirectoryRendererTests
{
    private static TempDirectory Repo()
    {
        var repo = new TempDirectory("hawser-repo");
        repo.Write("app/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a2}\n");
        repo.Write("app/b.json", """{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "b"}}""");
        repo.Write("app/README.md", "not a manifest: {{");
        repo.Write("app/values.txt", "x: [");
        repo.Write("app/sub/c.yml", "apiVersion: v1\nkind: Service\nmetadata: {name: c}\n");
        repo.Write("app/sub/deeper/d.yaml", "apiVersion: v1\nkind: Service\nmetadata: {name: d}\n");
        repo.Write("app/test/e.yaml", "apiVersion: v1\nkind: Pod\nmetadata: {name: e}\n");
        return repo;
    }

    private static async Task<IReadOnlyList<string>> NamesAsync(TempDirectory repo, string directoryYaml)
    {
        using var scratch = new TempDirectory();
        var app = App("web", repo.Path, "app", directoryYaml);
        var result = await Renderer(scratch).RenderAsync(app, CancellationToken.None);
        return result.Objects.Select(o => o.Name).ToList();
    }

    [Fact]
    public async Task Only_yaml_yml_and_json_files_of_the_top_directory_are_read_without_recurse()
    {
        using var repo = Repo();
        Assert.Equal(["a", "a2", "b"], await NamesAsync(repo, ""));
    }

    [Fact]
    public async Task Recurse_reads_sub_directories_in_walk_order()
    {
        using var repo = Repo();
        Assert.Equal(["a", "a2", "b", "c", "d", "e"], await NamesAsync(repo, "directory: {recurse: true}"));
    }

    [Fact]
    public async Task Include_and_exclude_globs_match_the_relative_path_with_alternatives()
    {
        using var repo = Repo();
        Assert.Equal(["a", "a2", "c"], await NamesAsync(repo, "directory: {recurse: true, include: '{a.yaml,sub/*.yml}'}"));
        Assert.Equal(["a", "a2", "b"], await NamesAsync(repo, "directory: {recurse: true, exclude: '{sub/*,test/*}'}"));
        Assert.Equal(["b"], await NamesAsync(repo, "directory: {include: '*.json'}"));
    }

    [Fact]
    public async Task A_broken_manifest_fails_with_file_document_and_line()
    {
        using var repo = new TempDirectory("hawser-repo");
        repo.Write("app/ok.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\nkind: ConfigMap\nmetadata: {name: b}\n");
        using var scratch = new TempDirectory();
        var e = await Assert.ThrowsAsync<RenderException>(() => Renderer(scratch).RenderAsync(App("web", repo.Path, "app"), CancellationToken.None));
        Assert.Equal("app/ok.yaml (document 1, line 5): object \"b\" is missing field(s) apiVersion", e.Message);
    }
}

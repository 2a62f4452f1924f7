using Hawser.Processes;
using Hawser.Testing;

namespace Hawser.Core.Tests.Images;

/// <summary>A config repo for write-back tests: an authoring work tree and a bare repository it publishes to, which Hawser clones and pushes to.</summary>
internal sealed class ConfigRepo : IDisposable
{
    private readonly TempDirectory _root = new("hawser-imgrepo");
    private GitTestRepository _author = null!;

    public string BareUrl => Path.Combine(_root.Path, "remote.git");

    public string Scratch => Path.Combine(_root.Path, "scratch");

    public static async Task<ConfigRepo> CreateAsync(IReadOnlyDictionary<string, string> files, CancellationToken cancellationToken)
    {
        var repo = new ConfigRepo();
        Directory.CreateDirectory(repo.Scratch);
        repo._author = await GitTestRepository.InitAsync(Path.Combine(repo._root.Path, "author"), cancellationToken);
        await repo._author.Write(files).CommitAsync("initial", cancellationToken);
        await Git(repo._root.Path, ["clone", "--quiet", "--bare", repo._author.Path, repo.BareUrl], cancellationToken);
        await repo._author.GitAsync(["remote", "add", "origin", repo.BareUrl], cancellationToken);
        return repo;
    }

    /// <summary>A file as the remote's branch holds it now.</summary>
    public Task<string> ReadAsync(string path, CancellationToken cancellationToken, string branch = "main") =>
        Git(_root.Path, ["--git-dir", BareUrl, "show", $"{branch}:{path}"], cancellationToken);

    /// <summary>The remote's commit messages, newest first.</summary>
    public async Task<string[]> LogAsync(CancellationToken cancellationToken) =>
        (await Git(_root.Path, ["--git-dir", BareUrl, "log", "--format=%s|%an <%ae>", "main"], cancellationToken)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Commits a change to the remote as another writer would (pull, write, commit, push).</summary>
    public async Task PushConcurrentAsync(string path, string content, CancellationToken cancellationToken)
    {
        await _author.GitAsync(["pull", "--quiet", "--ff-only", "origin", "main"], cancellationToken);
        await _author.Write(path, content).CommitAsync("concurrent change", cancellationToken);
        await _author.GitAsync(["push", "--quiet", "origin", "main"], cancellationToken);
    }

    public void Dispose() => _root.Dispose();

    private static async Task<string> Git(string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        (await ProcessRunner.RunCheckedAsync(new ProcessSpec(Tools.Git, arguments, directory, TimeSpan.FromMinutes(1)), cancellationToken)).StandardOutput;
}

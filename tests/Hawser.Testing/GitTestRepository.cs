using Hawser.Processes;

namespace Hawser.Testing;

/// <summary>
/// A Git repository a test writes to: files, commits, branches, tags. Its <see cref="Path"/> is itself a file remote
/// (SSH-less); a <see cref="GitHttpServer"/> repository also publishes every change to the bare repository it serves.
/// Commits use a fixed test identity and ignore the machine's git configuration.
/// </summary>
/// <example>
/// <code>
/// var repo = await GitTestRepository.InitAsync(dir.Path, ct);
/// var first = await repo.Write("app/cm.yaml", yaml).CommitAsync("first", ct);
/// await repo.TagAsync("v1", "release 1", ct);   // annotated; pass null for a lightweight tag
/// </code>
/// </example>
public sealed class GitTestRepository
{
    private static readonly IReadOnlyDictionary<string, string?> Identity = new Dictionary<string, string?>
    {
        ["GIT_AUTHOR_NAME"] = "Hawser Test",
        ["GIT_AUTHOR_EMAIL"] = "test@hawser.invalid",
        ["GIT_COMMITTER_NAME"] = "Hawser Test",
        ["GIT_COMMITTER_EMAIL"] = "test@hawser.invalid",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_TERMINAL_PROMPT"] = "0",
    };

    private readonly string? _publishTo;

    private GitTestRepository(string path, string? publishTo)
    {
        Path = path;
        _publishTo = publishTo;
    }

    /// <summary>The work tree (and a valid file remote URL).</summary>
    public string Path { get; }

    /// <summary>Creates an empty repository with branch <c>main</c> in <paramref name="directory"/>.</summary>
    public static Task<GitTestRepository> InitAsync(string directory, CancellationToken cancellationToken) =>
        InitAsync(directory, null, cancellationToken);

    internal static async Task<GitTestRepository> InitAsync(string directory, string? publishTo, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await RunGitAsync(directory, ["init", "--quiet", "-b", "main"], cancellationToken);
        return new GitTestRepository(directory, publishTo);
    }

    /// <summary>Writes (or overwrites) a file relative to the work tree.</summary>
    public GitTestRepository Write(string relativePath, string content)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return this;
    }

    /// <summary>Writes every file of <paramref name="files"/> (relative path → content).</summary>
    public GitTestRepository Write(IReadOnlyDictionary<string, string> files)
    {
        foreach (var (path, content) in files) Write(path, content);
        return this;
    }

    /// <summary>Copies a directory of files (recursively) into the work tree at <paramref name="targetPath"/> (default the root).</summary>
    public GitTestRepository CopyFrom(string sourceDirectory, string targetPath = "")
    {
        foreach (var file in Directory.EnumerateFiles(sourceDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = System.IO.Path.GetRelativePath(sourceDirectory, file);
            var destination = System.IO.Path.Combine(Path, targetPath, relative);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
        return this;
    }

    /// <summary>Deletes a file from the work tree (commit to record it).</summary>
    public GitTestRepository Delete(string relativePath)
    {
        File.Delete(System.IO.Path.Combine(Path, relativePath));
        return this;
    }

    /// <summary>Commits everything in the work tree (even nothing) and returns the new commit's full SHA.</summary>
    public async Task<string> CommitAsync(string message, CancellationToken cancellationToken)
    {
        await RunGitAsync(Path, ["add", "--all"], cancellationToken);
        await RunGitAsync(Path, ["commit", "--quiet", "--allow-empty", "--no-gpg-sign", "-m", message], cancellationToken);
        var sha = await HeadAsync(cancellationToken);
        await PublishAsync(cancellationToken);
        return sha;
    }

    /// <summary>The full SHA of the current commit.</summary>
    public async Task<string> HeadAsync(CancellationToken cancellationToken) =>
        (await RunGitAsync(Path, ["rev-parse", "HEAD"], cancellationToken)).Trim();

    /// <summary>Tags the current commit: annotated when <paramref name="message"/> is given, lightweight otherwise.</summary>
    public async Task TagAsync(string name, string? message, CancellationToken cancellationToken)
    {
        string[] args = message is null ? ["tag", name] : ["tag", "--no-sign", "-a", name, "-m", message];
        await RunGitAsync(Path, args, cancellationToken);
        await PublishAsync(cancellationToken);
    }

    /// <summary>Creates branch <paramref name="name"/> at the current commit and switches to it.</summary>
    public async Task CreateBranchAsync(string name, CancellationToken cancellationToken)
    {
        await RunGitAsync(Path, ["switch", "--quiet", "-c", name], cancellationToken);
        await PublishAsync(cancellationToken);
    }

    /// <summary>Switches to an existing branch.</summary>
    public Task SwitchAsync(string name, CancellationToken cancellationToken) =>
        RunGitAsync(Path, ["switch", "--quiet", name], cancellationToken);

    /// <summary>Runs git in the work tree with the test identity; returns stdout.</summary>
    public Task<string> GitAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunGitAsync(Path, arguments, cancellationToken);

    internal static async Task<string> RunGitAsync(string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunCheckedAsync(
            new ProcessSpec(Tools.Git, arguments, directory, TimeSpan.FromMinutes(1), Identity), cancellationToken);
        return result.StandardOutput;
    }

    private async Task PublishAsync(CancellationToken cancellationToken)
    {
        if (_publishTo is null) return;
        await RunGitAsync(Path, ["push", "--quiet", "--mirror", "--force", _publishTo], cancellationToken);
    }
}

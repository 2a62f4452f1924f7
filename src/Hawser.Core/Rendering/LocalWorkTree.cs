using Hawser.Processes;

namespace Hawser.Rendering;

/// <summary>
/// The commit a local directory (a <c>--repo-override</c>) is at, when the directory is the root of a Git work tree: history
/// then records that commit, so a rollback can render it again. A directory that is not a work tree root has no commit.
/// </summary>
internal static class LocalWorkTree
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The HEAD commit and whether tracked or new files differ from it; null when the directory is not a work tree root.</summary>
    public static async Task<(string Commit, bool Dirty)?> HeadAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(directory, ".git")) && !File.Exists(Path.Combine(directory, ".git"))) return null;
        var head = await ProcessRunner.RunAsync(new ProcessSpec("git", ["rev-parse", "--verify", "HEAD"], directory, Timeout), cancellationToken);
        if (head.ExitCode != 0) return null;
        var status = await ProcessRunner.RunAsync(new ProcessSpec("git", ["status", "--porcelain"], directory, Timeout), cancellationToken);
        return (head.StandardOutput.Trim().ToLowerInvariant(), status.ExitCode != 0 || status.StandardOutput.Trim().Length > 0);
    }
}

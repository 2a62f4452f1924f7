using Hawser.Processes;
using Hawser.Rendering;

namespace Hawser.Apps;

/// <summary>
/// A config repo checked out on this machine, at one state: a commit (<see cref="Commit"/>) or, without one, its work tree as
/// it is (what a pre-commit hook sees). Every URL that names the repository (<see cref="Urls"/>: its Git remotes, the URLs
/// the caller adds, and the directory itself) is pinned to that state (<see cref="Pins"/>), so Applications and
/// ApplicationSet git generators that point at the repo by URL read this state, whatever revision they ask for; other
/// repositories are read as usual. A renderer built with these pins is what <see cref="ConfigRepoApps"/> takes.
/// </summary>
/// <param name="Directory">The repository's root directory (absolute).</param>
/// <param name="Commit">The full commit SHA read, or null for the work tree as it is.</param>
/// <param name="Urls">The URLs that name this repository.</param>
public sealed record ConfigRepo(string Directory, string? Commit, IReadOnlyList<string> Urls)
{
    private static readonly TimeSpan GitTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Every URL of the repository pinned to <see cref="Commit"/> (or to the work tree when there is none).</summary>
    public IReadOnlyDictionary<string, RepositoryPin> Pins =>
        Urls.Append(Directory).Distinct(StringComparer.Ordinal).ToDictionary(u => u, _ => new RepositoryPin(Directory, Commit), StringComparer.Ordinal);

    /// <summary>How this state is named in reports: the short commit, or "work tree".</summary>
    public string Describe() => Commit is null ? $"{Directory} (work tree)" : $"{Directory} at {Commit[..12]}";

    /// <summary>
    /// Opens <paramref name="directory"/> at <paramref name="revision"/> (a branch, tag or commit, resolved with <c>git rev-parse</c>), or
    /// as it is when <paramref name="revision"/> is null. A directory that is not a Git repository can only be read as it is.
    /// </summary>
    /// <exception cref="ConfigRepoException">The directory does not exist, is not a Git repository (with a revision), or has no such revision.</exception>
    public static async Task<ConfigRepo> OpenAsync(string directory, string? revision, IEnumerable<string> extraUrls, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full)) throw new ConfigRepoException($"{full}: no such directory");
        var top = await GitAsync(full, ["rev-parse", "--show-toplevel"], cancellationToken);
        if (top is null)
        {
            if (revision is not null) throw new ConfigRepoException($"{full} is not a Git repository, so --revision {revision} cannot be read");
            return new ConfigRepo(full, null, [.. extraUrls]);
        }
        var root = Path.GetFullPath(top.Trim());
        if (!string.Equals(root.TrimEnd('/'), full.TrimEnd('/'), StringComparison.Ordinal))
            throw new ConfigRepoException($"{full} is inside the Git repository {root}; give the repository's root");
        string? commit = null;
        if (revision is not null)
        {
            commit = (await GitAsync(root, ["rev-parse", "--verify", "--end-of-options", revision + "^{commit}"], cancellationToken))?.Trim()
                ?? throw new ConfigRepoException($"{root}: no revision \"{revision}\" (a branch, tag or commit of the repository)");
        }
        var remotes = await GitAsync(root, ["config", "--get-regexp", @"^remote\..*\.url$"], cancellationToken) ?? "";
        var urls = remotes.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2) is [_, var url] ? url.Trim() : "")
            .Where(u => u.Length > 0)
            .Concat(extraUrls)
            .Append("file://" + root)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new ConfigRepo(root, commit, urls);
    }

    private static async Task<string?> GitAsync(string directory, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        try
        {
            var result = await ProcessRunner.RunAsync(new ProcessSpec("git", arguments, directory, GitTimeout), cancellationToken);
            return result.ExitCode == 0 ? result.StandardOutput : null;
        }
        catch (ToolException e)
        {
            throw new ConfigRepoException($"git: {e.Message} (install git: scripts/setup.sh)", e);
        }
    }
}

/// <summary>A config repo cannot be opened at the revision asked for; the message names the directory and the revision.</summary>
public sealed class ConfigRepoException(string message, Exception? inner = null) : Exception(message, inner);

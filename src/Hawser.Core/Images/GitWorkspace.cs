using Hawser.Sources;

namespace Hawser.Images;

/// <summary>Who a write-back commit is by: <c>--author</c> flags, else <c>GIT_AUTHOR_NAME</c>/<c>GIT_AUTHOR_EMAIL</c>, else Hawser.</summary>
public sealed record GitAuthor(string Name, string Email)
{
    /// <summary>The author from the environment, or Hawser's own identity.</summary>
    public static GitAuthor FromEnvironment() => new(
        Environment.GetEnvironmentVariable("GIT_AUTHOR_NAME") is { Length: > 0 } name ? name : "Hawser",
        Environment.GetEnvironmentVariable("GIT_AUTHOR_EMAIL") is { Length: > 0 } email ? email : "hawser@localhost");
}

/// <summary>How a push ended.</summary>
internal enum PushOutcome
{
    Pushed,

    /// <summary>The branch moved on the remote meanwhile (non-fast-forward); fetch, re-apply, try again.</summary>
    Rejected,
}

/// <summary>
/// A private clone of one branch of a config repo for a write-back: edit files, commit as the given author, push to
/// the branch, and on a rejected push start over from the remote's new head. Credentials reach git only through
/// <see cref="GitEnvironment"/>; the clone is deleted on dispose.
/// </summary>
internal sealed class GitWorkspace : IDisposable
{
    private readonly GitRunner _git;
    private readonly GitEnvironment _environment;
    private readonly string _repoUrl;
    private readonly RepositoryCredentials? _credentials;
    private readonly TimeSpan _timeout;
    private readonly string _root;

    private GitWorkspace(GitRunner git, GitEnvironment environment, string repoUrl, RepositoryCredentials? credentials, TimeSpan timeout, string root)
    {
        _git = git;
        _environment = environment;
        _repoUrl = repoUrl;
        _credentials = credentials;
        _timeout = timeout;
        _root = root;
        Directory = Path.Combine(root, "tree");
    }

    /// <summary>The work tree.</summary>
    public string Directory { get; }

    /// <summary>The branch cloned (and written to, unless <see cref="PushBranch"/> is set).</summary>
    public string Branch { get; private set; } = "";

    /// <summary>A different branch to push to (Image Updater's <c>git-branch: base:target</c>); null pushes to <see cref="Branch"/>.</summary>
    public string? PushBranch { get; set; }

    /// <summary>Clones <paramref name="branch"/> (the remote's default branch when null) of <paramref name="repoUrl"/>.</summary>
    public static async Task<GitWorkspace> CloneAsync(
        string repoUrl, string? branch, RepositoryCredentials? credentials, string scratchDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var root = Path.Combine(scratchDirectory, $"hawser-writeback-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(root);
        var environment = GitEnvironment.Create(credentials, root, null);
        var workspace = new GitWorkspace(new GitRunner(new GitSourceOptions(root)), environment, repoUrl, credentials, timeout, root);
        try
        {
            var args = new List<string> { "clone", "--quiet", "--no-tags", "--single-branch" };
            if (branch is not null) args.AddRange(["--branch", branch]);
            args.AddRange(["--", repoUrl, workspace.Directory]);
            await workspace._git.RunAsync(repoUrl, args, environment, credentials, timeout, cancellationToken);
            workspace.Branch = branch ?? (await workspace.RunAsync(["rev-parse", "--abbrev-ref", "HEAD"], cancellationToken)).Trim();
            return workspace;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>The staged difference of the work tree against the last commit, as a unified diff.</summary>
    public async Task<string> DiffAsync(CancellationToken cancellationToken)
    {
        await RunAsync(["add", "--all"], cancellationToken);
        return await RunAsync(["diff", "--cached", "--no-color", "--no-ext-diff"], cancellationToken);
    }

    /// <summary>Commits everything changed; returns the new commit.</summary>
    public async Task<string> CommitAsync(string message, GitAuthor author, CancellationToken cancellationToken)
    {
        await RunAsync(["add", "--all"], cancellationToken);
        var identity = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["GIT_AUTHOR_NAME"] = author.Name,
            ["GIT_AUTHOR_EMAIL"] = author.Email,
            ["GIT_COMMITTER_NAME"] = Environment.GetEnvironmentVariable("GIT_COMMITTER_NAME") is { Length: > 0 } name ? name : author.Name,
            ["GIT_COMMITTER_EMAIL"] = Environment.GetEnvironmentVariable("GIT_COMMITTER_EMAIL") is { Length: > 0 } email ? email : author.Email,
        };
        await RunAsync(["-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-m", message], cancellationToken, identity);
        return (await RunAsync(["rev-parse", "HEAD"], cancellationToken)).Trim();
    }

    /// <summary>Pushes the branch; a non-fast-forward rejection is an outcome, every other failure throws.</summary>
    public async Task<PushOutcome> PushAsync(CancellationToken cancellationToken)
    {
        var result = await _git.TryRunAsync(["-C", Directory, "push", "--porcelain", "origin", $"HEAD:refs/heads/{PushBranch ?? Branch}"],
            _environment, _timeout, cancellationToken, repoUrl: _repoUrl, credentials: _credentials);
        if (result.ExitCode == 0) return PushOutcome.Pushed;
        var output = result.StandardOutput + "\n" + result.StandardError;
        if (new[] { "[rejected]", "non-fast-forward", "fetch first", "stale info", "cannot lock ref", "failed to update ref" }
            .Any(m => output.Contains(m, StringComparison.OrdinalIgnoreCase)))
        {
            return PushOutcome.Rejected;
        }
        throw GitRunner.Classify(_repoUrl, Redaction.Mask(GitRunner.Tidy(result.StandardError.Length > 0 ? result.StandardError : result.StandardOutput), _credentials));
    }

    /// <summary>Throws away local commits and changes and moves to the remote branch's current head.</summary>
    public async Task ResetToRemoteAsync(CancellationToken cancellationToken)
    {
        await _git.RunAsync(_repoUrl, ["-C", Directory, "fetch", "--quiet", "--no-tags", "origin", Branch], _environment, _credentials, _timeout, cancellationToken);
        await RunAsync(["reset", "--quiet", "--hard", "FETCH_HEAD"], cancellationToken);
        await RunAsync(["clean", "--quiet", "-fdx"], cancellationToken);
    }

    public void Dispose()
    {
        _environment.Dispose();
        AtomicDirectory.TryDelete(_root);
    }

    private async Task<string> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var result = await _git.RunAsync(_repoUrl, ["-C", Directory, .. arguments], _environment, _credentials, _timeout, cancellationToken, extra);
        return result.StandardOutput;
    }
}

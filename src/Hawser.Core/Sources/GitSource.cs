using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hawser.Sources;

/// <summary>
/// <see cref="IGitSource"/> through the <c>git</c> CLI: a bare mirror per repository, fetched under a per-repository
/// lock; revisions resolved to commits; one shared read-only work tree per commit. Thread-safe; several processes may
/// share one cache directory. See <see cref="SourcesOverview"/>.
/// </summary>
public sealed class GitSource : IGitSource
{
    /// <summary>Staging directories older than this are leftovers of a crashed process and are removed at start-up.</summary>
    internal static readonly TimeSpan StaleStagingAge = TimeSpan.FromHours(1);

    private readonly GitSourceOptions _options;
    private readonly ILogger _logger;
    private readonly GitRunner _git;
    private readonly GitMirror _mirrors;
    private readonly GitRevisions _revisions;
    private readonly GitWorkTrees _trees;

    // Commits known to be in a mirror ("<mirror>|<sha>"). Objects are never removed from a mirror by a fetch, so a
    // full-SHA checkout seen once needs no git process afterwards.
    private readonly ConcurrentDictionary<string, byte> _knownCommits = new(StringComparer.Ordinal);

    public GitSource(GitSourceOptions options, ILogger<GitSource>? logger = null)
    {
        _options = options with { CacheDirectory = Path.GetFullPath(options.CacheDirectory) };
        _logger = logger ?? (ILogger)NullLogger.Instance;
        Directory.CreateDirectory(_options.CacheDirectory);
        foreach (var area in new[] { "repos", "trees" })
        {
            AtomicDirectory.SweepStale(Path.Combine(_options.CacheDirectory, area), StaleStagingAge, DateTimeOffset.UtcNow);
        }
        var locks = new RepositoryLock(Path.Combine(_options.CacheDirectory, "locks"));
        _git = new GitRunner(_options);
        _mirrors = new GitMirror(_options, _git, locks, _logger);
        _revisions = new GitRevisions(_options, _git);
        _trees = new GitWorkTrees(_options, _git, locks, _logger);
    }

    /// <inheritdoc />
    public async Task<string> ResolveAsync(string repoUrl, string revision, RepositoryCredentials? credentials, CancellationToken cancellationToken)
    {
        using var environment = GitEnvironment.Create(credentials, _options.CacheDirectory, _options.SshKnownHostsFile);
        var (_, commit) = await ResolveInMirrorAsync(repoUrl, revision, credentials, environment, cancellationToken);
        return commit;
    }

    /// <inheritdoc />
    public async Task<GitCheckout> CheckoutAsync(string repoUrl, string revision, RepositoryCredentials? credentials, CancellationToken cancellationToken)
    {
        using var environment = GitEnvironment.Create(credentials, _options.CacheDirectory, _options.SshKnownHostsFile);
        var (mirror, commit) = await ResolveInMirrorAsync(repoUrl, revision, credentials, environment, cancellationToken);
        var tree = await _trees.GetAsync(repoUrl, mirror, commit, environment, cancellationToken);
        return new GitCheckout(repoUrl, revision, commit, tree);
    }

    /// <summary>A commit's author (<c>Name &lt;email&gt;</c>), author date, message and the tags that point at it
    /// (fetching first when the mirror lacks it).</summary>
    public async Task<GitCommitInfo> GetCommitInfoAsync(string repoUrl, string commit, RepositoryCredentials? credentials, CancellationToken cancellationToken)
    {
        using var environment = GitEnvironment.Create(credentials, _options.CacheDirectory, _options.SshKnownHostsFile);
        var (mirror, sha) = await ResolveInMirrorAsync(repoUrl, commit, credentials, environment, cancellationToken);
        var show = await _git.RunAsync(repoUrl, ["--git-dir", mirror, "show", "-s", "--format=%an <%ae>%x00%aI%x00%B", sha, "--"], environment, credentials, _options.LocalTimeout, cancellationToken);
        var parts = show.StandardOutput.Split('\0', 3);
        var tags = await _git.RunAsync(repoUrl, ["--git-dir", mirror, "tag", "--points-at", sha], environment, credentials, _options.LocalTimeout, cancellationToken);
        return new GitCommitInfo(sha, parts[0], DateTimeOffset.Parse(parts.Length > 1 ? parts[1] : "", System.Globalization.CultureInfo.InvariantCulture),
            (parts.Length > 2 ? parts[2] : "").TrimEnd('\n'), tags.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private async Task<(string Mirror, string Commit)> ResolveInMirrorAsync(
        string repoUrl, string revision, RepositoryCredentials? credentials, GitEnvironment environment, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(repoUrl)) throw new SourceException(SourceFailure.InvalidReference, "(empty)", "no repository URL given");
        revision = revision.Trim();
        GitRevisions.Validate(repoUrl, revision);
        var display = Redaction.DisplayUrl(repoUrl);
        var mirror = await _mirrors.EnsureAsync(repoUrl, environment, cancellationToken);

        if (GitRevisions.IsFullSha(revision))
        {
            var sha = revision.ToLowerInvariant();
            if (_knownCommits.ContainsKey(mirror + "|" + sha)) return (mirror, sha);
            if (await _revisions.TryResolveAsync(mirror, sha, environment, cancellationToken) is { } present)
            {
                SourceLog.CommitPresent(_logger, display, present);
                _knownCommits.TryAdd(mirror + "|" + present, 0);
                return (mirror, present);
            }
        }

        await _mirrors.FetchAsync(repoUrl, mirror, environment, credentials, cancellationToken);
        var commit = await _revisions.TryResolveAsync(mirror, revision, environment, cancellationToken);
        if (commit is null && GitRevisions.IsFullSha(revision) &&
            await _mirrors.TryFetchCommitAsync(repoUrl, mirror, revision, environment, cancellationToken))
        {
            commit = await _revisions.TryResolveAsync(mirror, revision, environment, cancellationToken);
        }
        if (commit is null)
        {
            var shown = revision.Length == 0 ? "HEAD" : revision;
            throw new SourceException(SourceFailure.UnknownRevision, repoUrl,
                $"revision '{shown}' not found (no branch, tag or commit of that name in {display})");
        }
        SourceLog.Resolved(_logger, display, revision, commit);
        _knownCommits.TryAdd(mirror + "|" + commit, 0);
        return (mirror, commit);
    }
}

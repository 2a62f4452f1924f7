using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Hawser.Sources;

/// <summary>
/// One bare mirror per repository URL under <c>&lt;cache&gt;/repos/&lt;hash&gt;</c>: created atomically, fetched
/// (branches, tags, the remote HEAD; pruned) under the repository lock.
/// </summary>
internal sealed class GitMirror(GitSourceOptions options, GitRunner git, RepositoryLock locks, ILogger logger)
{
    // When each mirror's last successful fetch started (Stopwatch ticks), so callers that queued behind it can reuse it.
    private readonly ConcurrentDictionary<string, long> _lastFetchStarted = new(StringComparer.Ordinal);

    /// <summary>Where the remote's HEAD is stored in the mirror.</summary>
    public const string RemoteHeadRef = "refs/hawser/HEAD";

    // Fetched objects always stay in one pack whose index is renamed into place last, so a reader that resolves a commit
    // while another fetch runs never finds the commit before its trees (small fetches are otherwise exploded into loose
    // objects one by one).
    private static readonly string[] FetchConfig = ["-c", "fetch.unpackLimit=1", "-c", "transfer.unpackLimit=1"];

    private static readonly string[] RefSpecs =
        ["+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*", $"+HEAD:{RemoteHeadRef}"];

    /// <summary>The mirror directory of <paramref name="repoUrl"/>, created (empty) when missing.</summary>
    public async Task<string> EnsureAsync(string repoUrl, GitEnvironment environment, CancellationToken cancellationToken)
    {
        var key = CacheKeys.Hash(repoUrl);
        var path = Path.Combine(options.CacheDirectory, "repos", key);
        if (Directory.Exists(path)) return path;
        await using (await AcquireAsync(repoUrl, key, cancellationToken))
        {
            if (Directory.Exists(path)) return path;
            var staging = AtomicDirectory.CreateStaging(path);
            try
            {
                await git.RunAsync(repoUrl, ["init", "--quiet", "--bare", staging], environment, null, options.LocalTimeout, cancellationToken);
                AtomicDirectory.Publish(staging, path);
            }
            finally
            {
                AtomicDirectory.TryDelete(staging);
            }
        }
        return path;
    }

    /// <summary>
    /// Fetches every branch and tag and the remote HEAD into the mirror, pruning deleted refs. Concurrent callers are
    /// coalesced: a caller that waited for the lock while another fetch ran is served by a fetch that started after it
    /// asked, so fifty apps on one repository cost one or two fetches, not fifty. Only a fetch made with the same credentials
    /// is shared.
    /// </summary>
    public async Task FetchAsync(string repoUrl, string mirror, GitEnvironment environment, RepositoryCredentials? credentials, CancellationToken cancellationToken)
    {
        var requested = Stopwatch.GetTimestamp();
        await using (await AcquireAsync(repoUrl, CacheKeys.Hash(repoUrl), cancellationToken))
        {
            var display = Redaction.DisplayUrl(repoUrl);
            var fetchKey = mirror + "|" + CacheKeys.Fingerprint(credentials);
            if (_lastFetchStarted.TryGetValue(fetchKey, out var last) && last > requested)
            {
                SourceLog.FetchShared(logger, display);
                return;
            }
            SourceLog.Fetching(logger, display);
            var started = Stopwatch.GetTimestamp();
            string[] args = [.. FetchConfig, "--git-dir", mirror, "fetch", "--quiet", "--prune", "--force", "--no-write-fetch-head", "--", FetchUrl(repoUrl), .. RefSpecs];
            try
            {
                await git.RunAsync(repoUrl, args, environment, credentials, options.FetchTimeout, cancellationToken);
            }
            finally
            {
                options.Metrics?.GitRequest(display, "fetch", Stopwatch.GetElapsedTime(started));
            }
            _lastFetchStarted[fetchKey] = started;
            SourceLog.Fetched(logger, display, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    /// <summary>Fetches one commit by SHA (servers allowing it, as git-http-backend with protocol v2 does); false when the server refuses.</summary>
    public async Task<bool> TryFetchCommitAsync(string repoUrl, string mirror, string sha, GitEnvironment environment, CancellationToken cancellationToken)
    {
        await using (await AcquireAsync(repoUrl, CacheKeys.Hash(repoUrl), cancellationToken))
        {
            var started = Stopwatch.GetTimestamp();
            var result = await git.TryRunAsync([.. FetchConfig, "--git-dir", mirror, "fetch", "--quiet", "--no-write-fetch-head", "--", FetchUrl(repoUrl), sha],
                environment, options.FetchTimeout, cancellationToken);
            options.Metrics?.GitRequest(Redaction.DisplayUrl(repoUrl), "fetch", Stopwatch.GetElapsedTime(started));
            return result.ExitCode == 0;
        }
    }

    /// <summary>The URL handed to git: local paths made absolute, everything else as given.</summary>
    private static string FetchUrl(string repoUrl) => CacheKeys.IsLocalPath(repoUrl) ? Path.GetFullPath(repoUrl) : repoUrl;

    private async Task<IAsyncDisposable> AcquireAsync(string repoUrl, string key, CancellationToken cancellationToken)
    {
        try
        {
            return await locks.AcquireAsync("repo-" + key, options.LockTimeout, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new SourceException(SourceFailure.Failed, repoUrl, e.Message, e);
        }
    }
}

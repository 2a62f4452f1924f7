using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Hawser.Sources;

/// <summary>
/// One work tree per commit under <c>&lt;cache&gt;/trees/&lt;sha&gt;</c>, shared by every caller. It is written once:
/// checked out into a staging directory with a private index file, then renamed into place, so a crash never leaves a
/// half tree and readers never see one.
/// </summary>
internal sealed class GitWorkTrees(GitSourceOptions options, GitRunner git, RepositoryLock locks, ILogger logger)
{
    /// <summary>The directory of <paramref name="commit"/>'s files, extracting it from <paramref name="mirror"/> the first time.</summary>
    public async Task<string> GetAsync(string repoUrl, string mirror, string commit, GitEnvironment environment, CancellationToken cancellationToken)
    {
        var path = Path.Combine(options.CacheDirectory, "trees", commit);
        if (Directory.Exists(path)) return path;

        IAsyncDisposable held;
        try
        {
            held = await locks.AcquireAsync("tree-" + commit, options.LockTimeout, cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new SourceException(SourceFailure.Failed, repoUrl, e.Message, e);
        }
        await using (held)
        {
            if (Directory.Exists(path)) return path;
            var stopwatch = Stopwatch.StartNew();
            var staging = AtomicDirectory.CreateStaging(path);
            var index = staging + ".index";
            try
            {
                // read-tree --reset -u into an empty private index writes every file of the commit, exactly as a checkout would
                // (symlinks stay symlinks, executable bits kept), without touching the mirror's refs or index.
                await git.RunAsync(repoUrl, ["--git-dir", mirror, "--work-tree", staging, "read-tree", "--reset", "-u", commit],
                    environment, null, options.LocalTimeout, cancellationToken,
                    new Dictionary<string, string?> { ["GIT_INDEX_FILE"] = index });
                AtomicDirectory.Publish(staging, path);
            }
            finally
            {
                AtomicDirectory.TryDelete(staging);
                File.Delete(index);
            }
            SourceLog.TreeExtracted(logger, Redaction.DisplayUrl(repoUrl), commit, stopwatch.ElapsedMilliseconds);
        }
        return path;
    }
}

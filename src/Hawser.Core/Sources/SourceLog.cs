using Microsoft.Extensions.Logging;

namespace Hawser.Sources;

/// <summary>Log messages of the Sources stage (event ids 2000-2099). Repository URLs are logged without user information; no secret is ever a field.</summary>
internal static partial class SourceLog
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Fetching {Repo}")]
    public static partial void Fetching(ILogger logger, string repo);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Fetched {Repo} in {ElapsedMs} ms")]
    public static partial void Fetched(ILogger logger, string repo, long elapsedMs);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Debug, Message = "Reusing a fetch of {Repo} that started while this one waited")]
    public static partial void FetchShared(ILogger logger, string repo);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Resolved {Repo} {Revision} to {Commit}")]
    public static partial void Resolved(ILogger logger, string repo, string revision, string commit);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Commit {Commit} already in the mirror of {Repo}; no fetch")]
    public static partial void CommitPresent(ILogger logger, string repo, string commit);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Extracted {Commit} of {Repo} in {ElapsedMs} ms")]
    public static partial void TreeExtracted(ILogger logger, string repo, string commit, long elapsedMs);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Debug, Message = "Chart {Chart} {Version} from {Repo} found in the cache")]
    public static partial void ChartCacheHit(ILogger logger, string repo, string chart, string version);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Information, Message = "Pulled chart {Chart} {Version} from {Repo} in {ElapsedMs} ms")]
    public static partial void ChartPulled(ILogger logger, string repo, string chart, string version, long elapsedMs);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Debug, Message = "Chose {Chart} {Version} from {Repo} for constraint {Constraint}")]
    public static partial void ChartVersionChosen(ILogger logger, string repo, string chart, string constraint, string version);
}

using Microsoft.Extensions.Logging;

namespace Hawser.Controller;

/// <summary>The controller's log messages (event ids 6000-6099). Apps and objects are named; secret values never appear.</summary>
internal static partial class ControllerLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Controller started: {Apps} apps, {Workers} refresh and {SyncWorkers} sync workers")]
    public static partial void Started(ILogger logger, int apps, int workers, int syncWorkers);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Debug, Message = "Watching {Kind}")]
    public static partial void Watching(ILogger logger, string kind);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Not watching {Kind}: {Reason}")]
    public static partial void KindNotWatched(ILogger logger, string kind, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "{Queue} work for app {App} failed")]
    public static partial void WorkFailed(ILogger logger, string queue, string app, Exception exception);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Debug, Message = "App {App} refreshed: {Sync}, {Health}")]
    public static partial void Refreshed(ILogger logger, string app, string sync, string health);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "App {App}: automated sync ({Reason})")]
    public static partial void AutoSyncing(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "App {App}: sync ended {Phase}: {Message}")]
    public static partial void Synced(ILogger logger, string app, string phase, string message);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Repository {Repo} moved to {Commit}: refreshing {Apps} apps")]
    public static partial void RepoMoved(ILogger logger, string repo, string commit, int apps);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Repository {Repo} could not be checked: {Reason}")]
    public static partial void RepoCheckFailed(ILogger logger, string repo, string reason);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning, Message = "Root applications: {Problem}")]
    public static partial void RootProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "App {App}: operation {OperationId} interrupted by a restart; resuming")]
    public static partial void Resuming(ILogger logger, string app, long operationId);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "App {App}: sync not started: {Reason}")]
    public static partial void SyncNotStarted(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "ApplicationSet {Set}: {Problem}")]
    public static partial void SetProblem(ILogger logger, string set, string problem);
}

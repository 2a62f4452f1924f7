using Microsoft.Extensions.Logging;

namespace Hawser.Sync;

/// <summary>The Sync stage's log messages (event ids 5200-5299). Never a secret value: objects are named by key only.</summary>
internal static partial class SyncLog
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Sync {OperationId} of app {App} at {Revision} started (attempt {Attempt})")]
    public static partial void Started(ILogger logger, long operationId, string app, string revision, int attempt);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Sync {OperationId} of app {App} resumed after a restart")]
    public static partial void Resumed(ILogger logger, long operationId, string app);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Sync {OperationId} of app {App} ended {Phase}: {Message}")]
    public static partial void Finished(ILogger logger, long operationId, string app, string phase, string message);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Debug, Message = "App {App}: {Key} {Action}")]
    public static partial void TaskDone(ILogger logger, string app, string key, string action);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Information, Message = "App {App}: step {Step} started")]
    public static partial void StepStarted(ILogger logger, string app, string step);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Warning, Message = "Sync {OperationId} of app {App} failed; retry {Retry} in {Delay}")]
    public static partial void Retrying(ILogger logger, long operationId, string app, int retry, TimeSpan delay);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Warning, Message = "Sync {OperationId} of app {App} terminated: {Reason}")]
    public static partial void Terminated(ILogger logger, long operationId, string app, string reason);
}

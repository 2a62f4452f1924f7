using Microsoft.Extensions.Logging;

namespace Hawser.State;

/// <summary>Log messages of the state store; event ids 5100-5199.</summary>
internal static partial class StateLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Debug, Message = "Opened state database {Path}")]
    public static partial void Opened(ILogger logger, string path);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Applied state schema migration {Version} ({Name})")]
    public static partial void MigrationApplied(ILogger logger, int version, string name);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Debug, Message = "Operation {OperationId} of app {App} started")]
    public static partial void OperationStarted(ILogger logger, long operationId, string app);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Debug, Message = "Operation {OperationId} of app {App} finished: {Phase}")]
    public static partial void OperationCompleted(ILogger logger, long operationId, string app, OperationPhase phase);
}

using Microsoft.Extensions.Logging;

namespace Hawser.Sandbox;

/// <summary>The sandbox's log messages (event ids 3000-3099). No object data and no token ever appears in them.</summary>
internal static partial class SandboxLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Sandbox listening on {BaseAddress} (data directory {DataDirectory})")]
    public static partial void Started(ILogger logger, Uri baseAddress, string dataDirectory);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Unhandled error serving {Method} {Path}")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Controller {Controller} failed on {Resource} {Namespace}/{Name}; retrying")]
    public static partial void ControllerFailed(ILogger logger, Exception exception, string controller, string resource, string @namespace, string name);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Sandbox stopped")]
    public static partial void Stopped(ILogger logger);
}

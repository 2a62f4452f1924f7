using Microsoft.Extensions.Logging;

namespace Hawser.ImageAutomation;

/// <summary>Log messages of image update automation (event ids 7700-7749). Apps, images and versions are named; credentials never appear.</summary>
internal static partial class ImageAutomationLog
{
    [LoggerMessage(EventId = 7700, Level = LogLevel.Information, Message = "Image update automation started: a pass every {Interval}")]
    public static partial void Started(ILogger logger, TimeSpan interval);

    [LoggerMessage(EventId = 7701, Level = LogLevel.Information, Message = "Updated images of {App} in Git: {Updates} (commit {Commit} on {Branch})")]
    public static partial void Committed(ILogger logger, string app, string updates, string commit, string branch);

    [LoggerMessage(EventId = 7702, Level = LogLevel.Information, Message = "Updated images of {App} as parameter overrides: {Updates}")]
    public static partial void OverridesSet(ILogger logger, string app, string updates);

    [LoggerMessage(EventId = 7704, Level = LogLevel.Warning, Message = "Image update of {App} failed: {Error}")]
    public static partial void AppFailed(ILogger logger, string app, string error);

    [LoggerMessage(EventId = 7705, Level = LogLevel.Debug, Message = "Image update of {App} still fails: {Error}")]
    public static partial void StillFailing(ILogger logger, string app, string error);

    [LoggerMessage(EventId = 7706, Level = LogLevel.Information, Message = "Dropped the image parameter overrides of {App}: it no longer uses the argocd write-back")]
    public static partial void OverridesForgotten(ILogger logger, string app);

    [LoggerMessage(EventId = 7707, Level = LogLevel.Error, Message = "Image update of {App} failed unexpectedly")]
    public static partial void Unexpected(ILogger logger, string app, Exception exception);

    [LoggerMessage(EventId = 7708, Level = LogLevel.Error, Message = "An image update pass failed")]
    public static partial void PassFailed(ILogger logger, Exception exception);
}

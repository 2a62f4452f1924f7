using System.Net;
using Microsoft.Extensions.Logging;

namespace Hawser.Kubernetes;

/// <summary>
/// The Kubernetes client's log messages. Event ids 4000–4099: 400x transport, 402x discovery, 404x watch, 406x informer.
/// Paths and object names only; never a header, token or body.
/// </summary>
internal static partial class KubernetesLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Debug, Message = "{Method} {Path} answered {Status} in {ElapsedMs:F1} ms")]
    public static partial void Request(ILogger logger, string method, string path, int status, double elapsedMs);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "{Method} {Path} answered {Status}; retry {Attempt} of {MaxRetries} in {DelayMs:F0} ms")]
    public static partial void RetryAfterStatus(ILogger logger, string method, string path, HttpStatusCode status, int attempt, int maxRetries, double delayMs);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "{Method} {Path} failed ({Error}); retry {Attempt} of {MaxRetries} in {DelayMs:F0} ms")]
    public static partial void RetryAfterFailure(ILogger logger, string method, string path, string error, int attempt, int maxRetries, double delayMs);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "{Method} {Path} was refused as unauthorized; refreshing the credential once")]
    public static partial void RefreshCredential(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 4020, Level = LogLevel.Debug, Message = "discovery of {Server} found {Resources} resource types ({Format}) in {ElapsedMs:F0} ms")]
    public static partial void Discovered(ILogger logger, string server, int resources, string format, double elapsedMs);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Debug, Message = "discovery has no {Kind}; refreshing")]
    public static partial void DiscoveryMiss(ILogger logger, string kind);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Warning, Message = "discovery of group version {GroupVersion} failed; its kinds are unknown until the next refresh: {Error}")]
    public static partial void GroupVersionFailed(ILogger logger, string groupVersion, string error);

    [LoggerMessage(EventId = 4040, Level = LogLevel.Debug, Message = "watch of {Path} ended after {Events} events; resuming from resourceVersion {ResourceVersion}")]
    public static partial void WatchResume(ILogger logger, string path, int events, string resourceVersion);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "watch of {Path} dropped ({Error}); resuming from resourceVersion {ResourceVersion} in {DelayMs:F0} ms")]
    public static partial void WatchDropped(ILogger logger, string path, string error, string resourceVersion, double delayMs);

    [LoggerMessage(EventId = 4060, Level = LogLevel.Information, Message = "informer for {Kind}: listed {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void InformerListed(ILogger logger, string kind, int count, string resourceVersion);

    [LoggerMessage(EventId = 4061, Level = LogLevel.Information, Message = "informer for {Kind}: resourceVersion expired (410); re-listing")]
    public static partial void InformerGone(ILogger logger, string kind);

    [LoggerMessage(EventId = 4062, Level = LogLevel.Warning, Message = "informer for {Kind} failed; re-listing in {DelayMs:F0} ms: {Error}")]
    public static partial void InformerFailed(ILogger logger, string kind, double delayMs, string error);

    [LoggerMessage(EventId = 4063, Level = LogLevel.Error, Message = "informer for {Kind}: the change handler failed for {Object}")]
    public static partial void InformerHandlerFailed(ILogger logger, string kind, string @object, Exception exception);
}

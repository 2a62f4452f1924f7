using Microsoft.Extensions.Logging;

namespace Hawser.Notifications;

/// <summary>The notifications' log messages (event ids 7500-7599). Apps, triggers and services are named; secret values
/// (tokens, passwords, robot URLs) never appear.</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(EventId = 7500, Level = LogLevel.Information, Message = "Notifications enabled: {Services} services, {Triggers} triggers, {Subscriptions} global subscriptions")]
    public static partial void Started(ILogger logger, int services, int triggers, int subscriptions);

    [LoggerMessage(EventId = 7501, Level = LogLevel.Information, Message = "Sent {Template} of trigger {Trigger} for app {App} to {Destination}")]
    public static partial void Sent(ILogger logger, string template, string trigger, string app, string destination);

    [LoggerMessage(EventId = 7502, Level = LogLevel.Warning, Message = "Delivery to {Destination} failed (attempt {Attempt} of {Attempts}), retrying in {Wait}: {Error}")]
    public static partial void Retrying(ILogger logger, string destination, int attempt, int attempts, TimeSpan wait, string error);

    [LoggerMessage(EventId = 7503, Level = LogLevel.Error, Message = "Notification of trigger {Trigger} for app {App} to {Destination} failed: {Error}")]
    public static partial void Failed(ILogger logger, string trigger, string app, string destination, string error);

    [LoggerMessage(EventId = 7504, Level = LogLevel.Warning, Message = "Trigger {Trigger} of app {App} cannot be evaluated: {Error}")]
    public static partial void TriggerFailed(ILogger logger, string trigger, string app, string error);

    [LoggerMessage(EventId = 7505, Level = LogLevel.Warning, Message = "App {App} subscribes to trigger {Trigger}, which is not defined")]
    public static partial void UnknownTrigger(ILogger logger, string app, string trigger);

    [LoggerMessage(EventId = 7506, Level = LogLevel.Warning, Message = "App {App} subscribes service {Service}, which is not defined")]
    public static partial void UnknownService(ILogger logger, string app, string service);

    [LoggerMessage(EventId = 7507, Level = LogLevel.Error, Message = "Notifications for app {App} failed")]
    public static partial void ProcessingFailed(ILogger logger, string app, Exception exception);

    [LoggerMessage(EventId = 7508, Level = LogLevel.Warning, Message = "Cannot read commit {Commit} of app {App} for templates: {Error}")]
    public static partial void CommitUnreadable(ILogger logger, string commit, string app, string error);
}

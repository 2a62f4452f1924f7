using Microsoft.Extensions.Logging;

namespace Hawser.Webhooks;

/// <summary>The webhook endpoint's log messages (event ids 8400-8419). Secret values never appear.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 8400, Level = LogLevel.Information, Message = "{Provider} push to {Repo} ({Refs}): refreshing {Count} apps, generating {Sets} ApplicationSets")]
    public static partial void Push(ILogger logger, string provider, string repo, string refs, int count, int sets);

    [LoggerMessage(EventId = 8401, Level = LogLevel.Debug, Message = "Webhook ignored: {Reason}")]
    public static partial void Ignored(ILogger logger, string reason);

    [LoggerMessage(EventId = 8402, Level = LogLevel.Warning, Message = "{Provider} webhook from {Source} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string provider, string source, string reason);

    [LoggerMessage(EventId = 8403, Level = LogLevel.Warning, Message = "{Provider} webhook rejected: {Reason}")]
    public static partial void Invalid(ILogger logger, string provider, string reason);
}

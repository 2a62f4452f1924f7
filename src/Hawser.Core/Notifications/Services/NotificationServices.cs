namespace Hawser.Notifications.Services;

/// <summary>Builds the delivery object of each configured service.</summary>
internal static class NotificationServices
{
    public static INotificationService Create(ServiceOptions options, TimeProvider time) => options.Type switch
    {
        "webhook" => new WebhookService(options),
        "slack" => new SlackService(options),
        "dingtalk" => new DingTalkService(options, time),
        "wecom" => new WeComService(options),
        "feishu" => new FeishuService(options, time),
        "teams" => new TeamsService(options),
        "telegram" => new TelegramService(options),
        "email" => new EmailService(options),
        _ => throw new NotificationException($"{options.Key}: Hawser has no '{options.Type}' service"),
    };
}

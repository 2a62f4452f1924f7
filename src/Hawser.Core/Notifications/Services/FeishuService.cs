using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Notifications.Services;

/// <summary>
/// A Feishu / Lark (飞书) group custom bot (<c>service.feishu[.NAME]</c> or <c>service.lark[.NAME]</c>: <c>{url,
/// secret}</c>; <c>url</c> is the bot's webhook). With <c>secret</c> each request carries Feishu's signature. The template's
/// <c>feishu.msgType</c> is <c>text</c> (the default; <c>message</c> is the text) or <c>interactive</c> with
/// <c>feishu.card</c>, a message card as JSON. The recipient is not used.
/// </summary>
internal sealed class FeishuService(ServiceOptions options, TimeProvider time) : INotificationService
{
    private readonly ServiceHttp _http = new(options);

    public ServiceOptions Options => options;

    public async Task SendAsync(Notification notification, string recipient, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        if (options.String("secret") is { Length: > 0 } secret)
        {
            var (timestamp, sign) = RobotSignature.Feishu(secret, time.GetUtcNow());
            body["timestamp"] = timestamp;
            body["sign"] = sign;
        }
        var type = notification.Text("feishu.msgType") is { Length: > 0 } t ? t : "text";
        switch (type)
        {
            case "text":
                body["msg_type"] = "text";
                body["content"] = new JsonObject { ["text"] = notification.Message };
                break;
            case "interactive":
                body["msg_type"] = "interactive";
                body["card"] = ParseCard(notification);
                break;
            default:
                throw new DeliveryException($"{options.Key}: template {notification.Template}: feishu.msgType '{type}' is not text or interactive", retryable: false);
        }
        using var request = ServiceHttp.PostJson(options.Required("url"), body);
        await _http.SendCheckedAsync(request, answer =>
        {
            var code = answer?["code"] ?? answer?["StatusCode"];
            return code is JsonValue c && c.GetValue<long>() != 0 ? $"code {c.GetValue<long>()}: {(answer!["msg"] ?? answer["StatusMessage"])?.GetValue<string>()}" : null;
        }, cancellationToken);
    }

    private JsonNode ParseCard(Notification notification)
    {
        var text = notification.Text("feishu.card") ?? throw new DeliveryException($"{options.Key}: template {notification.Template}: feishu.card: required for interactive messages", retryable: false);
        try
        {
            return JsonNode.Parse(text) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new DeliveryException($"{options.Key}: template {notification.Template}: feishu.card is not JSON: {e.Message}", retryable: false);
        }
    }

    public void Dispose() => _http.Dispose();
}

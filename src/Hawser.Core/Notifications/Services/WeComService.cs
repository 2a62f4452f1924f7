using System.Text.Json.Nodes;

namespace Hawser.Notifications.Services;

/// <summary>
/// A WeCom (企业微信) group robot (<c>service.wecom[.NAME]: {url}</c>; <c>url</c> is the robot's webhook with its
/// <c>key</c>). The template's <c>wecom.msgType</c> is <c>text</c> (the default) or <c>markdown</c>; <c>message</c> is
/// the content. Recipients, when given, are user ids to mention (text messages).
/// </summary>
internal sealed class WeComService(ServiceOptions options) : INotificationService
{
    private readonly ServiceHttp _http = new(options);

    public ServiceOptions Options => options;

    public async Task SendAsync(Notification notification, string recipient, CancellationToken cancellationToken)
    {
        var type = notification.Text("wecom.msgType") is { Length: > 0 } t ? t : "text";
        var content = new JsonObject { ["content"] = notification.Message };
        if (type == "text" && recipient.Length > 0) content["mentioned_list"] = new JsonArray(recipient);
        if (type is not ("text" or "markdown"))
            throw new DeliveryException($"{options.Key}: template {notification.Template}: wecom.msgType '{type}' is not text or markdown", retryable: false);
        using var request = ServiceHttp.PostJson(options.Required("url"), new JsonObject { ["msgtype"] = type, [type] = content });
        await _http.SendCheckedAsync(request, answer => answer?["errcode"] is JsonValue code && code.GetValue<long>() != 0
            ? $"errcode {code.GetValue<long>()}: {answer["errmsg"]?.GetValue<string>()}" : null, cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}

using System.Text.Json.Nodes;

namespace Hawser.Notifications.Services;

/// <summary>
/// A DingTalk (钉钉) group robot (<c>service.dingtalk[.NAME]: {url, secret}</c>; <c>url</c> is the robot's webhook with
/// its <c>access_token</c>). With <c>secret</c> each request is signed (DingTalk's "加签"). The template's
/// <c>dingtalk</c> section chooses <c>msgType</c> (<c>text</c>, the default, or <c>markdown</c> with <c>title</c>,
/// default the app event's first line); <c>message</c> is the text. Recipients, when given, are mobile numbers to @.
/// </summary>
internal sealed class DingTalkService(ServiceOptions options, TimeProvider time) : INotificationService
{
    private readonly ServiceHttp _http = new(options);

    public ServiceOptions Options => options;

    public async Task SendAsync(Notification notification, string recipient, CancellationToken cancellationToken)
    {
        var url = options.Required("url");
        if (options.String("secret") is { Length: > 0 } secret)
            url += (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + RobotSignature.DingTalkQuery(secret, time.GetUtcNow());
        var message = notification.Message;
        var type = notification.Text("dingtalk.msgType") is { Length: > 0 } t ? t : "text";
        JsonObject body = type switch
        {
            "markdown" => new JsonObject
            {
                ["msgtype"] = "markdown",
                ["markdown"] = new JsonObject { ["title"] = notification.Text("dingtalk.title") is { Length: > 0 } title ? title : FirstLine(message), ["text"] = message },
            },
            "text" => new JsonObject { ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = message } },
            _ => throw new DeliveryException($"{options.Key}: template {notification.Template}: dingtalk.msgType '{type}' is not text or markdown", retryable: false),
        };
        if (recipient.Length > 0) body["at"] = new JsonObject { ["atMobiles"] = new JsonArray(recipient) };
        using var request = ServiceHttp.PostJson(url, body);
        await _http.SendCheckedAsync(request, answer => answer?["errcode"] is JsonValue code && code.GetValue<long>() != 0
            ? $"errcode {code.GetValue<long>()}: {answer["errmsg"]?.GetValue<string>()}" : null, cancellationToken);
    }

    private static string FirstLine(string text)
    {
        var line = text.TrimStart('#', ' ', '\n').Split('\n')[0].Trim();
        return line.Length > 0 ? line : "Hawser";
    }

    public void Dispose() => _http.Dispose();
}

using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Notifications.Services;

/// <summary>
/// Slack (<c>service.slack[.NAME]</c>), either with a bot token (<c>token</c>: <c>chat.postMessage</c> to the recipient
/// channel, at <c>apiURL</c>, default <c>https://slack.com/api/</c>) or with an incoming webhook (<c>webhookURL</c>: the
/// channel is the webhook's). <c>username</c> and <c>icon</c> (an emoji <c>:name:</c> or an image URL) set the sender.
/// The template's <c>slack.attachments</c> and <c>slack.blocks</c> are JSON texts sent as Slack's fields; <c>message</c>
/// is the text.
/// </summary>
internal sealed class SlackService(ServiceOptions options) : INotificationService
{
    private readonly ServiceHttp _http = new(options);

    public ServiceOptions Options => options;

    public async Task SendAsync(Notification notification, string recipient, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        var webhook = options.String("webhookURL");
        if (webhook is null)
        {
            if (recipient.Length == 0) throw new DeliveryException($"{options.Key}: a channel is required (subscribe.TRIGGER.{options.Name}: CHANNEL)", retryable: false);
            body["channel"] = recipient;
        }
        body["text"] = notification.Message;
        if (options.String("username") is { Length: > 0 } username) body["username"] = username;
        if (options.String("icon") is { Length: > 0 } icon) body[icon.StartsWith(':') ? "icon_emoji" : "icon_url"] = icon;
        foreach (var field in new[] { "attachments", "blocks" })
        {
            if (notification.Text($"slack.{field}") is not { } json || json.Trim().Length == 0) continue;
            try
            {
                body[field] = JsonNode.Parse(json);
            }
            catch (JsonException e)
            {
                throw new DeliveryException($"{options.Key}: template {notification.Template}: slack.{field} is not JSON: {e.Message}", retryable: false);
            }
        }
        if (webhook is not null)
        {
            using var post = ServiceHttp.PostJson(webhook, body);
            await _http.SendAsync(post, cancellationToken);
            return;
        }
        var api = options.String("apiURL") is { Length: > 0 } a ? a : "https://slack.com/api/";
        using var request = ServiceHttp.PostJson(api.TrimEnd('/') + "/chat.postMessage", body);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Required("token"));
        await _http.SendCheckedAsync(request, answer => answer?["ok"] is JsonValue ok && !ok.GetValue<bool>() ? answer["error"]?.GetValue<string>() ?? "not ok" : null, cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}

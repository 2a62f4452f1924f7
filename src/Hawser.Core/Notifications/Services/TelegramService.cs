using System.Globalization;
using System.Text.Json.Nodes;

namespace Hawser.Notifications.Services;

/// <summary>
/// Telegram (<c>service.telegram: {token, apiURL}</c>): <c>sendMessage</c> of the bot API (default
/// <c>https://api.telegram.org</c>) with Markdown text. A numeric recipient is a chat id (<c>-100…</c> for channels);
/// any other is a public channel's username, sent as <c>@name</c>.
/// </summary>
internal sealed class TelegramService(ServiceOptions options) : INotificationService
{
    private readonly ServiceHttp _http = new(options);

    public ServiceOptions Options => options;

    public async Task SendAsync(Notification notification, string recipient, CancellationToken cancellationToken)
    {
        if (recipient.Length == 0) throw new DeliveryException($"{options.Key}: a chat is required (subscribe.TRIGGER.{options.Name}: CHAT)", retryable: false);
        JsonNode chat = long.TryParse(recipient, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
            ? JsonValue.Create(id) : JsonValue.Create(recipient.StartsWith('@') ? recipient : "@" + recipient);
        var body = new JsonObject { ["chat_id"] = chat, ["text"] = notification.Message, ["parse_mode"] = "Markdown" };
        var api = options.String("apiURL") is { Length: > 0 } a ? a.TrimEnd('/') : "https://api.telegram.org";
        using var request = ServiceHttp.PostJson($"{api}/bot{options.Required("token")}/sendMessage", body);
        await _http.SendCheckedAsync(request, answer => answer?["ok"] is JsonValue ok && !ok.GetValue<bool>() ? answer["description"]?.GetValue<string>() ?? "not ok" : null, cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}

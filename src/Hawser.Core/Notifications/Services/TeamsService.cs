using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hawser.Notifications.Services;

/// <summary>
/// Microsoft Teams (<c>service.teams: {recipientUrls: {CHANNEL: URL}}</c>): a message card posted to the incoming webhook
/// of the recipient channel. From the template: <c>teams.title</c>, <c>teams.summary</c>, <c>teams.themeColor</c>,
/// <c>teams.text</c> (else <c>message</c>), and as JSON texts <c>teams.facts</c>, <c>teams.sections</c> and
/// <c>teams.potentialAction</c>; <c>teams.template</c> (a whole card as JSON) replaces all of them.
/// </summary>
internal sealed class TeamsService(ServiceOptions options) : INotificationService
{
    private readonly ServiceHttp _http = new(options);

    public ServiceOptions Options => options;

    public async Task SendAsync(Notification notification, string recipient, CancellationToken cancellationToken)
    {
        if (options.Node("recipientUrls") is not JsonObject urls || urls[recipient] is not JsonValue u || !u.TryGetValue<string>(out var url))
            throw new DeliveryException($"{options.Key}: recipientUrls has no channel '{recipient}'", retryable: false);
        JsonNode card;
        if (notification.Text("teams.template") is { Length: > 0 } whole)
        {
            card = Json(notification, "template", whole);
        }
        else
        {
            var message = new JsonObject
            {
                ["@type"] = "MessageCard",
                ["@context"] = "https://schema.org/extensions",
                ["text"] = notification.Text("teams.text") is { Length: > 0 } text ? text : notification.Message,
            };
            foreach (var field in new[] { "title", "summary", "themeColor" })
            {
                if (notification.Text($"teams.{field}") is { Length: > 0 } value) message[field] = value;
            }
            var sections = notification.Text("teams.sections") is { Length: > 0 } s ? Json(notification, "sections", s) as JsonArray ?? [] : [];
            if (notification.Text("teams.facts") is { Length: > 0 } facts) sections.Add((JsonNode)new JsonObject { ["facts"] = Json(notification, "facts", facts) });
            if (sections.Count > 0) message["sections"] = sections;
            if (notification.Text("teams.potentialAction") is { Length: > 0 } actions) message["potentialAction"] = Json(notification, "potentialAction", actions);
            card = message;
        }
        using var request = ServiceHttp.PostJson(url, card);
        await _http.SendAsync(request, cancellationToken);
    }

    private JsonNode Json(Notification notification, string field, string text)
    {
        try
        {
            return JsonNode.Parse(text) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new DeliveryException($"{options.Key}: template {notification.Template}: teams.{field} is not JSON: {e.Message}", retryable: false);
        }
    }

    public void Dispose() => _http.Dispose();
}

using System.Text;
using System.Text.Json.Nodes;

namespace Hawser.Notifications.Services;

/// <summary>
/// Argo CD's generic <c>webhook</c> service (<c>service.webhook.NAME: {url, headers: [{name, value}], basicAuth:
/// {username, password}, insecureSkipVerify}</c>). A template sends through it with a <c>webhook.NAME</c> section:
/// <c>method</c> (default GET), <c>path</c> (appended to the URL) and <c>body</c>. A template without a section for this
/// webhook sends nothing to it. The recipient is not used.
/// </summary>
internal sealed class WebhookService(ServiceOptions options) : INotificationService
{
    private readonly ServiceHttp _http = new(options);

    public ServiceOptions Options => options;

    public async Task SendAsync(Notification notification, string recipient, CancellationToken cancellationToken)
    {
        if (notification.Node($"webhook.{options.Name}") is not JsonObject section) return;
        var method = notification.Text($"webhook.{options.Name}.method") is { Length: > 0 } m ? m.ToUpperInvariant() : "GET";
        var url = options.Required("url") + (notification.Text($"webhook.{options.Name}.path") ?? "");
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        var body = section["body"] is JsonValue b && b.TryGetValue<string>(out var text) ? text : null;
        string? contentType = null;
        if (options.Node("headers") is JsonArray headers)
        {
            foreach (var header in headers.OfType<JsonObject>())
            {
                var name = header["name"]?.GetValue<string>() ?? "";
                var value = header["value"]?.GetValue<string>() ?? "";
                if (name.Length == 0) continue;
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = value;
                else request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.Remove("Content-Type");
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType ?? "text/plain; charset=utf-8");
        }
        if (options.Node("basicAuth") is JsonObject basic)
            ServiceHttp.BasicAuth(request, basic["username"]?.GetValue<string>() ?? "", basic["password"]?.GetValue<string>() ?? "");
        await _http.SendAsync(request, cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}

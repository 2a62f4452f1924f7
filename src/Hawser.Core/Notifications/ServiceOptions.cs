using System.Text.Json.Nodes;
using Hawser.Settings;

namespace Hawser.Notifications;

/// <summary>
/// One service's configuration (<c>service.TYPE[.NAME]</c> of <c>argocd-notifications-cm</c>) with its <c>$key</c>
/// references resolved from <c>argocd-notifications-secret</c>. The values are kept out of <see cref="ToString"/>, and
/// <see cref="Redact"/> removes every resolved secret (and the service's URLs, which often carry a token) from text
/// before it reaches a log or an error.
/// </summary>
public sealed class ServiceOptions
{
    private readonly JsonObject _options;
    private readonly IReadOnlyList<string> _sensitive;

    internal ServiceOptions(string type, string name, string key, JsonObject options, IReadOnlyList<string> sensitive)
    {
        Type = type;
        Name = name;
        Key = key;
        _options = options;
        _sensitive = sensitive.SelectMany(Parts).Where(s => s.Length >= 4).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToList();
    }

    /// <summary>The service type: <c>webhook</c>, <c>slack</c>, <c>email</c>...</summary>
    public string Type { get; }

    /// <summary>The name destinations use: <c>NAME</c> of <c>service.TYPE.NAME</c>, or the type.</summary>
    public string Name { get; }

    /// <summary>The ConfigMap key, for messages.</summary>
    public string Key { get; }

    /// <summary>A string field, or null when absent.</summary>
    public string? String(string field) => _options[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s
        : _options[field] is JsonValue other ? other.ToJsonString() : null;

    /// <summary>A field as a node (a copy), or null.</summary>
    public JsonNode? Node(string field) => _options[field]?.DeepClone();

    /// <summary>A boolean field (YAML <c>true</c> or the text <c>"true"</c>).</summary>
    public bool Flag(string field) => _options[field] is JsonValue v &&
        ((v.TryGetValue<bool>(out var b) && b) || (v.TryGetValue<string>(out var s) && bool.TryParse(s, out var p) && p));

    /// <summary>A required string field; <see cref="NotificationException"/> naming the key and field when absent.</summary>
    public string Required(string field) => String(field) is { Length: > 0 } value ? value
        : throw new NotificationException($"{SettingsNames.NotificationsConfigMap}: {Key}: {field}: required");

    /// <summary><paramref name="text"/> with every secret of this service replaced by <c>***</c>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _sensitive) text = text.Replace(secret, "***", StringComparison.Ordinal);
        return text;
    }

    public override string ToString() => $"{Key} (type {Type})";

    // A URL's tokens travel alone too (a query value such as access_token, a long path segment such as a hook id).
    private static IEnumerable<string> Parts(string value)
    {
        yield return value;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)) yield break;
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0) yield return Uri.UnescapeDataString(pair[(equals + 1)..]);
        }
        foreach (var segment in uri.AbsolutePath.Split('/').Where(s => s.Length >= 16)) yield return segment;
        if (uri.UserInfo.Length > 0) yield return Uri.UnescapeDataString(uri.UserInfo.Split(':', 2)[^1]);
    }
}

using System.Text.Json.Nodes;

namespace Hawser.Notifications;

/// <summary>A rendered template: <c>message</c> and the service's own section, strings already executed.</summary>
/// <param name="Template">The template's name.</param>
/// <param name="Tree">The rendered tree.</param>
public sealed record Notification(string Template, JsonObject Tree)
{
    /// <summary>The rendered <c>message</c> (empty when the template has none).</summary>
    public string Message => Text("message") ?? "";

    /// <summary>A rendered string at a dotted path (<c>email.subject</c>), or null.</summary>
    public string? Text(string path) => Node(path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The rendered node at a dotted path, or null.</summary>
    public JsonNode? Node(string path)
    {
        JsonNode? node = Tree;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject map ? map[part] : null;
            if (node is null) return null;
        }
        return node;
    }
}

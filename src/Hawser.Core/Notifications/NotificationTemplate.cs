using System.Text.Json.Nodes;
using Hawser.Templates;

namespace Hawser.Notifications;

/// <summary>
/// A notification template (<c>template.NAME</c>): a YAML tree whose every string is a Go template. <c>message</c> is the
/// text every service sends; a service reads its own section (<c>email.subject</c>, <c>slack.attachments</c>,
/// <c>webhook.NAME.body</c>, <c>dingtalk.title</c>...). Compiled once; rendering runs only the parts a service needs.
/// </summary>
public sealed class NotificationTemplate
{
    private readonly JsonObject _tree;
    private readonly Dictionary<string, GoTemplate> _compiled;

    private NotificationTemplate(string name, JsonObject tree, Dictionary<string, GoTemplate> compiled)
    {
        Name = name;
        _tree = tree;
        _compiled = compiled;
    }

    /// <summary>The template's name.</summary>
    public string Name { get; }

    /// <summary>The top-level sections (<c>message</c>, <c>email</c>, <c>slack</c>...).</summary>
    public IEnumerable<string> Sections => _tree.Select(p => p.Key);

    /// <summary>Compiles every string of <paramref name="tree"/>; a syntax error is a <see cref="NotificationException"/>
    /// naming the template and the field.</summary>
    public static NotificationTemplate Compile(string name, JsonObject tree, GoTemplateOptions options)
    {
        var compiled = new Dictionary<string, GoTemplate>(StringComparer.Ordinal);
        var errors = new List<string>();
        Walk(tree, "", (path, text) =>
        {
            try
            {
                compiled[path] = GoTemplate.Parse($"{name}.{path}", text, options);
            }
            catch (TemplateException e)
            {
                errors.Add($"template.{name}: {path}: {e.Message}");
            }
        });
        if (errors.Count > 0) throw new NotificationException(string.Join("; ", errors));
        return new NotificationTemplate(name, tree, compiled);
    }

    /// <summary>
    /// Renders <c>message</c> and the sections named in <paramref name="sections"/> over <paramref name="data"/> into a new
    /// tree of the same shape (strings replaced by their output). An execution error is a <see cref="NotificationException"/>.
    /// </summary>
    public JsonObject Render(IReadOnlyDictionary<string, object?> data, IReadOnlyCollection<string> sections, CancellationToken cancellationToken)
    {
        var result = new JsonObject();
        foreach (var (key, node) in _tree)
        {
            if (key != "message" && key != "title" && !sections.Contains(key)) continue;
            result[key] = RenderNode(node, key, data, cancellationToken);
        }
        return result;
    }

    private JsonNode? RenderNode(JsonNode? node, string path, IReadOnlyDictionary<string, object?> data, CancellationToken cancellationToken)
    {
        switch (node)
        {
            case JsonObject map:
                var copy = new JsonObject();
                foreach (var (key, child) in map) copy[key] = RenderNode(child, path + "." + key, data, cancellationToken);
                return copy;
            case JsonArray list:
                var items = new JsonArray();
                for (var i = 0; i < list.Count; i++) items.Add(RenderNode(list[i], $"{path}[{i}]", data, cancellationToken));
                return items;
            case JsonValue value when _compiled.TryGetValue(path, out var template) && value.TryGetValue<string>(out _):
                try
                {
                    return JsonValue.Create(template.Execute(data, cancellationToken));
                }
                catch (TemplateException e)
                {
                    throw new NotificationException($"template.{Name}: {path}: {e.Message}", e);
                }
            default:
                return node?.DeepClone();
        }
    }

    private static void Walk(JsonNode? node, string path, Action<string, string> onString)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (key, child) in map) Walk(child, path.Length == 0 ? key : path + "." + key, onString);
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++) Walk(list[i], $"{path}[{i}]", onString);
                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                onString(path, text);
                break;
        }
    }
}

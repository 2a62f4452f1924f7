using System.Text.Json.Nodes;
using Hawser.Manifests;
using Hawser.Settings;
using Hawser.Templates;

namespace Hawser.Notifications;

/// <summary>
/// Reads <see cref="HawserSettings.Notifications"/> (<c>argocd-notifications-cm</c>) and
/// <see cref="HawserSettings.NotificationSecrets"/> as Argo CD's notifications engine does: <c>service.TYPE[.NAME]</c>,
/// <c>template.NAME</c>, <c>trigger.NAME</c>, <c>subscriptions</c>, <c>defaultTriggers[.SERVICE]</c> and <c>context</c>.
/// Every problem is reported at once (<see cref="SettingsException"/>), each naming the key and field; secret values never.
/// </summary>
public static class NotificationConfigReader
{
    private const string Cm = SettingsNames.NotificationsConfigMap;

    /// <summary>The service types Hawser delivers to.</summary>
    public static IReadOnlyList<string> ServiceTypes { get; } = ["webhook", "slack", "dingtalk", "wecom", "feishu", "lark", "teams", "telegram", "email"];

    /// <summary>Reads the settings' notification objects.</summary>
    public static NotificationConfig Read(HawserSettings settings, TimeProvider? time = null) =>
        Read(settings.Notifications, settings.NotificationSecrets, time ?? TimeProvider.System);

    /// <summary>Reads the ConfigMap's data and the Secret's values.</summary>
    public static NotificationConfig Read(IReadOnlyDictionary<string, string> data, IReadOnlyDictionary<string, SecretText> secrets, TimeProvider time)
    {
        var errors = new List<string>();
        var warnings = new List<SettingsWarning>();
        var templateOptions = new GoTemplateOptions { JsonNumbers = JsonNumbers.Int64ForIntegers, TimeProvider = time };
        var exprOptions = new ExprOptions { TimeProvider = time };
        var services = new SortedDictionary<string, ServiceOptions>(StringComparer.Ordinal);
        var templateTrees = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var triggerNodes = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var subscriptions = new List<GlobalSubscription>();
        var defaults = new List<string>();
        var defaultsByService = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var context = new SortedDictionary<string, string>(StringComparer.Ordinal);

        foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (key.StartsWith("service.", StringComparison.Ordinal))
            {
                ReadService(key, value, secrets, services, errors, warnings);
            }
            else if (key.StartsWith("template.", StringComparison.Ordinal))
            {
                if (Yaml(key, value, errors) is { } node)
                {
                    if (node is JsonObject tree) templateTrees[key["template.".Length..]] = tree;
                    else errors.Add($"{Cm}: {key}: must be a map (message, email, slack, webhook...)");
                }
            }
            else if (key.StartsWith("trigger.", StringComparison.Ordinal))
            {
                if (Yaml(key, value, errors) is { } node) triggerNodes[key["trigger.".Length..]] = node;
            }
            else if (key == "subscriptions")
            {
                ReadSubscriptions(key, value, subscriptions, errors);
            }
            else if (key == "defaultTriggers")
            {
                defaults.AddRange(Strings(key, Yaml(key, value, errors), errors));
            }
            else if (key.StartsWith("defaultTriggers.", StringComparison.Ordinal))
            {
                defaultsByService[key["defaultTriggers.".Length..]] = Strings(key, Yaml(key, value, errors), errors);
            }
            else if (key == "context")
            {
                if (Yaml(key, value, errors) is JsonObject map)
                {
                    foreach (var (name, v) in map) context[name] = v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "";
                }
                else errors.Add($"{Cm}: context: must be a map of names to values");
            }
            else
            {
                warnings.Add(new SettingsWarning($"ConfigMap/{Cm}", key, "not a notifications setting Hawser reads; ignored"));
            }
        }

        foreach (var (name, tree) in DefaultCatalog.Templates()) templateTrees.TryAdd(name, tree);
        foreach (var (name, node) in DefaultCatalog.Triggers()) triggerNodes.TryAdd(name, node);

        var templates = new Dictionary<string, NotificationTemplate>(StringComparer.Ordinal);
        foreach (var (name, tree) in templateTrees)
        {
            foreach (var section in tree.Select(p => p.Key))
            {
                if (section is not ("message" or "title") && !ServiceTypes.Contains(section))
                    warnings.Add(new SettingsWarning($"ConfigMap/{Cm}", $"template.{name}: {section}", "Hawser has no service of this type; the section is ignored"));
            }
            try
            {
                templates[name] = NotificationTemplate.Compile(name, tree, templateOptions);
            }
            catch (NotificationException e)
            {
                errors.Add($"{Cm}: {e.Message}");
            }
        }
        var triggers = new Dictionary<string, Trigger>(StringComparer.Ordinal);
        foreach (var (name, node) in triggerNodes)
        {
            if (ReadTrigger(name, node, exprOptions, templates, errors) is { } trigger) triggers[name] = trigger;
        }
        if (errors.Count > 0) throw new SettingsException(errors);
        return new NotificationConfig(services, templates, triggers, subscriptions, defaults, defaultsByService, context, warnings)
        {
            ReadsCommits = data.Values.Any(v => v.Contains("GetCommitMetadata", StringComparison.Ordinal)),
        };
    }

    private static void ReadService(string key, string value, IReadOnlyDictionary<string, SecretText> secrets,
        IDictionary<string, ServiceOptions> services, List<string> errors, List<SettingsWarning> warnings)
    {
        var rest = key["service.".Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        var (type, name) = dot < 0 ? (rest, rest) : (rest[..dot], rest[(dot + 1)..]);
        if (!ServiceTypes.Contains(type))
        {
            warnings.Add(new SettingsWarning($"ConfigMap/{Cm}", key, $"Hawser has no '{type}' service (it has {string.Join(", ", ServiceTypes)}); ignored"));
            return;
        }
        if (Yaml(key, value, errors) is not JsonObject options)
        {
            errors.Add($"{Cm}: {key}: must be a map of options");
            return;
        }
        var sensitive = new List<string>();
        var before = errors.Count;
        Resolve(options, key, "", secrets, sensitive, errors);
        if (errors.Count > before) return;
        if (services.ContainsKey(name))
        {
            errors.Add($"{Cm}: {key}: the service name '{name}' is defined twice");
            return;
        }
        services[name] = new ServiceOptions(type == "lark" ? "feishu" : type, name, key, options, sensitive);
    }

    // $key strings read argocd-notifications-secret; secrets and values that usually carry one (URLs with tokens,
    // passwords) are remembered so messages can redact them.
    private static void Resolve(JsonNode? node, string key, string path, IReadOnlyDictionary<string, SecretText> secrets, List<string> sensitive, List<string> errors)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (field, child) in map.ToList())
                {
                    var childPath = path.Length == 0 ? field : path + "." + field;
                    if (child is JsonValue v && v.TryGetValue<string>(out var text))
                    {
                        var resolved = text;
                        if (SecretReferences.IsReference(text))
                        {
                            var reference = text[1..];
                            if (secrets.TryGetValue(reference, out var secret))
                            {
                                resolved = secret.Reveal();
                                sensitive.Add(resolved);
                                map[field] = resolved;
                            }
                            else
                            {
                                errors.Add($"{Cm}: {key}: {childPath}: refers to key '{reference}' of {SettingsNames.NotificationsSecret}, which has no such key");
                            }
                        }
                        if (IsSensitiveName(field) || IsSensitiveName(path)) sensitive.Add(resolved);
                    }
                    else
                    {
                        Resolve(child, key, childPath, secrets, sensitive, errors);
                    }
                }
                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is JsonObject) Resolve(list[i], key, $"{path}[{i}]", secrets, sensitive, errors);
                }
                break;
        }
    }

    private static bool IsSensitiveName(string field)
    {
        var lower = field.ToLowerInvariant();
        return lower.Contains("url", StringComparison.Ordinal) || lower.Contains("token", StringComparison.Ordinal) || lower.Contains("secret", StringComparison.Ordinal)
            || lower.Contains("password", StringComparison.Ordinal) || lower == "value";
    }

    private static void ReadSubscriptions(string key, string value, List<GlobalSubscription> into, List<string> errors)
    {
        if (Yaml(key, value, errors) is not { } node) return;
        if (node is not JsonArray list)
        {
            errors.Add($"{Cm}: {key}: must be a list of subscriptions (recipients, triggers, selector)");
            return;
        }
        for (var i = 0; i < list.Count; i++)
        {
            var where = $"{key}[{i}]";
            if (list[i] is not JsonObject entry)
            {
                errors.Add($"{Cm}: {where}: must be a map");
                continue;
            }
            var recipients = Strings($"{where}.recipients", entry["recipients"], errors).Select(Destination.Parse).ToList();
            if (recipients.Count == 0) errors.Add($"{Cm}: {where}.recipients: required (SERVICE:RECIPIENT entries)");
            var triggers = Strings($"{where}.triggers", entry["triggers"], errors);
            LabelSelectorText? selector = null;
            if (entry["selector"] is JsonValue s && s.TryGetValue<string>(out var text) && text.Trim().Length > 0)
            {
                try
                {
                    selector = LabelSelectorText.Parse(text);
                }
                catch (FormatException e)
                {
                    errors.Add($"{Cm}: {where}.selector: {e.Message}");
                }
            }
            into.Add(new GlobalSubscription(recipients, triggers, selector));
        }
    }

    private static Trigger? ReadTrigger(string name, JsonNode node, ExprOptions options, IReadOnlyDictionary<string, NotificationTemplate> templates, List<string> errors)
    {
        var items = node switch
        {
            JsonArray list => list.ToList(),
            JsonObject single => [single],
            _ => null,
        };
        if (items is null)
        {
            errors.Add($"{Cm}: trigger.{name}: must be a list of conditions (when, send, oncePer, description)");
            return null;
        }
        var conditions = new List<TriggerCondition>();
        for (var i = 0; i < items.Count; i++)
        {
            var where = $"trigger.{name}[{i}]";
            if (items[i] is not JsonObject c)
            {
                errors.Add($"{Cm}: {where}: must be a map");
                continue;
            }
            var when = Text(c["when"]);
            if (when is null or { Length: 0 })
            {
                errors.Add($"{Cm}: {where}.when: required");
                continue;
            }
            var send = Strings($"{where}.send", c["send"], errors);
            if (send.Count == 0) errors.Add($"{Cm}: {where}.send: required (template names)");
            foreach (var template in send.Where(t => !templates.ContainsKey(t)))
                errors.Add($"{Cm}: {where}.send: template '{template}' is not defined (no template.{template})");
            try
            {
                var oncePer = Text(c["oncePer"]) is { Length: > 0 } once ? ExprProgram.Compile(once, options) : null;
                conditions.Add(new TriggerCondition(i, ExprProgram.Compile(when, options), send, oncePer, Text(c["description"]) ?? ""));
            }
            catch (ExprException e)
            {
                errors.Add($"{Cm}: {where}: {e.Message}");
            }
        }
        return new Trigger(name, conditions);
    }

    private static JsonNode? Yaml(string key, string value, List<string> errors)
    {
        try
        {
            return YamlDocuments.Parse(value, $"{Cm} key {key}").FirstOrDefault()?.Root;
        }
        catch (ManifestException e)
        {
            errors.Add($"{Cm}: {key}: {e.Message}");
            return null;
        }
    }

    private static IReadOnlyList<string> Strings(string where, JsonNode? node, List<string> errors)
    {
        switch (node)
        {
            case null:
                return [];
            case JsonArray list when list.All(n => n is JsonValue v && v.TryGetValue<string>(out _)):
                return list.Select(n => n!.GetValue<string>()).ToList();
            case JsonValue v when v.TryGetValue<string>(out var single):
                return [single];
            default:
                errors.Add($"{Cm}: {where}: must be a list of strings");
                return [];
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node is JsonValue other ? other.ToJsonString() : null;
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Settings;

/// <summary>
/// Turns a ConfigMap or Secret manifest (from a file or the API) into a <see cref="SettingsObject"/>. A Secret's <c>data</c>
/// is decoded from base64 and its <c>stringData</c> laid over it, as the API server does on write. Bad input is reported
/// by object and field; a secret value is never quoted.
/// </summary>
internal static class SettingsObjectReader
{
    /// <summary>Reads <paramref name="obj"/>, or returns null (with errors recorded) when it cannot be used.</summary>
    public static SettingsObject? Read(KubeObject obj, string origin, SettingsProblems problems)
    {
        var kind = obj.Kind == "Secret" ? SettingsObjectKind.Secret : SettingsObjectKind.ConfigMap;
        var display = $"{obj.Kind}/{(obj.Name.Length == 0 ? "(no name)" : obj.Name)} ({origin})";
        if (obj.Name.Length == 0)
        {
            problems.Error($"{display}: metadata.name: required");
            return null;
        }
        var errors = new List<string>();
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (kind == SettingsObjectKind.ConfigMap)
        {
            ReadStrings(obj.Body["data"], "data", data, errors, secret: false);
        }
        else
        {
            if (obj.Body["data"] is JsonObject encoded)
            {
                foreach (var (key, value) in encoded)
                {
                    if (value is not JsonValue v || !v.TryGetValue<string>(out var text))
                    {
                        if (value is not null) errors.Add($"data.{key}: must be a base64 string");
                        continue;
                    }
                    try
                    {
                        data[key] = Encoding.UTF8.GetString(Convert.FromBase64String(text.Trim()));
                    }
                    catch (FormatException)
                    {
                        errors.Add($"data.{key}: is not valid base64 (put plain text under stringData instead)");
                    }
                }
            }
            else if (obj.Body["data"] is { } other && other.GetValueKind() != JsonValueKind.Null)
            {
                errors.Add("data: must be a map of keys to base64 strings");
            }
            ReadStrings(obj.Body["stringData"], "stringData", data, errors, secret: true);
        }
        foreach (var error in errors) problems.Error($"{display}: {error}");
        return errors.Count > 0 ? null : new SettingsObject(kind, obj.Name, obj.Labels, obj.Annotations, data, origin);
    }

    private static void ReadStrings(JsonNode? node, string field, Dictionary<string, string> into, List<string> errors, bool secret)
    {
        if (node is null || node.GetValueKind() == JsonValueKind.Null) return;
        if (node is not JsonObject map)
        {
            errors.Add($"{field}: must be a map of keys to strings");
            return;
        }
        foreach (var (key, value) in map)
        {
            if (value is JsonValue v && v.TryGetValue<string>(out var text))
            {
                into[key] = text;
            }
            else if (value is not null)
            {
                // The API server rejects non-string values; quoting the value would leak a secret, so only the key is named.
                errors.Add(secret
                    ? $"{field}.{key}: must be a string (quote it)"
                    : $"{field}.{key}: must be a string (quote it, e.g. \"{Describe(value)}\")");
            }
        }
    }

    private static string Describe(JsonNode value) => value is JsonValue ? value.ToJsonString().Trim('"') : "...";
}

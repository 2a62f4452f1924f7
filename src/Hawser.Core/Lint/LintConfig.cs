using System.Text.Json.Nodes;
using Hawser.Manifests;

namespace Hawser.Lint;

/// <summary>
/// A repo's lint configuration, <c>.hawser-lint.yaml</c> at its root:
/// <code>
/// kubeVersion: "1.29"                  # the default of --kube-version
/// repoURLs: [https://git.example.com/acme/config.git]   # more URLs naming this repository
/// rules:
///   unpinned-revision: off             # off / on (the default severity) / error / warning / note
///   helmcharts-release-name: {enabled: true, severity: warning}
/// </code>
/// </summary>
/// <param name="Rules">Per rule id, whether it runs and at which severity.</param>
/// <param name="KubeVersion">The target Kubernetes version, or null.</param>
/// <param name="RepoUrls">URLs that name the repository, besides its Git remotes.</param>
public sealed record LintConfig(IReadOnlyDictionary<string, (bool Enabled, LintSeverity Severity)> Rules, KubeVersion? KubeVersion, IReadOnlyList<string> RepoUrls)
{
    /// <summary>The file name, at the repository root.</summary>
    public const string FileName = ".hawser-lint.yaml";

    /// <summary>Every rule at its default.</summary>
    public static LintConfig Default { get; } = new(LintRuleCatalog.All.ToDictionary(r => r.Id, r => (r.EnabledByDefault, r.Severity)), null, []);

    /// <summary>Whether a rule runs and at which severity.</summary>
    public (bool Enabled, LintSeverity Severity) For(string rule) => Rules[rule];

    /// <summary>Reads <see cref="FileName"/> in <paramref name="directory"/>, or the defaults when there is none.</summary>
    /// <exception cref="LintConfigException">The file is invalid; the message names the file and the field.</exception>
    public static async Task<LintConfig> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path)) return Default;
        var text = await UntrustedText.ReadFileAsync(path, FileName, ParseLimits.Default, cancellationToken);
        return Parse(text);
    }

    /// <summary>Parses the text of a <see cref="FileName"/>.</summary>
    /// <exception cref="LintConfigException">The text is invalid; the message names the field.</exception>
    public static LintConfig Parse(string text)
    {
        JsonNode? root;
        try
        {
            var documents = YamlDocuments.Parse(text, FileName);
            root = documents.Count == 0 ? null : documents[0].Root;
        }
        catch (ManifestException e)
        {
            throw new LintConfigException(e.Message);
        }
        if (root is null) return Default;
        if (root is not JsonObject map) throw new LintConfigException($"{FileName}: expected a mapping");
        var rules = Default.Rules.ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        KubeVersion? kube = null;
        var urls = new List<string>();
        foreach (var (key, value) in map)
        {
            switch (key)
            {
                case "rules":
                    if (value is not JsonObject ruleMap) throw new LintConfigException($"{FileName}: rules: expected a mapping of rule id to setting");
                    foreach (var (id, setting) in ruleMap)
                    {
                        if (!rules.TryGetValue(id, out var current))
                            throw new LintConfigException($"{FileName}: rules.{id}: no such rule (known: {string.Join(", ", LintRuleCatalog.All.Select(r => r.Id))})");
                        rules[id] = Setting(id, setting, current);
                    }
                    break;
                case "kubeVersion":
                    try { kube = Lint.KubeVersion.Parse(Text(value) ?? throw new FormatException("expected a version such as \"1.29\"")); }
                    catch (FormatException e) { throw new LintConfigException($"{FileName}: kubeVersion: {e.Message}"); }
                    break;
                case "repoURLs":
                    if (value is not JsonArray list || list.Any(u => Text(u) is not { Length: > 0 })) throw new LintConfigException($"{FileName}: repoURLs: expected a list of URLs");
                    urls.AddRange(list.Select(u => Text(u)!));
                    break;
                default:
                    throw new LintConfigException($"{FileName}: {key}: unknown field (expected rules, kubeVersion, repoURLs)");
            }
        }
        return new LintConfig(rules, kube, urls);
    }

    private static (bool, LintSeverity) Setting(string id, JsonNode? setting, (bool Enabled, LintSeverity Severity) current)
    {
        if (setting is JsonValue v && v.TryGetValue<bool>(out var on)) return (on, current.Severity);
        if (Text(setting) is { } word) return (true, Severity(id, word));
        if (setting is JsonObject o)
        {
            var enabled = true;
            var severity = current.Severity;
            foreach (var (key, value) in o)
            {
                if (key == "enabled" && value is JsonValue e && e.TryGetValue<bool>(out var b)) enabled = b;
                else if (key == "severity" && Text(value) is { } s) severity = Severity(id, s);
                else throw new LintConfigException($"{FileName}: rules.{id}.{key}: expected enabled: true|false or severity: error|warning|note");
            }
            return (enabled, severity);
        }
        throw new LintConfigException($"{FileName}: rules.{id}: expected off, on, error, warning, note or {{enabled, severity}}");
    }

    private static LintSeverity Severity(string id, string word) => word switch
    {
        "error" => LintSeverity.Error,
        "warning" => LintSeverity.Warning,
        "note" => LintSeverity.Note,
        _ => throw new LintConfigException($"{FileName}: rules.{id}: \"{word}\" is not a severity (error, warning, note)"),
    };

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>The lint configuration file is invalid; the message names the file and the field.</summary>
public sealed class LintConfigException(string message) : Exception(message);
